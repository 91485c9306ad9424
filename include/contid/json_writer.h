// SPDX-License-Identifier: GPL-2.0-or-later
// Writing JSON text by hand, for the outputs that stream it (ausearch-ext
// --format json, audisp-contid's json routes, aureport-ext's JSON sink).
#pragma once

#include <string>
#include <string_view>

namespace contid {

// Appends `text` as a JSON string literal (quotes included): '"' and '\\'
// escaped, \n and \t as such, other control bytes and DEL as \u00XX; valid
// UTF-8 sequences as they are, every byte of an invalid one as \u00XX (so
// the output is valid UTF-8 whatever the input).
void append_json_string(std::string_view text, std::string* out);

}  // namespace contid
