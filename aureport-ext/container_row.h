// SPDX-License-Identifier: GPL-2.0-or-later
// One row of the container report while it is being counted: what
// ContainerReport keeps per container (and for the host and totals rows),
// and what the html charts of the report are drawn from. A container's
// lifecycle columns (first/last seen, events, failed registrations) and its
// parents are the container ledger's (contid/container_ledger.h), shared
// with audisp-contid's state report.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "contid/container_id.h"
#include "contid/container_ledger.h"
#include "event_facts.h"
#include "time_histogram.h"

namespace aureport_ext {

// An event's time, ordered.
using Instant = contid::EventTime;

struct ContainerRow {
  // For a container, its ledger entry's (take_ledger_columns); the host and
  // total rows count their own (add).
  Instant first, last;  // valid once events > 0
  std::uint64_t events = 0, failed_registrations = 0;
  std::uint64_t failed_syscalls = 0, execs = 0, connects = 0, avc_denials = 0;
  std::unordered_map<std::string, std::uint64_t> exes;  // exe -> events
  std::unordered_set<int> auids, uids;
  std::unordered_set<std::string> files_written;
  TimeHistogram over_time;  // filled only when `charts`

  // Counts one event in every column but failed_registrations (the host and
  // total rows).
  void add(const EventFacts& f, bool charts) {
    Instant t{f.seconds, f.milliseconds};
    if (events == 0 || t < first) first = t;
    if (events == 0 || last < t) last = t;
    ++events;
    add_measures(f, charts);
  }
  // Counts one event in the columns the ledger does not keep.
  void add_measures(const EventFacts& f, bool charts) {
    if (f.failed_syscall) ++failed_syscalls;
    if (f.exec) ++execs;
    if (f.connect) ++connects;
    if (f.avc_denied) ++avc_denials;
    if (f.exe) ++exes[*f.exe];
    if (f.auid) auids.insert(*f.auid);
    if (f.uid) uids.insert(*f.uid);
    for (std::string& file : f.written_files()) files_written.insert(std::move(file));
    if (charts) over_time.add(Instant{f.seconds, f.milliseconds}.to_ms());
  }
  // The columns a container's row takes from its ledger entry.
  void take_ledger_columns(const contid::ContainerEntry& entry) {
    first = entry.first_seen;
    last = entry.last_seen;
    events = entry.events;
    failed_registrations = entry.failed_registrations;
  }
};

}  // namespace aureport_ext
