// SPDX-License-Identifier: GPL-2.0-or-later
// Container identifiers and the contid chain grammar written by the kernel.
//
// A container id is a u64; 2^64-1 (printed "-1" or "18446744073709551615")
// means "unset". A chain is one container and its ancestors, innermost first.
// Grammar (v9-v11): ID[,^PARENT[,^GRANDPARENT...]][,ID...] ; an item with a
// leading '^' is an ancestor of the last plain item. v8 wrote "4^2^1".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace contid {

using ContainerId = std::uint64_t;
inline constexpr ContainerId kUnsetContainerId = UINT64_MAX;

// One container with its ancestors: ids[0] is the innermost container.
struct ContainerChain {
  std::vector<ContainerId> ids;

  ContainerId innermost() const { return ids.front(); }
  bool contains(ContainerId id) const;
  bool operator==(const ContainerChain&) const = default;
};

// Parses one decimal u64 container id. "-1" and "18446744073709551615"
// yield kUnsetContainerId. Returns nullopt (and sets *error if given) for an
// empty value, a non-digit, or a value past 2^64-1.
std::optional<ContainerId> parse_container_id(std::string_view text, std::string* error = nullptr);

// Parses a contid= value into chains: "4,^2,^1", "2,^1,3,^1", "4^2^1" (v8),
// "123". An unset value ("-1") yields an empty vector. Returns false and sets
// *error (naming the offending item) on malformed input; *out is then empty.
bool parse_contid_list(std::string_view text, std::vector<ContainerChain>* out, std::string* error);

// Renders chains back in the v9-v11 grammar ("4,^2,^1"); "unset" if empty.
std::string format_contid_list(const std::vector<ContainerChain>& chains);

// Decimal text of an id, "unset" for the sentinel.
std::string format_container_id(ContainerId id);

}  // namespace contid
