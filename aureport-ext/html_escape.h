// SPDX-License-Identifier: GPL-2.0-or-later
// Escaping for the html report: the one place that turns text into HTML or
// SVG content (the html sink's tables and titles, the SVG charts' labels).
#pragma once

#include <string>
#include <string_view>

namespace aureport_ext {

// `text` safe as HTML/SVG element content and as a double- or single-quoted
// attribute value: & < > " ' become entities; control characters (below
// 0x20) become '?'. Other bytes, UTF-8 included, are kept.
std::string html_escape(std::string_view text);

}  // namespace aureport_ext
