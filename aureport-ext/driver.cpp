// The aureport-ext pipeline (see aureport_driver.h).
#include "driver.h"

#include <sys/stat.h>
#include <unistd.h>

#include <functional>

#include "container_report.h"
#include "event_facts.h"
#include "kind_report.h"
#include "contid/event_reader.h"
#include "contid/log_input.h"
#include "contid/search_criteria.h"

namespace aureport {
namespace {

struct Input {
  std::string path;  // empty: stdin
  std::string name;  // for messages and the -t report
};

bool stdin_is_pipe() {
  struct stat st {};
  return fstat(STDIN_FILENO, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISREG(st.st_mode));
}

// aureport's choice: -if FILE or DIR, else --input-logs, else a piped stdin,
// else the logs auditd.conf names.
bool resolve_inputs(const ReportOptions& o, std::vector<Input>* inputs, std::string* error) {
  std::vector<std::string> paths;
  if (o.input) {
    struct stat st {};
    if (stat(o.input->c_str(), &st) != 0) {
      *error = "-if: cannot read '" + *o.input + "'";
      return false;
    }
    if (S_ISDIR(st.st_mode)) {
      paths = contid::rotated_log_set(*o.input);
      if (paths.empty()) {
        *error = "-if: no audit.log in directory '" + *o.input + "'";
        return false;
      }
    } else {
      paths = {*o.input};
    }
  } else if (!o.input_logs && stdin_is_pipe()) {
    inputs->push_back({"", "stdin"});
    return true;
  } else {
    std::string log = contid::configured_log_file(o.auditd_conf);
    paths = contid::rotated_log_set(log);
    if (paths.empty()) {
      *error = "no audit logs found at '" + log + "'";
      return false;
    }
  }
  for (std::string& p : paths) inputs->push_back({p, p});
  return true;
}

bool outcome_passes(OutcomeFilter filter, Outcome outcome) {
  switch (filter) {
    case OutcomeFilter::kAll: return true;
    case OutcomeFilter::kFailed: return outcome == Outcome::kFailed;
    case OutcomeFilter::kSuccess: return outcome == Outcome::kSuccess;
  }
  return true;
}

std::string title_prefix(OutcomeFilter filter) {
  return filter == OutcomeFilter::kFailed    ? "Failed "
         : filter == OutcomeFilter::kSuccess ? "Success "
                                             : "";
}

}  // namespace

RunResult run_report(const ReportOptions& options, ReportSink* sink,
                     contid::Diagnostics* diagnostics) {
  RunResult result;
  std::vector<Input> inputs;
  if (!resolve_inputs(options, &inputs, &result.error)) {
    result.exit_code = 1;
    return result;
  }

  contid::RegistrationStore registrations(options.numbers);
  for (const std::string& file : options.registrations) {
    if (!registrations.load(file, diagnostics)) {
      result.error = "--registrations: cannot read '" + file + "'";
      result.exit_code = 1;
      return result;
    }
  }
  if (options.registrations.empty()) {
    std::vector<std::string> paths;
    for (const Input& input : inputs)
      if (!input.path.empty()) paths.push_back(input.path);
    for (const std::string& file : contid::registration_files_beside(paths))
      registrations.load(file, diagnostics);
  }
  std::uint64_t lost_by_auditd = 0, restored = 0;

  contid::ReaderOptions assembler;
  assembler.numbers = options.numbers;
  assembler.eoe_timeout_seconds = options.eoe_timeout_seconds;
  contid::SearchCriteria time_window;  // the shared -ts/-te semantics
  time_window.start = options.start;
  time_window.end = options.end;
  const bool check_time = !time_window.empty();
  const ValueFormatter formatter(options.interpret);

  ContainerReportOptions container_options;
  container_options.selector = options.selector;
  container_options.charts = options.output == OutputKind::kHtml;
  container_options.title_prefix = title_prefix(options.outcome);
  container_options.selected_start = options.start;
  container_options.selected_end = options.end;
  ContainerReport containers(container_options);
  std::unique_ptr<KindReport> kind;
  if (options.kind) {
    kind = std::make_unique<KindReport>(*options.kind, options.summary, options.outcome,
                                        formatter, sink);
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
    if (!options.kind && !options.time_report) containers.note_log_time(key.seconds, key.milliseconds);
    if (check_time && !time_window.matches(event)) return;
    contid::Attribution attribution = contid::attribute(event);
    if (diagnostics) {
      for (const std::string& problem : attribution.problems) {
        diagnostics->report(event.where(), "container-record", problem);
      }
    }
    if (!options.selector.empty() && !options.selector.matches(attribution)) return;
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
    EventFacts facts = extract_facts(event, attribution);
    if (!outcome_passes(options.outcome, facts.success)) return;
    ++result.events_selected;
    if (kind) {
      kind->add(facts);
    } else {
      containers.add(facts, attribution);
    }
  };

  auto read_input = [&](const Input& input, contid::EventReader* reader) {
    reader->restore_registrations(&registrations);
    const std::uint64_t lost_before = reader->lost_by_auditd(), restored_before = reader->restored();
    bool ok = input.path.empty() ? reader->read_fd(STDIN_FILENO, "stdin")
                                 : reader->read_file(input.path);
    lost_by_auditd += reader->lost_by_auditd() - lost_before;
    restored += reader->restored() - restored_before;
    if (!ok && result.error.empty()) result.error = "cannot read '" + input.name + "'";
  };

  if (options.time_report) {
    TableSpec spec;
    spec.name = "log_time_range";
    spec.title = "Log Time Range Report";
    spec.columns = {"range", "log", "first", "last"};
    spec.style = TableStyle::kPlain;
    spec.rule_width = 21;
    sink->begin_table(spec);
    for (const Input& input : inputs) {
      range = Range{};
      contid::EventReader reader(assembler, on_event, diagnostics);
      read_input(input, &reader);
      reader.finish();
      if (range.any) {
        std::string first = format_timestamp_ms(range.first_s, range.first_ms);
        std::string last = format_timestamp_ms(range.last_s, range.last_ms);
        // Text shows the first cell, aureport's line; csv/json also the parts.
        sink->add_row({input.name + ": " + first + " - " + last, input.name, first, last});
      } else {
        sink->add_row({input.name + ": no records", input.name, "", ""});
      }
    }
    sink->end_table();
  } else {
    if (kind) kind->begin();
    contid::EventReader reader(assembler, on_event, diagnostics);
    for (const Input& input : inputs) read_input(input, &reader);
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

}  // namespace aureport
