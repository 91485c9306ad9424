// SPDX-License-Identifier: GPL-2.0-or-later
// aureport-ext's command line: aureport's options where they apply, plus
// --contid, output formats and the container record numbers. The options
// shared with ausearch-ext (inputs, time range, containers, --eoe-timeout
// ...) are contid_cli's.
#pragma once

#include <optional>
#include <string>

#include "inputs.h"
#include "kind_report.h"
#include "outcome_filter.h"
#include "shared_options.h"

namespace aureport_ext {

// The format the report is written in (ausearch-ext's event formats are
// contid::OutputFormat, a different thing).
enum class ReportFormat { kText, kCsv, kJson, kHtml };

struct ReportOptions {
  contid_cli::SharedOptions common;             // -if, -ts/-te, --contid, --eoe-timeout ...
  std::optional<ReportKind> kind;               // nullopt: the container report
  bool time_report = false;                     // -t: time range of each log file
  bool summary = false;                         // --summary
  OutcomeFilter outcome = OutcomeFilter::kAll;  // --failed / --success
  bool interpret = false;                       // -i
  std::string auditd_conf = contid_cli::kDefaultAuditdConf;  // --auditd-conf
  ReportFormat format = ReportFormat::kText;                 // --csv, --json, --html
  std::string html_file;                                     // --html FILE
};

// Parses argv. Returns false and sets *error to a message naming the option
// and the bad value ("-ts: invalid date '13/45/2023': ..."); the program
// prints it after "aureport-ext: " and exits 1, as aureport does.
bool parse_report_options(int argc, const char* const* argv, ReportOptions* out,
                          std::string* error);

// The --help text.
std::string usage_text();

}  // namespace aureport_ext
