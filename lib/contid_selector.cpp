// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/contid_selector.h"

#include <algorithm>

#include "text.h"

namespace contid {

namespace {

bool chain_matches(const ContainerChain& chain, ContainerId id, bool exact) {
  return exact ? chain.innermost() == id : chain.contains(id);
}

// True when the part of the event that `scope` looks at names a container.
bool has_container_in_scope(const Attribution& a, ContidScope scope) {
  return scope == ContidScope::kSubject ? a.subject.has_value() : a.has_container();
}

// True when `id` is carried by the event (exact: as an innermost id).
bool carries(const Attribution& a, ContainerId id, bool exact, ContidScope scope) {
  if (a.subject && chain_matches(*a.subject, id, exact)) return true;
  if (scope == ContidScope::kSubject) return false;
  for (const auto& t : a.targets)
    if (chain_matches(t.chain, id, exact)) return true;
  for (const auto& c : a.netns)
    if (chain_matches(c, id, exact)) return true;
  for (const auto& op : a.operations) {
    if (op.contid == id) return true;
    // The previous chain names where the task came from: nested mode only.
    if (!exact)
      for (const auto& c : op.old_contid)
        if (c.contains(id)) return true;
  }
  return false;
}

}  // namespace

bool ContidSelector::matches(const Attribution& attribution) const {
  const bool has = has_container_in_scope(attribution, scope);
  if (unset && !has) return true;
  if (any && has) return true;
  if (!has) return false;
  for (ContainerId id : ids)
    if (carries(attribution, id, exact, scope)) return true;
  return false;
}

std::vector<ContainerId> ContidSelector::matching_ids(const Attribution& attribution) const {
  std::vector<ContainerId> out;
  if (!has_container_in_scope(attribution, scope)) return out;
  if (any && scope == ContidScope::kSubject) {
    const ContainerChain& chain = *attribution.subject;
    if (exact) return {chain.innermost()};
    out = chain.ids;
    std::sort(out.begin(), out.end());
    return out;
  }
  if (any) return exact ? attribution.innermost_ids() : attribution.all_ids();
  for (ContainerId id : ids)
    if (carries(attribution, id, exact, scope)) out.push_back(id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool ContidSelector::may_match_record(const Record& record) const {
  const ContainerRecordKind kind = record.container_kind;
  if (kind != ContainerRecordKind::kContainerId && kind != ContainerRecordKind::kContainerOp)
    return false;
  if (any) return true;
  auto names_an_id = [&](std::string_view field) {
    auto value = record.field(field);
    if (!value) return false;
    std::vector<ContainerChain> chains;
    std::string error;
    if (auto single = parse_container_id(*value))
      return std::find(ids.begin(), ids.end(), *single) != ids.end();
    if (!parse_contid_list(*value, &chains, &error)) return false;
    for (const auto& chain : chains)
      for (ContainerId id : chain.ids)
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) return true;
    return false;
  };
  return names_an_id("contid") ||
         (kind == ContainerRecordKind::kContainerOp && names_an_id("old-contid"));
}

bool add_contid_selector_items(std::string_view value, ContidSelector* selector,
                               std::string* error) {
  if (value.empty()) {
    *error = "--contid: empty value (expected a container id, 'unset', 'host' or 'any')";
    return false;
  }
  return for_each_item(value, ',', [&](std::string_view item) {
    item = trim_blanks(item);
    if (item == "unset" || item == "host") {
      selector->unset = true;
    } else if (item == "any") {
      selector->any = true;
    } else {
      std::string why;
      auto id = parse_container_id(item, &why);
      if (!id || *id == kUnsetContainerId) {
        *error = "--contid: '" + std::string(item) +
                 "' is not a container id (a decimal u64 below 2^64-1, 'unset', 'host' or 'any')";
        if (!id) *error += ": " + why;
        return false;
      }
      selector->ids.push_back(*id);
    }
    return true;
  });
}

}  // namespace contid
