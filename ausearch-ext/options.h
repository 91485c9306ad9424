// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch-ext's command line: ausearch's own spellings (single-dash long
// forms such as -if, -ts, -ui included) plus --contid, --contid-exact,
// --record-numbers and --format json. The options shared with aureport-ext
// (inputs, time range, containers, --eoe-timeout ...) are contid_cli's.
#pragma once

#include <string>
#include <vector>

#include "contid/event_format.h"
#include "contid/search_criteria.h"
#include "shared_options.h"

namespace ausearch_ext {

struct AusearchOptions {
  contid_cli::SharedOptions common;  // -if, -ts/-te, --contid, --eoe-timeout ...
  contid::SearchCriteria criteria;   // ausearch's filters, with -ts/-te
  contid::OutputFormat format = contid::OutputFormat::kDefault;  // -r, -i, --format
  bool just_one = false;                                         // --just-one
  bool line_buffered = false;                                    // -l
};

enum class ParseOutcome {
  kRun,     // *options is filled in
  kExitOk,  // help or version was printed
  kError,   // *error names the problem
};

// Parses argv (without argv[0]). Help and version text go to *message.
// Errors are worded as ausearch-ext prints them after "ausearch-ext: "
// ("argument is required for -k", "-ts requires either date and/or time").
ParseOutcome parse_command_line(const std::vector<std::string>& args, AusearchOptions* options,
                                std::string* message);

// The --help text.
std::string help_text();

}  // namespace ausearch_ext
