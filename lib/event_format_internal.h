// SPDX-License-Identifier: GPL-2.0-or-later
// The formatter factories of lib/event_format_*.cpp, for make_event_formatter
// (event_format.cpp). Not part of any module contract.
#pragma once

#include <memory>

#include "contid/event_format.h"

namespace contid::detail {

std::unique_ptr<EventFormatter> make_interpret_formatter();  // event_format_interpret.cpp
std::unique_ptr<EventFormatter> make_normalized_formatter(OutputFormat format);  // csv, text
std::unique_ptr<EventFormatter> make_json_formatter();  // event_format_json.cpp

}  // namespace contid::detail
