// SPDX-License-Identifier: GPL-2.0-or-later
// aureport's report kinds (-x -f -u -s -k -p -e -a), in their detailed form
// (one row per event, ending with its serial) or with --summary (a ranked
// "total  item" table). Rows, titles, rules and conditions follow aureport
// 3.0.9 (src/aureport-output.c, aureport-scan.c).
#pragma once

#include <memory>

#include "event_facts.h"
#include "outcome_filter.h"
#include "report_sink.h"
#include "value_format.h"

namespace aureport_ext {

enum class ReportKind { kExecutable, kFile, kUser, kSyscall, kKey, kPid, kEvent, kAvc };

class KindReport {
 public:
  KindReport(ReportKind kind, bool summary, OutcomeFilter filter, ValueFormatter formatter,
             ReportSink* sink);
  ~KindReport();

  void begin();
  // Adds one event already selected by time, container and outcome.
  void add(const EventFacts& facts);
  void end();
  // Rows written (detailed) or distinct items counted (summary).
  std::uint64_t items() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace aureport_ext
