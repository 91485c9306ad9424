// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/container_registry.h"

#include <algorithm>
#include <vector>

namespace audisp_contid {

ContainerInfo& ContainerRegistry::entry(contid::ContainerId id, std::int64_t when) {
  auto [it, inserted] = containers_.try_emplace(id);
  if (inserted) it->second.first_seen = when;
  it->second.last_seen = std::max(it->second.last_seen, when);
  return it->second;
}

void ContainerRegistry::observe(const contid::Event& event,
                                const contid::Attribution& attribution) {
  const std::int64_t when = event.key().seconds;
  for (const auto& op : attribution.operations) {
    if (op.contid == contid::kUnsetContainerId) continue;
    if (op.op == "set") {
      ContainerInfo& info = entry(op.contid, when);
      if (op.success.value_or(true)) {
        if (info.registrations > 0) {
          // A new life of a known id: forget the old one's history.
          info.first_seen = when;
          info.events = 0;
        }
        ++info.registrations;
        info.owner_pid = op.opid;
        info.parent.reset();
        if (!op.old_contid.empty()) info.parent = op.old_contid.front().innermost();
      } else {
        ++info.failed_registrations;
        ++failed_registrations_;
      }
    } else if (op.op == "drop") {
      ++entry(op.contid, when).drops;
    }
  }
  for (const auto id : attribution.all_ids()) {
    if (id == contid::kUnsetContainerId) continue;
    ++entry(id, when).events;
  }
  evict_if_needed();
}

void ContainerRegistry::evict_if_needed() {
  if (containers_.size() <= max_entries_) return;
  // Drop the least recently seen tenth in one pass.
  std::vector<std::pair<std::int64_t, contid::ContainerId>> by_age;
  by_age.reserve(containers_.size());
  for (const auto& [id, info] : containers_) by_age.emplace_back(info.last_seen, id);
  const std::size_t remove = containers_.size() - max_entries_ + max_entries_ / 10;
  std::nth_element(by_age.begin(), by_age.begin() + static_cast<std::ptrdiff_t>(remove - 1),
                   by_age.end());
  for (std::size_t i = 0; i < remove; ++i) containers_.erase(by_age[i].second);
  evicted_ += remove;
}

std::string ContainerRegistry::report() const {
  std::string out;
  for (const auto& [id, info] : containers_) {
    out += "container = " + std::to_string(id);
    out += " owner_pid=" + (info.owner_pid ? std::to_string(*info.owner_pid) : std::string("?"));
    out +=
        " parent=" + (info.parent ? contid::format_container_id(*info.parent) : std::string("-"));
    out += " first_seen=" + std::to_string(info.first_seen);
    out += " last_seen=" + std::to_string(info.last_seen);
    out += " events=" + std::to_string(info.events);
    out += " registrations=" + std::to_string(info.registrations);
    out += " failed_registrations=" + std::to_string(info.failed_registrations);
    out += " drops=" + std::to_string(info.drops) + "\n";
  }
  return out;
}

}  // namespace audisp_contid
