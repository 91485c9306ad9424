// SPDX-License-Identifier: GPL-2.0-or-later
// One row of the container report while it is being counted: what
// ContainerReport keeps per container (and for the host and totals rows),
// and what the html charts of the report are drawn from.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "contid/container_id.h"
#include "event_facts.h"
#include "time_histogram.h"

namespace aureport_ext {

// An event's time, ordered.
struct Instant {
  std::int64_t seconds = 0;
  std::uint32_t milliseconds = 0;
  bool operator<(const Instant& o) const {
    return seconds != o.seconds ? seconds < o.seconds : milliseconds < o.milliseconds;
  }
  std::int64_t to_ms() const { return seconds * 1000 + milliseconds; }
};

struct ContainerRow {
  std::vector<contid::ContainerId> parents;  // nearest first
  Instant first, last;                       // valid once events > 0
  std::uint64_t events = 0, failed_syscalls = 0, execs = 0, connects = 0;
  std::uint64_t avc_denials = 0, failed_registrations = 0;
  std::unordered_map<std::string, std::uint64_t> exes;  // exe -> events
  std::unordered_set<int> auids, uids;
  std::unordered_set<std::string> files_written;
  TimeHistogram over_time;  // filled only when `charts`

  // Counts one event.
  void add(const EventFacts& f, bool charts) {
    Instant t{f.seconds, f.milliseconds};
    if (events == 0 || t < first) first = t;
    if (events == 0 || last < t) last = t;
    ++events;
    if (f.failed_syscall) ++failed_syscalls;
    if (f.exec) ++execs;
    if (f.connect) ++connects;
    if (f.avc_denied) ++avc_denials;
    if (f.exe) ++exes[*f.exe];
    if (f.auid) auids.insert(*f.auid);
    if (f.uid) uids.insert(*f.uid);
    for (std::string& file : f.written_files()) files_written.insert(std::move(file));
    if (charts) over_time.add(t.to_ms());
  }
};

}  // namespace aureport_ext
