// SPDX-License-Identifier: GPL-2.0-or-later
// The container ledger (see container_ledger.h for the rules).
#include "contid/container_ledger.h"

#include <algorithm>

#include "contid/contid_selector.h"

namespace contid {

const ContainerEntry* ContainerLedger::find(ContainerId id) const {
  auto it = containers_.find(id);
  return it == containers_.end() ? nullptr : &it->second;
}

ContainerEntry& ContainerLedger::entry(ContainerId id, EventTime when) {
  auto [it, inserted] = containers_.try_emplace(id);
  if (inserted) it->second.first_seen = it->second.last_seen = it->second.life_started = when;
  return it->second;
}

std::vector<ContainerId> ContainerLedger::observe(const Event& event,
                                                  const Attribution& attribution) {
  const EventTime when = EventTime::of(event);
  // Registrations first: a set's own event is the first of the life it starts.
  for (const ContainerOperation& op : attribution.operations) {
    const bool unset = op.contid == kUnsetContainerId;
    if (op.op == "set" && op.success == false) {
      ++failed_registrations_;
      if (!unset) ++entry(op.contid, when).failed_registrations;
    } else if (op.op == "set" && !unset) {
      ContainerEntry& e = entry(op.contid, when);
      ++e.registrations;
      e.owner_pid = op.opid;
      e.parents = op.old_contid.empty() ? std::vector<ContainerId>{} : op.old_contid.front().ids;
      e.parents_known = true;
      e.life_started = when;
      e.life_events = 0;
    } else if (op.op == "drop") {
      // The kernel writes "op=drop contid=-1 old-contid=CHAIN": the chain's
      // innermost id is the container dropped.
      const ContainerId dropped = !unset                  ? op.contid
                                  : op.old_contid.empty() ? kUnsetContainerId
                                                          : op.old_contid.front().innermost();
      if (dropped != kUnsetContainerId) ++entry(dropped, when).drops;
    }
  }

  // The ids `--contid any` (exact or not) attributes the event to.
  ContidSelector every;
  every.any = true;
  every.exact = options_.innermost_only;
  std::vector<ContainerId> ids = every.matching_ids(attribution);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  ids.erase(std::remove(ids.begin(), ids.end(), kUnsetContainerId), ids.end());
  for (ContainerId id : ids) {
    ContainerEntry& e = entry(id, when);
    if (e.events == 0 || when < e.first_seen) e.first_seen = when;
    if (e.events == 0 || e.last_seen < when) e.last_seen = when;
    ++e.events;
    ++e.life_events;
  }

  if (attribution.subject) learn_parents(*attribution.subject);
  for (const TargetContainer& target : attribution.targets) learn_parents(target.chain);
  for (const ContainerChain& chain : attribution.netns) learn_parents(chain);
  evict_if_needed();
  return ids;
}

void ContainerLedger::learn_parents(const ContainerChain& chain) {
  for (std::size_t i = 0; i < chain.ids.size(); ++i) {
    auto it = containers_.find(chain.ids[i]);
    if (it == containers_.end() || it->second.parents_known) continue;
    it->second.parents.assign(chain.ids.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                              chain.ids.end());
    it->second.parents_known = true;
  }
}

void ContainerLedger::evict_if_needed() {
  if (options_.max_entries == 0 || containers_.size() <= options_.max_entries) return;
  // Forget the least recently seen tenth in one pass.
  std::vector<std::pair<EventTime, ContainerId>> by_age;
  by_age.reserve(containers_.size());
  for (const auto& [id, e] : containers_) by_age.emplace_back(e.last_seen, id);
  const std::size_t remove = containers_.size() - options_.max_entries + options_.max_entries / 10;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(remove - 1),
                   by_age.end());
  for (std::size_t i = 0; i < remove; ++i) containers_.erase(by_age[i].second);
  evicted_ += remove;
}

}  // namespace contid
