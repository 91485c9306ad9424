// SPDX-License-Identifier: GPL-2.0-or-later
// What the plugin knows about containers, from CONTAINER_OP records and the
// events that carry ids: owner pid, parent, first/last seen, event count,
// registrations and failed registrations. A new successful `op=set` of a
// known id starts a new life of that container (registrations + 1): ids
// may be reused and `op=drop` is not reliable (design.md). Bounded: when
// more than max_entries ids are known, the least recently seen goes.
// Used by the reader thread only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "contid/attribution.h"
#include "contid/event.h"

namespace audisp_contid {

struct ContainerInfo {
  std::optional<std::int64_t> owner_pid;      // opid of the last successful set
  std::optional<contid::ContainerId> parent;  // innermost old-contid of that set
  std::int64_t first_seen = 0;                // audit timestamp seconds
  std::int64_t last_seen = 0;
  std::uint64_t events = 0;  // events carrying the id (with nested ones)
  std::uint64_t registrations = 0;
  std::uint64_t failed_registrations = 0;
  std::uint64_t drops = 0;  // op=drop records seen
};

class ContainerRegistry {
 public:
  explicit ContainerRegistry(std::size_t max_entries = 100000) : max_entries_(max_entries) {}

  void observe(const contid::Event& event, const contid::Attribution& attribution);

  const std::map<contid::ContainerId, ContainerInfo>& containers() const { return containers_; }
  std::uint64_t failed_registrations() const { return failed_registrations_; }
  std::uint64_t evicted() const { return evicted_; }
  // One line per container for the state report.
  std::string report() const;

 private:
  ContainerInfo& entry(contid::ContainerId id, std::int64_t when);
  void evict_if_needed();

  std::size_t max_entries_;
  std::map<contid::ContainerId, ContainerInfo> containers_;
  std::uint64_t failed_registrations_ = 0;
  std::uint64_t evicted_ = 0;
};

}  // namespace audisp_contid
