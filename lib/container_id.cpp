#include "contid/container_id.h"

#include <algorithm>
#include <charconv>

namespace contid {

bool ContainerChain::contains(ContainerId id) const {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

namespace {

// Parses a decimal u64 ("-1" = unset); on failure sets *reason.
std::optional<ContainerId> parse_id(std::string_view text, const char** reason) {
  if (text == "-1") return kUnsetContainerId;
  if (text.empty()) {
    *reason = "is empty, not a container id";
    return std::nullopt;
  }
  ContainerId value = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, value, 10);
  if (ec == std::errc::result_out_of_range) {
    *reason = "is out of range (container ids are at most 18446744073709551615)";
    return std::nullopt;
  }
  if (ec != std::errc() || ptr != end) {
    *reason = "is not a decimal container id";
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<ContainerId> parse_container_id(std::string_view text, std::string* error) {
  const char* reason = "";
  auto id = parse_id(text, &reason);
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
    if (error) *error = "contid list '" + std::string(text) + "': item '" + std::string(item) + "' " + why;
    return false;
  };
  // Items separated by ','; within an item, v8 separates ancestors with '^'.
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) comma = text.size();
    std::string_view item = text.substr(pos, comma - pos);
    if (item.empty()) return fail(item, "is empty");
    bool ancestor = item.front() == '^';
    if (ancestor) {
      item.remove_prefix(1);
      if (out->empty()) return fail(text.substr(pos, comma - pos), "is an ancestor ('^') with no container before it");
    }
    // v8 form: 4^2^1 inside one item.
    std::size_t part_pos = 0;
    bool first_part = true;
    while (part_pos <= item.size()) {
      std::size_t caret = item.find('^', part_pos);
      if (caret == std::string_view::npos) caret = item.size();
      std::string_view part = item.substr(part_pos, caret - part_pos);
      const char* reason = "";
      auto id = parse_id(part, &reason);
      if (!id) return fail(part, reason);
      if (*id == kUnsetContainerId) return fail(part, "is the unset id inside a list");
      if (first_part && !ancestor) {
        out->push_back(ContainerChain{{*id}});
      } else {
        out->back().ids.push_back(*id);
      }
      first_part = false;
      part_pos = caret + 1;
    }
    pos = comma + 1;
  }
  return true;
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
