// Command-line parsing of aureport-ext (see options.h). aureport
// uses single-dash multi-letter options (-if, -ts, -te) and a time spec of
// one or two words, which is why this is a small hand-written parser.
#include "options.h"

#include <cstdlib>
#include <string_view>

#include "contid/time_spec.h"

namespace aureport_ext {
namespace {

class ArgCursor {
 public:
  ArgCursor(int argc, const char* const* argv) : argc_(argc), argv_(argv) {}
  bool done() const { return i_ >= argc_; }
  std::string_view next() { return argv_[i_++]; }
  bool has_value() const { return i_ < argc_; }
  // The next word if it is not an option (for two-word time specs).
  std::optional<std::string> optional_word() {
    if (i_ < argc_ && argv_[i_][0] != '-') return std::string(argv_[i_++]);
    return std::nullopt;
  }

 private:
  int argc_;
  const char* const* argv_;
  int i_ = 1;
};

bool set_output(OutputKind kind, ReportOptions* out, std::string* error) {
  if (out->output != OutputKind::kText && out->output != kind) {
    *error = "only one of --csv, --json, --html may be given";
    return false;
  }
  out->output = kind;
  return true;
}

bool set_kind(std::optional<ReportKind> kind, bool time_report, std::string_view option,
              ReportOptions* out, std::string* error) {
  if (out->kind || out->time_report) {
    *error = std::string(option) + ": only one report kind may be given";
    return false;
  }
  out->kind = kind;
  out->time_report = time_report;
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
         "  -if|--input FILE|DIR, --input-logs, stdin when piped\n"
         "  -i|--interpret       names instead of numbers\n"
         "  --csv | --json | --html FILE   output format (default: text)\n"
         "  --record-numbers SPEC  container record numbers (default, v11, 1020,1340)\n"
         "  --registrations FILE   CONTAINER_OP records kept by audisp-contid\n"
         "                         (default: contid-registrations.log beside the log)\n"
         "  --eoe-timeout SECS, --debug, -h|--help, -v|--version\n";
}

bool parse_report_options(int argc, const char* const* argv, ReportOptions* out,
                          std::string* error) {
  ArgCursor args(argc, argv);
  auto need_value = [&](std::string_view option, std::string* value) {
    if (!args.has_value()) {
      *error = std::string(option) + ": missing value";
      return false;
    }
    *value = std::string(args.next());
    return true;
  };
  contid::TimeContext now = contid::TimeContext::current();
  while (!args.done()) {
    std::string_view opt = args.next();
    std::string value;
    if (opt == "-h" || opt == "--help") {
      out->help = true;
    } else if (opt == "-v" || opt == "--version") {
      out->version = true;
    } else if (opt == "-x" || opt == "--executable") {
      if (!set_kind(ReportKind::kExecutable, false, opt, out, error)) return false;
    } else if (opt == "-f" || opt == "--file") {
      if (!set_kind(ReportKind::kFile, false, opt, out, error)) return false;
    } else if (opt == "-u" || opt == "--user") {
      if (!set_kind(ReportKind::kUser, false, opt, out, error)) return false;
    } else if (opt == "-s" || opt == "--syscall") {
      if (!set_kind(ReportKind::kSyscall, false, opt, out, error)) return false;
    } else if (opt == "-k" || opt == "--key") {
      if (!set_kind(ReportKind::kKey, false, opt, out, error)) return false;
    } else if (opt == "-p" || opt == "--pid") {
      if (!set_kind(ReportKind::kPid, false, opt, out, error)) return false;
    } else if (opt == "-e" || opt == "--event") {
      if (!set_kind(ReportKind::kEvent, false, opt, out, error)) return false;
    } else if (opt == "-a" || opt == "--avc") {
      if (!set_kind(ReportKind::kAvc, false, opt, out, error)) return false;
    } else if (opt == "-t" || opt == "--log") {
      if (!set_kind(std::nullopt, true, opt, out, error)) return false;
    } else if (opt == "--summary") {
      out->summary = true;
    } else if (opt == "--failed" || opt == "--success") {
      OutcomeFilter want = opt == "--failed" ? OutcomeFilter::kFailed : OutcomeFilter::kSuccess;
      if (out->outcome != OutcomeFilter::kAll && out->outcome != want) {
        *error = "--failed and --success exclude each other";
        return false;
      }
      out->outcome = want;
    } else if (opt == "-i" || opt == "--interpret") {
      out->interpret = true;
    } else if (opt == "--contid") {
      if (!need_value(opt, &value)) return false;
      if (!contid::add_contid_selector_items(value, &out->selector, error)) return false;
    } else if (opt == "--contid-exact") {
      out->selector.exact = true;
    } else if (opt == "-ts" || opt == "--start" || opt == "-te" || opt == "--end") {
      bool start = opt == "-ts" || opt == "--start";
      if (!need_value(opt, &value)) return false;
      std::vector<std::string> words{value};
      if (auto second = args.optional_word()) words.push_back(*second);
      auto bound = contid::parse_time_spec(
          words, start ? contid::TimeBound::kStart : contid::TimeBound::kEnd, now, error);
      if (!bound) return false;
      (start ? out->start : out->end) = bound;
    } else if (opt == "-if" || opt == "--input") {
      if (!need_value(opt, &value)) return false;
      out->input = value;
    } else if (opt == "--input-logs") {
      out->input_logs = true;
    } else if (opt == "--auditd-conf") {
      if (!need_value(opt, &out->auditd_conf)) return false;
    } else if (opt == "--csv") {
      if (!set_output(OutputKind::kCsv, out, error)) return false;
    } else if (opt == "--json") {
      if (!set_output(OutputKind::kJson, out, error)) return false;
    } else if (opt == "--html") {
      if (!need_value(opt, &out->html_file)) return false;
      if (!set_output(OutputKind::kHtml, out, error)) return false;
    } else if (opt == "--record-numbers") {
      if (!need_value(opt, &value)) return false;
      if (!contid::parse_record_numbers(value, &out->numbers, error)) {
        *error = "--record-numbers: " + *error;
        return false;
      }
    } else if (opt == "--eoe-timeout") {
      if (!need_value(opt, &value)) return false;
      char* end = nullptr;
      double secs = std::strtod(value.c_str(), &end);
      if (value.empty() || *end != '\0' || secs < 0) {
        *error = "--eoe-timeout: '" + value + "' is not a number of seconds";
        return false;
      }
      out->eoe_timeout_seconds = secs;
    } else if (opt == "--registrations") {
      if (!need_value(opt, &value)) return false;
      out->registrations.push_back(value);
    } else if (opt == "--debug") {
      out->debug = true;
    } else {
      *error = "unknown option '" + std::string(opt) + "' (see --help)";
      return false;
    }
  }
  if (out->input && out->input_logs) {
    *error = "-if and --input-logs exclude each other";
    return false;
  }
  if (out->start && out->end && *out->start > *out->end) {
    *error = "-ts is after -te";
    return false;
  }
  return true;
}

}  // namespace aureport_ext
