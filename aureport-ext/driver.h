// SPDX-License-Identifier: GPL-2.0-or-later
// Runs one aureport-ext report: reads the inputs the options name through
// the shared pipeline (EventReader -> attribute -> ContidSelector), selects
// events by time, container and outcome, and feeds the report to a sink.
#pragma once

#include <string>

#include "contid/diagnostics.h"
#include "options.h"
#include "report_sink.h"

namespace aureport_ext {

struct RunResult {
  int exit_code = 0;  // 0 ok; 1 nothing found for a detailed report or input error
  std::uint64_t events_read = 0;
  std::uint64_t events_selected = 0;
  std::string error;                    // set when an input could not be read
  bool container_records_seen = false;  // any event read held a container record
  std::string lost_registrations;       // describe_lost_registrations(); empty: none lost
};

RunResult run_report(const ReportOptions& options, ReportSink* sink,
                     contid::Diagnostics* diagnostics);

}  // namespace aureport_ext
