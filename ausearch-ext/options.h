// ausearch-ext's command line: ausearch's own spellings (single-dash long
// forms such as -if, -ts, -ui included) plus --contid, --contid-exact,
// --record-numbers and --format json.
#pragma once

#include <string>
#include <vector>

#include "contid/container_records.h"
#include "contid/contid_selector.h"
#include "contid/event_format.h"
#include "contid/search_criteria.h"

namespace ausearch_ext {

struct AusearchOptions {
  std::vector<std::string> inputs;  // -if/--input, files or directories
  // --registrations: files of CONTAINER_OP records kept by audisp-contid;
  // empty = contid-registrations.log beside each input file, if any.
  std::vector<std::string> registrations;
  bool input_logs = false;          // --input-logs
  contid::SearchCriteria criteria;
  contid::ContidSelector selector;  // --contid, --contid-exact
  contid::ContainerRecordNumbers numbers;  // --record-numbers
  contid::OutputFormat format = contid::OutputFormat::kDefault;
  double eoe_timeout_seconds = 2.0;  // --eoe-timeout
  bool just_one = false;
  bool line_buffered = false;
  bool debug = false;
};

enum class ParseOutcome {
  kRun,      // *options is filled in
  kExitOk,   // help or version was printed
  kError,    // *error names the problem
};

// Rewrites ausearch-style arguments into "--long=value" tokens (exposed for
// tests): "-if f" -> "--input=f", "-ts 1/2/2024 10:00" -> "--start=1/2/2024"
// "--start=10:00", "-ul -1" -> "--loginuid=-1". Returns false with *error for
// an option that lacks its argument.
bool translate_arguments(const std::vector<std::string>& args, std::vector<std::string>* out,
                         std::string* error);

// Parses argv (without argv[0]). Help and version text go to *message.
ParseOutcome parse_command_line(const std::vector<std::string>& args, AusearchOptions* options,
                                std::string* message);

}  // namespace ausearch_ext
