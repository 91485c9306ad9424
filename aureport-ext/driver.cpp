// SPDX-License-Identifier: GPL-2.0-or-later
// The aureport-ext pipeline (see driver.h).
#include "driver.h"

#include <unistd.h>

#include <functional>

#include "container_report.h"
#include "contid/event_reader.h"
#include "contid/search_criteria.h"
#include "event_facts.h"
#include "inputs.h"
#include "kind_report.h"
#include "outcome_filter.h"

namespace aureport_ext {
namespace {}  // namespace

RunResult run_report(const ReportOptions& options, ReportSink* sink,
                     contid::Diagnostics* diagnostics) {
  RunResult result;
  const contid_cli::SharedOptions& common = options.common;
  contid_cli::Inputs inputs;
  contid::RegistrationStore registrations(common.numbers);
  if (!contid_cli::resolve_inputs(common, options.auditd_conf, &inputs, &result.error) ||
      !contid_cli::load_registrations(common, inputs.files, &registrations, diagnostics,
                                      &result.error)) {
    result.exit_code = 1;
    return result;
  }
  // The -t report names each input; stdin is "stdin".
  const std::vector<std::string> input_names =
      inputs.from_stdin ? std::vector<std::string>{"stdin"} : inputs.files;
  std::uint64_t lost_by_auditd = 0, restored = 0;

  contid::ReaderOptions assembler;
  assembler.numbers = common.numbers;
  assembler.eoe_timeout_seconds = common.eoe_timeout_seconds;
  contid::SearchCriteria time_window;  // the shared -ts/-te semantics
  time_window.start = common.start;
  time_window.end = common.end;
  const bool check_time = !time_window.empty();
  const ValueFormatter formatter(options.interpret);

  ContainerReportOptions container_options;
  container_options.selector = common.selector;
  container_options.charts = options.format == ReportFormat::kHtml;
  container_options.title_prefix = title_prefix(options.outcome);
  container_options.selected_start = common.start;
  container_options.selected_end = common.end;
  ContainerReport containers(container_options);
  std::unique_ptr<KindReport> kind;
  if (options.kind) {
    kind = std::make_unique<KindReport>(*options.kind, options.summary, options.outcome, formatter,
                                        sink);
  }

  // -t: per input, the first and last selected event.
  struct Range {
    bool any = false;
    std::int64_t first_s = 0, last_s = 0;
    std::uint32_t first_ms = 0, last_ms = 0;
  } range;

  auto on_event = [&](contid::Event&& event) {
    ++result.events_read;
    if (!result.container_records_seen)
      result.container_records_seen = contid::carries_container_record(event);
    const contid::EventKey& key = event.key();
    if (!options.kind && !options.time_report)
      containers.note_log_time(key.seconds, key.milliseconds);
    if (check_time && !time_window.matches(event)) return;
    contid::Attribution attribution = contid::attribute(event);
    if (diagnostics) {
      for (const std::string& problem : attribution.problems) {
        diagnostics->report(event.where(), "container-record", problem);
      }
    }
    if (!common.selector.empty() && !common.selector.matches(attribution)) return;
    if (options.time_report) {
      if (!range.any) {
        range.first_s = key.seconds;
        range.first_ms = key.milliseconds;
      }
      range.any = true;
      range.last_s = key.seconds;
      range.last_ms = key.milliseconds;
      ++result.events_selected;
      return;
    }
    EventFacts facts = extract_facts(event);
    if (!outcome_passes(options.outcome, facts.success)) return;
    ++result.events_selected;
    if (kind) {
      kind->add(facts);
    } else {
      containers.add(event, facts, attribution);
    }
  };

  // Reads one input, by name ("stdin" when inputs.from_stdin).
  auto read_input = [&](const std::string& name, contid::EventReader* reader) {
    reader->restore_registrations(&registrations);
    const std::uint64_t lost_before = reader->lost_by_auditd(),
                        restored_before = reader->restored();
    bool ok = inputs.from_stdin ? reader->read_fd(STDIN_FILENO, "stdin") : reader->read_file(name);
    lost_by_auditd += reader->lost_by_auditd() - lost_before;
    restored += reader->restored() - restored_before;
    if (!ok && result.error.empty()) result.error = "cannot read '" + name + "'";
  };

  if (options.time_report) {
    TableSpec spec;
    spec.name = "log_time_range";
    spec.title = "Log Time Range Report";
    spec.columns = {"range", "log", "first", "last"};
    spec.style = TableStyle::kPlain;
    spec.rule_width = 21;
    sink->begin_table(spec);
    for (const std::string& name : input_names) {
      range = Range{};
      contid::EventReader reader(assembler, on_event, diagnostics);
      read_input(name, &reader);
      reader.finish();
      if (range.any) {
        std::string first = format_timestamp_ms(range.first_s, range.first_ms);
        std::string last = format_timestamp_ms(range.last_s, range.last_ms);
        // Text shows the first cell, aureport's line; csv/json also the parts.
        sink->add_row({name + ": " + first + " - " + last, name, first, last});
      } else {
        sink->add_row({name + ": no records", name, "", ""});
      }
    }
    sink->end_table();
  } else {
    if (kind) kind->begin();
    contid::EventReader reader(assembler, on_event, diagnostics);
    for (const std::string& name : input_names) read_input(name, &reader);
    reader.finish();
    if (kind) {
      kind->end();
      if (!options.summary && kind->items() == 0) result.exit_code = 1;
    } else {
      containers.write(sink);
    }
  }
  result.lost_registrations =
      contid::describe_lost_registrations(lost_by_auditd, restored, registrations);
  if (!result.error.empty()) result.exit_code = 1;
  return result;
}

}  // namespace aureport_ext
