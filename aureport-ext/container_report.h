// SPDX-License-Identifier: GPL-2.0-or-later
// The default report of aureport-ext: one row per container with its parent
// chain, first and last seen, and counts; a host row (events that carry no
// container) and a totals row (every event once).
//
// An event counts for every container id it carries (chains include
// ancestors, and CONTAINER_OP contid/old-contid count), which is exactly the
// set of events `ausearch-ext --contid ID` selects (the ids come from
// ContidSelector{any}.matching_ids); with --contid-exact only innermost ids
// count. Parents, first/last seen, events and failed registrations are the
// container ledger's (contid/container_ledger.h: kept over every life of a
// reused id), the same as audisp-contid's state report. The host row holds the events --contid
// unset selects. With --contid ID, rows are shown for the selected ids and containers nested in
// them (whose counts are then complete), not for their ancestors.
#pragma once

#include <memory>

#include "contid/attribution.h"
#include "contid/contid_selector.h"
#include "contid/event.h"
#include "event_facts.h"
#include "report_sink.h"
#include "value_format.h"

namespace aureport_ext {

struct ContainerReportOptions {
  contid::ContidSelector selector;                           // empty: every container
  bool charts = false;                                       // collect data for the html charts
  std::string title_prefix;                                  // "Failed " / "Success " / ""
  std::optional<std::int64_t> selected_start, selected_end;  // -ts / -te
};

class ContainerReport {
 public:
  explicit ContainerReport(ContainerReportOptions options);
  ~ContainerReport();

  // Notes the time of every event read, selected or not ("Range of time in
  // logs").
  void note_log_time(std::int64_t seconds, std::uint32_t milliseconds);
  // Adds one event already selected by time, container and outcome; `facts`
  // and `attribution` are the event's.
  void add(const contid::Event& event, const EventFacts& facts,
           const contid::Attribution& attribution);
  // Writes the summary lines, the container table and (if charts) charts.
  void write(ReportSink* sink) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace aureport_ext
