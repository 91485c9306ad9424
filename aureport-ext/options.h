// aureport-ext's command line: aureport's options where they apply, plus
// --contid, output formats and the container record numbers.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "kind_report.h"
#include "contid/container_records.h"
#include "contid/contid_selector.h"

namespace aureport_ext {

enum class OutputKind { kText, kCsv, kJson, kHtml };

struct ReportOptions {
  std::optional<ReportKind> kind;   // nullopt: the container report
  bool time_report = false;         // -t: time range of each log file
  bool summary = false;             // --summary
  OutcomeFilter outcome = OutcomeFilter::kAll;  // --failed / --success
  bool interpret = false;           // -i
  contid::ContidSelector selector;  // --contid (and --contid-exact)
  std::optional<std::time_t> start, end;  // -ts / -te
  std::optional<std::string> input;       // -if FILE|DIR
  bool input_logs = false;                // --input-logs
  std::string auditd_conf = "/etc/audit/auditd.conf";
  OutputKind output = OutputKind::kText;
  std::string html_file;                  // --html FILE
  contid::ContainerRecordNumbers numbers;  // --record-numbers
  double eoe_timeout_seconds = 2.0;       // --eoe-timeout
  // --registrations FILE (repeatable); empty = contid-registrations.log
  // beside the input, if there is one.
  std::vector<std::string> registrations;
  bool debug = false;                     // --debug: list every input problem
  bool help = false, version = false;
};

// Parses argv. Returns false and sets *error to a message naming the option
// and the bad value ("aureport-ext: -ts: invalid date '13/45/2023': ...").
bool parse_report_options(int argc, const char* const* argv, ReportOptions* out,
                          std::string* error);

// The --help text.
std::string usage_text();

}  // namespace aureport_ext
