// SPDX-License-Identifier: GPL-2.0-or-later
// The SIGUSR1 state report (as audisp-remote's remote.state): "key = value"
// lines, a section per route (queue depth, loss counters, sink state) and
// one line per known container. Written to a temporary file and renamed,
// so readers never see half a report.
#pragma once

#include <string>

#include "contid/container_ledger.h"

namespace audisp_contid {

struct StateReportParts {
  std::string totals;       // the plugin's own counters, "key = value" lines
  std::string routes;       // Router::report()
  std::string containers;   // container_state_lines()
  std::string diagnostics;  // Diagnostics::summary()
};

// One line per container the ledger knows: "container = ID owner_pid=PID
// parent=NEAREST first_seen=S last_seen=S events=N life_started=S
// life_events=N registrations=N failed_registrations=N drops=N" (times in
// audit seconds; "?" and "-" when unknown).
std::string container_state_lines(const contid::ContainerLedger& ledger);

std::string format_state_report(const StateReportParts& parts);
// Writes `text` to `path` (mode 0640, directory created 0750). False with
// *error naming the path on failure.
bool write_state_file(const std::string& path, const std::string& text, std::string* error);

}  // namespace audisp_contid
