// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/container_id.h"

#include <algorithm>

#include "text.h"

namespace contid {

bool ContainerChain::contains(ContainerId id) const {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

namespace {

// A decimal u64 ("-1" = unset); on failure sets *reason.
std::optional<ContainerId> container_id_or_reason(std::string_view text, const char** reason) {
  if (text == "-1") return kUnsetContainerId;
  if (text.empty()) {
    *reason = "is empty, not a container id";
    return std::nullopt;
  }
  if (auto value = parse_integer<ContainerId>(text)) return value;
  // Leading digits that do not fit are out of range, whatever follows them.
  const std::string_view digits = text.substr(0, text.find_first_not_of("0123456789"));
  *reason = !digits.empty() && !parse_integer<ContainerId>(digits)
                ? "is out of range (container ids are at most 18446744073709551615)"
                : "is not a decimal container id";
  return std::nullopt;
}

}  // namespace

std::optional<ContainerId> parse_container_id(std::string_view text, std::string* error) {
  const char* reason = "";
  auto id = container_id_or_reason(text, &reason);
  if (!id && error) *error = "'" + std::string(text) + "' " + reason;
  return id;
}

bool parse_contid_list(std::string_view text, std::vector<ContainerChain>* out,
                       std::string* error) {
  out->clear();
  if (text == "-1" || text == "unset" || text == "18446744073709551615") return true;
  if (text.empty()) {
    if (error) *error = "empty contid list";
    return false;
  }
  auto fail = [&](std::string_view item, const std::string& why) {
    out->clear();
    if (error)
      *error = "contid list '" + std::string(text) + "': item '" + std::string(item) + "' " + why;
    return false;
  };
  // Items separated by ','; within an item, v8 separates ancestors with '^'.
  return for_each_item(text, ',', [&](std::string_view item) {
    if (item.empty()) return fail(item, "is empty");
    const bool ancestor = item.front() == '^';
    if (ancestor && out->empty())
      return fail(item, "is an ancestor ('^') with no container before it");
    bool first_part = true;
    // v8 form: 4^2^1 inside one item.
    return for_each_item(item.substr(ancestor ? 1 : 0), '^', [&](std::string_view part) {
      const char* reason = "";
      auto id = container_id_or_reason(part, &reason);
      if (!id) return fail(part, reason);
      if (*id == kUnsetContainerId) return fail(part, "is the unset id inside a list");
      if (first_part && !ancestor) {
        out->push_back(ContainerChain{{*id}});
      } else {
        out->back().ids.push_back(*id);
      }
      first_part = false;
      return true;
    });
  });
}

std::string format_container_id(ContainerId id) {
  if (id == kUnsetContainerId) return "unset";
  return std::to_string(id);
}

std::string format_contid_list(const std::vector<ContainerChain>& chains) {
  if (chains.empty()) return "unset";
  std::string out;
  for (const auto& chain : chains) {
    for (std::size_t i = 0; i < chain.ids.size(); ++i) {
      if (!out.empty()) out += ',';
      if (i > 0) out += '^';
      out += std::to_string(chain.ids[i]);
    }
  }
  return out;
}

}  // namespace contid
