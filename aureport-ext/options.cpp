// SPDX-License-Identifier: GPL-2.0-or-later
// Command-line parsing of aureport-ext (see options.h): contid_cli's
// tokenizer with the shared rows plus the report kinds and output formats.
#include "options.h"

#include <iterator>
#include <string_view>
#include <vector>

namespace aureport_ext {
namespace {

using contid_cli::Argument;

// The report kinds, one option each; nullopt is -t (the log time ranges).
struct KindOption {
  std::optional<ReportKind> kind;
  std::string_view short_form, long_form;
};
constexpr KindOption kKinds[] = {
    {ReportKind::kExecutable, "-x", "--executable"},
    {ReportKind::kFile, "-f", "--file"},
    {ReportKind::kUser, "-u", "--user"},
    {ReportKind::kSyscall, "-s", "--syscall"},
    {ReportKind::kKey, "-k", "--key"},
    {ReportKind::kPid, "-p", "--pid"},
    {ReportKind::kEvent, "-e", "--event"},
    {ReportKind::kAvc, "-a", "--avc"},
    {std::nullopt, "-t", "--log"},
};
constexpr int kKindCount = static_cast<int>(std::size(kKinds));

// Own ids: 0..kKindCount-1 are kKinds' indexes, then these.
enum OwnId : int {
  kSummary = kKindCount,
  kFailed,
  kSuccess,
  kInterpret,
  kAuditdConf,
  kCsv,
  kJson,
  kHtml,
};

std::vector<contid_cli::OptionSpec> option_table() {
  const auto shared = contid_cli::shared_option_table();
  std::vector<contid_cli::OptionSpec> table(shared.begin(), shared.end());
  for (int i = 0; i < kKindCount; ++i)
    table.push_back({i, {kKinds[i].short_form, kKinds[i].long_form}});
  table.push_back({kSummary, {"--summary"}});
  table.push_back({kFailed, {"--failed"}});
  table.push_back({kSuccess, {"--success"}});
  table.push_back({kInterpret, {"-i", "--interpret"}});
  table.push_back({kAuditdConf, {"--auditd-conf"}, Argument::kWord});
  table.push_back({kCsv, {"--csv"}});
  table.push_back({kJson, {"--json"}});
  table.push_back({kHtml, {"--html"}, Argument::kWord});
  return table;
}

// contid_cli's wording, but aureport-ext's "-if: missing value".
std::string report_syntax_error(const contid_cli::SyntaxError& error) {
  using Kind = contid_cli::SyntaxError::Kind;
  if (error.kind == Kind::kMissingArgument || error.kind == Kind::kMissingTime)
    return error.token + ": missing value";
  return contid_cli::describe(error);
}

bool set_format(ReportFormat format, ReportOptions* out, std::string* error) {
  if (out->format != ReportFormat::kText && out->format != format) {
    *error = "only one of --csv, --json, --html may be given";
    return false;
  }
  out->format = format;
  return true;
}

bool set_outcome(OutcomeFilter want, ReportOptions* out, std::string* error) {
  if (out->outcome != OutcomeFilter::kAll && out->outcome != want) {
    *error = "--failed and --success exclude each other";
    return false;
  }
  out->outcome = want;
  return true;
}

// Applies one of aureport-ext's own options; false with *error.
bool apply(const contid_cli::GivenOption& option, ReportOptions* out, std::string* error) {
  if (option.id < kKindCount) {
    if (out->kind || out->time_report) {
      *error = option.spelling + ": only one report kind may be given";
      return false;
    }
    out->kind = kKinds[option.id].kind;
    out->time_report = !out->kind;
    return true;
  }
  switch (static_cast<OwnId>(option.id)) {
    case kSummary:
      out->summary = true;
      return true;
    case kFailed:
      return set_outcome(OutcomeFilter::kFailed, out, error);
    case kSuccess:
      return set_outcome(OutcomeFilter::kSuccess, out, error);
    case kInterpret:
      out->interpret = true;
      return true;
    case kAuditdConf:
      out->auditd_conf = option.values[0];
      return true;
    case kCsv:
      return set_format(ReportFormat::kCsv, out, error);
    case kJson:
      return set_format(ReportFormat::kJson, out, error);
    case kHtml:
      out->html_file = option.values[0];
      return set_format(ReportFormat::kHtml, out, error);
  }
  return true;
}

}  // namespace

std::string usage_text() {
  return "usage: aureport-ext [options]\n"
         "  report kinds (default: one row per container):\n"
         "    -x --executable  -f --file  -u --user  -s --syscall  -k --key\n"
         "    -p --pid  -e --event  -a --avc  -t --log (time range of each log)\n"
         "  --summary            ranked totals of the report kind\n"
         "  --failed | --success only failed / successful events\n"
         "  --contid ID[,ID..]   only events carrying ID (also 'unset'/'host', 'any')\n"
         "  --contid-exact       --contid matches innermost ids only (no nesting)\n"
         "  -ts|--start WHEN, -te|--end WHEN  time range (ausearch's forms)\n"
         "  -if|--input FILE|DIR (repeatable), --input-logs, stdin when piped\n"
         "  -i|--interpret       names instead of numbers\n"
         "  --csv | --json | --html FILE   output format (default: text)\n"
         "  --record-numbers SPEC  container record numbers (default, v11, 1020,1340)\n"
         "  --registrations FILE   CONTAINER_OP records kept by audisp-contid\n"
         "                         (default: contid-registrations.log beside the log)\n"
         "  --eoe-timeout SECS (1..3600), --debug, -h|--help, -v|--version\n";
}

bool parse_report_options(int argc, const char* const* argv, ReportOptions* out,
                          std::string* error) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<contid_cli::GivenOption> given;
  contid_cli::SyntaxError syntax{};
  if (!contid_cli::split_command_line(args, option_table(), &given, &syntax)) {
    *error = report_syntax_error(syntax);
    return false;
  }
  if (!contid_cli::apply_shared_options(given, contid::TimeContext::current(), &out->common, error))
    return false;
  if (out->common.help || out->common.version) return true;
  for (const contid_cli::GivenOption& option : given)
    if (!contid_cli::is_shared_option(option.id) && !apply(option, out, error)) return false;
  return true;
}

}  // namespace aureport_ext
