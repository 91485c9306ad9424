// SPDX-License-Identifier: GPL-2.0-or-later
#include "input/input_report.h"

#include <cstdio>

#include "report_lines.h"

namespace audisp_contid {

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

std::string input_state_lines(const InputSnapshot& input) {
  ReportLines lines;
  lines.add("config", input.config_file)
      .add("record_numbers", input.record_numbers)
      .add("eoe_timeout", seconds_text(input.eoe_timeout_seconds))
      .add("lines", input.lines)
      .add("records", input.records)
      .add("events", input.events)
      .add("events_routed", input.events_routed)
      .add("events_unrouted", input.events_unrouted)
      .add("open_events", input.open_events)
      .add("input_problems", input.input_problems)
      .add("reloads", input.reloads)
      .add("reloads_failed", input.reloads_failed)
      .add("kernel_container_ids", input.kernel_container_ids)
      .add("containers_known", input.containers_known)
      .add("failed_registrations", input.failed_registrations);
  std::string text = lines.text();
  if (!input.attribution.empty()) text += input.attribution + "\n";
  return text;
}

std::string input_summary_line(const InputSnapshot& input) {
  ReportLines words("=", " ");
  words.add("lines", input.lines)
      .add("records", input.records)
      .add("events", input.events)
      .add("routed", input.events_routed)
      .add("unrouted", input.events_unrouted)
      .add("input_problems", input.input_problems)
      .add("reloads", input.reloads);
  std::string line = "input: " + words.text();
  line.back() = '\n';  // the last word's separator
  if (!input.attribution.empty()) line += input.attribution + "\n";
  return line;
}

}  // namespace audisp_contid
