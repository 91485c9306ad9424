// SPDX-License-Identifier: GPL-2.0-or-later
// The cgroup method of attribution on kernels without container ids: the
// container of an event's pid, from PROC/PID/cgroup (contid::
// classify_proc_cgroup), read as the plugin sees the event.
//
// Contract:
// - the subject pid is the SYSCALL record's pid= (else the first pid= of the
//   event); the parent is that record's ppid=;
// - a process counts only if it started no later than the event (start time
//   from PROC/PID/stat and PROC/stat btime, whole seconds): a pid reused by a
//   later process is never given the old process's events;
// - when the pid is gone or reused, the parent's cgroup is used if the parent
//   passes the same check and is in a container (cgroup-via-parent); a parent
//   on the host gives nothing: the event is unattributed (none), never the host's;
// - a monitor's cgroup (conmon, lxc.monitor) is the host's;
// - lookups are cached per process (pid + start time) for at most
//   refresh_ms, so a process moved into a container is seen there soon after;
//   at most max_entries processes are cached (the cache is cleared when full).
// Reads of /proc do not block on anything but the kernel. One thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "contid/attribution.h"
#include "contid/cgroup_container.h"
#include "contid/event.h"

namespace audisp_contid {

struct CgroupCounters {
  std::uint64_t lookups = 0;     // events looked up
  std::uint64_t cache_hits = 0;  // of which answered from the cache
  std::uint64_t container = 0;   // attributed to a container by the pid's cgroup
  std::uint64_t via_parent = 0;  // ... by the parent's
  std::uint64_t host = 0;        // cgroup names no container (monitors included)
  std::uint64_t monitor = 0;     // of which a runtime's monitor
  std::uint64_t no_pid = 0;      // unattributed: the event names no pid
  std::uint64_t gone = 0;        // unattributed: the process (and parent) had exited
  std::uint64_t reused = 0;      // unattributed: the pid belongs to a later process
};

class CgroupAttributor {
 public:
  explicit CgroupAttributor(std::string proc_root = "/proc", std::size_t max_entries = 65536,
                            std::chrono::milliseconds refresh = std::chrono::milliseconds(1000));

  // The cgroup method's answer for one event (method kCgroup,
  // kCgroupViaParent or kNone).
  contid::AttributionOrigin attribute(const contid::Event& event);

  const CgroupCounters& counters() const { return counters_; }
  // "cgroup_lookups=N cache_hits=N cgroup_container=N ..." for the state report.
  std::string report() const;

 private:
  struct Process {
    std::uint64_t start_ticks = 0;
    contid::CgroupVerdict verdict;
    std::chrono::steady_clock::time_point read_at;
  };
  enum class Found { kYes, kGone, kReused };
  // The cgroup verdict of `pid` as of `event_seconds`.
  Found find(std::int64_t pid, std::int64_t event_seconds, const contid::CgroupVerdict** verdict);
  std::optional<std::uint64_t> start_ticks(std::int64_t pid) const;
  std::int64_t boot_time() const;

  std::string proc_root_;
  std::size_t max_entries_;
  std::chrono::milliseconds refresh_;
  long ticks_per_second_;
  mutable std::optional<std::int64_t> boot_time_;
  std::unordered_map<std::int64_t, Process> processes_;
  CgroupCounters counters_;
};

}  // namespace audisp_contid
