// SPDX-License-Identifier: GPL-2.0-or-later
// Small text helpers of lib/ (not part of any module contract). The field
// value rules every program shares are in contid/field_text.h.
#pragma once

#include <string_view>

#include "contid/field_text.h"

namespace contid {

// `text` without leading and trailing blanks (spaces and tabs).
std::string_view trim_blanks(std::string_view text);

// Calls visit(item) for each `separator`-separated item of `text`, in order,
// empty items included ("" has one empty item, "a," two). Stops and returns
// false as soon as visit returns false; true otherwise.
template <typename Visit>
bool for_each_item(std::string_view text, char separator, Visit&& visit) {
  std::size_t pos = 0;
  while (true) {
    std::size_t end = text.find(separator, pos);
    if (end == std::string_view::npos) end = text.size();
    if (!visit(text.substr(pos, end - pos))) return false;
    if (end == text.size()) return true;
    pos = end + 1;
  }
}

}  // namespace contid
