// SPDX-License-Identifier: GPL-2.0-or-later
// The input thread's part of the state report and of the exit summary:
// text only, from a snapshot of its counters.
#pragma once

#include <cstdint>
#include <string>

namespace audisp_contid {

struct InputSnapshot {
  std::string config_file;
  std::string record_numbers;  // as configured
  double eoe_timeout_seconds = 0;
  std::string kernel_container_ids;  // "yes" or "no: WHY"
  std::uint64_t lines = 0;
  std::uint64_t records = 0;
  std::uint64_t events = 0;
  std::uint64_t events_routed = 0;
  std::uint64_t events_unrouted = 0;
  std::uint64_t open_events = 0;
  std::uint64_t input_problems = 0;
  std::uint64_t reloads = 0;
  std::uint64_t reloads_failed = 0;
  std::uint64_t containers_known = 0;
  std::uint64_t failed_registrations = 0;
  // Router::attribution_report(): "attribution = MODE kernel=N ...".
  std::string attribution;
};

// eoe_timeout as the report and the log print it ("%g").
std::string seconds_text(double seconds);
// The "key = value" lines at the top of the state report.
std::string input_state_lines(const InputSnapshot& input);
// The exit summary's first line: "input: lines=N records=N ... reloads=N\n".
std::string input_summary_line(const InputSnapshot& input);

}  // namespace audisp_contid
