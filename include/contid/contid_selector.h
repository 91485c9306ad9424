// SPDX-License-Identifier: GPL-2.0-or-later
// Which events a --contid option (or a route's contid = key) selects.
//
// An id matches an event when it is carried anywhere in it: the subject's
// chain, a target's chain, a netns list, or a CONTAINER_OP's contid /
// old-contid. Chains include ancestors, so an outer id also selects its
// nested containers' events; exact mode looks at innermost ids only (the
// subject's, targets', netns items' and an operation's new contid; not
// old-contid).
// "unset"/"host" selects events that carry no container at all; "any"
// selects every event that carries one.
//
// Subject scope (ContidScope::kSubject) looks at the acting task's chain
// only: an event is a container's when the task that did it is in the
// container (or, unless exact, in one nested in it). Targets (OBJ_PID),
// netns lists (NETFILTER_PKT) and CONTAINER_OP records do not make an event
// a container's then, so a neighbour that signals a container's task, or
// the orchestrator that registers it, stays out of that container's events;
// "unset" then means "the acting task is on the host" (or the event has no
// acting task, as NETFILTER_PKT).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "contid/attribution.h"
#include "contid/container_id.h"
#include "contid/record.h"

namespace contid {

enum class ContidScope {
  kAnywhere,  // the id is carried anywhere in the event (the default)
  kSubject,   // the acting task carries the id
};

struct ContidSelector {
  std::vector<ContainerId> ids;
  bool unset = false;  // events without any container
  bool any = false;    // events with any container
  bool exact = false;  // innermost ids only (no nesting)
  ContidScope scope = ContidScope::kAnywhere;

  bool empty() const { return ids.empty() && !unset && !any; }
  bool matches(const Attribution& attribution) const;
  // True when `record` is a container record that names one of the ids (or
  // any container, for `any`): a cheap superset test of matches() for
  // pre-filtering. Never true for `unset` (events without containers cannot
  // be found by their container records).
  bool may_match_record(const Record& record) const;
  // The selector's ids that this event carries (for per-id routing); empty
  // for unset matches. For `any`, every id the event carries (innermost ids
  // only in exact mode).
  std::vector<ContainerId> matching_ids(const Attribution& attribution) const;
};

// Adds the items of one option value ("5", "5,7", "unset", "host", "any";
// items are separated by commas, blanks around items are ignored) to
// *selector. False with *error naming the bad item ("--contid: 'x' is not a
// container id (a decimal u64, 'unset' or 'host')").
bool add_contid_selector_items(std::string_view value, ContidSelector* selector,
                               std::string* error);

}  // namespace contid
