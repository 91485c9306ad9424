// ausearch-ext's command line (see ausearch_options.h). ausearch's
// spellings are translated to "--long=value" tokens first, because
// Boost.Program_options cannot express multi-letter single-dash options
// (-if, -ts) or -ts/-te's one-or-two-word values; Boost then parses them.
#include "options.h"

#include <boost/program_options.hpp>
#include <cctype>
#include <ctime>
#include <optional>
#include <sstream>

#include "contid/option_values.h"
#include "contid/time_spec.h"
#include "contid/version.h"

namespace po = boost::program_options;

namespace ausearch_ext {
namespace {

enum class Arity {
  kFlag,           // no argument
  kValue,          // one argument that does not start with '-'
  kSignedValue,    // one argument, which may be a negative number
  kTimeWords,      // one or two words (date and/or time)
};

struct Spelling {
  const char* short_form;  // ausearch's single-dash form, or nullptr
  const char* long_name;   // without the leading "--"
  Arity arity;
};

constexpr Spelling kSpellings[] = {
    {"-a", "event", Arity::kValue},
    {"-c", "comm", Arity::kValue},
    {"-e", "exit", Arity::kSignedValue},
    {"-gi", "gid", Arity::kValue},
    {"-h", "help", Arity::kFlag},
    {"-i", "interpret", Arity::kFlag},
    {"-if", "input", Arity::kValue},
    {nullptr, "input-logs", Arity::kFlag},
    {nullptr, "just-one", Arity::kFlag},
    {"-k", "key", Arity::kValue},
    {"-l", "line-buffered", Arity::kFlag},
    {"-m", "message", Arity::kValue},
    {"-n", "node", Arity::kValue},
    {"-p", "pid", Arity::kValue},
    {"-pp", "ppid", Arity::kValue},
    {"-r", "raw", Arity::kFlag},
    {"-sc", "syscall", Arity::kValue},
    {"-sv", "success", Arity::kValue},
    {nullptr, "session", Arity::kSignedValue},
    {"-te", "end", Arity::kTimeWords},
    {"-ts", "start", Arity::kTimeWords},
    {"-ua", "uid-all", Arity::kValue},
    {"-ue", "uid-effective", Arity::kValue},
    {"-ui", "uid", Arity::kValue},
    {"-ul", "loginuid", Arity::kSignedValue},
    {"-v", "version", Arity::kFlag},
    {"-w", "word", Arity::kFlag},
    {"-x", "executable", Arity::kValue},
    {nullptr, "format", Arity::kValue},
    {nullptr, "debug", Arity::kFlag},
    {nullptr, "eoe-timeout", Arity::kValue},
    {nullptr, "contid", Arity::kSignedValue},
    {nullptr, "contid-exact", Arity::kFlag},
    {nullptr, "record-numbers", Arity::kValue},
    {nullptr, "registrations", Arity::kValue},
};

const Spelling* find_spelling(const std::string& token) {
  for (const Spelling& s : kSpellings) {
    if (s.short_form != nullptr && token == s.short_form) return &s;
    if (token.size() > 2 && token.compare(0, 2, "--") == 0 && token.substr(2) == s.long_name)
      return &s;
  }
  return nullptr;
}

bool looks_negative_number(const std::string& token) {
  return token.size() >= 2 && token[0] == '-' && std::isdigit(static_cast<unsigned char>(token[1]));
}

po::options_description make_description() {
  po::options_description d("Options (ausearch's spellings; single-dash long forms such as -if work)");
  auto strings = [] { return po::value<std::vector<std::string>>()->composing(); };
  auto text = [] { return po::value<std::string>(); };
  d.add_options()
      ("input", strings(), "-if,--input FILE|DIR: read this log (repeatable)")
      ("input-logs", "--input-logs: read auditd.conf's log_file set even if stdin is a pipe")
      ("start", strings(), "-ts,--start [DATE] [TIME]|KEYWORD: events at or after")
      ("end", strings(), "-te,--end [DATE] [TIME]|KEYWORD: events at or before")
      ("message", strings(), "-m,--message TYPE[,TYPE]: record types (names, numbers, "
                             "CONTAINER_OP, CONTAINER_ID, ALL)")
      ("key", text(), "-k,--key KEY: rule key (substring)")
      ("pid", text(), "-p,--pid PID")
      ("ppid", text(), "-pp,--ppid PID")
      ("uid", text(), "-ui,--uid UID|NAME")
      ("uid-effective", text(), "-ue,--uid-effective UID|NAME")
      ("loginuid", text(), "-ul,--loginuid UID|NAME|-1")
      ("uid-all", text(), "-ua,--uid-all UID|NAME: uid, euid or auid")
      ("gid", text(), "-gi,--gid GID|NAME")
      ("executable", text(), "-x,--executable EXE (substring)")
      ("comm", text(), "-c,--comm COMM (substring)")
      ("syscall", text(), "-sc,--syscall NAME|NUMBER")
      ("success", text(), "-sv,--success yes|no")
      ("exit", text(), "-e,--exit CODE|ERRNO-NAME")
      ("event", text(), "-a,--event SERIAL: audit event serial number")
      ("session", text(), "--session SES: login session id")
      ("node", strings(), "-n,--node NODE (repeatable)")
      ("word", "-w,--word: -k/-x/-c match whole strings")
      ("contid", strings(), "--contid ID[,ID...]|unset|host: events carrying a container "
                            "(nested containers included; repeatable)")
      ("contid-exact", "--contid-exact: match innermost container ids only")
      ("record-numbers", text(), "--record-numbers OP,ID|PRESET: container record numbers "
                                 "(default 1020,1340; presets default, v11, v10, v9, v8, v7)")
      ("registrations", strings(), "--registrations FILE: registrations kept by audisp-contid "
                                   "(default: contid-registrations.log beside each log)")
      ("just-one", "--just-one: stop after the first matching event")
      ("line-buffered", "-l,--line-buffered: flush after every event")
      ("raw", "-r,--raw: records as they are in the log")
      ("interpret", "-i,--interpret: interpret numeric fields")
      ("format", text(), "--format raw|default|interpret|csv|text|json")
      ("eoe-timeout", text(), "--eoe-timeout SECS: end-of-event timeout (default 2)")
      ("debug", "--debug: list every input problem with file:line")
      ("help", "-h,--help: this help")
      ("version", "-v,--version: print the version");
  return d;
}

std::string help_text() {
  std::ostringstream out;
  out << "usage: ausearch-ext [options]\n"
         "Search audit logs like ausearch, with container ids (--contid).\n\n"
      << make_description()
      << "\nDATE is MM/DD/YYYY (or the locale's date), TIME is HH:MM[:SS]; KEYWORD is one of\n"
         "now, recent, boot, today, yesterday, this-week, week-ago, this-month, this-year.\n";
  return out.str();
}

// Applies one option's value to *options; false with *error on a bad value.
class OptionApplier {
 public:
  OptionApplier(const po::variables_map& vm, AusearchOptions* options, std::string* error)
      : vm_(vm), options_(options), error_(error) {}

  bool apply() {
    if (!apply_record_numbers() || !apply_format() || !apply_times()) return false;
    auto& c = options_->criteria;
    if (vm_.count("input")) options_->inputs = vm_["input"].as<std::vector<std::string>>();
    if (vm_.count("registrations"))
      options_->registrations = vm_["registrations"].as<std::vector<std::string>>();
    options_->input_logs = vm_.count("input-logs") > 0;
    options_->just_one = vm_.count("just-one") > 0;
    options_->line_buffered = vm_.count("line-buffered") > 0;
    options_->debug = vm_.count("debug") > 0;
    c.whole_word = vm_.count("word") > 0;
    if (vm_.count("message"))
      for (const std::string& v : vm_["message"].as<std::vector<std::string>>())
        if (!contid::parse_message_types(v, options_->numbers, &c.types, error_)) return false;
    if (vm_.count("node")) c.nodes = vm_["node"].as<std::vector<std::string>>();
    if (auto v = text("key")) c.key = *v;
    if (auto v = text("executable")) c.exe = *v;
    if (auto v = text("comm")) c.comm = *v;
    if (!number("pid", "-p", 0, INT32_MAX, &c.pid) ||
        !number("ppid", "-pp", 0, INT32_MAX, &c.ppid))
      return false;
    std::optional<std::int64_t> serial;
    if (!number("event", "-a", 0, INT64_MAX, &serial)) return false;
    if (serial) c.serial = static_cast<std::uint64_t>(*serial);
    std::optional<std::int64_t> session;
    if (!number("session", "--session", -1, UINT32_MAX, &session)) return false;
    if (session) c.session = static_cast<std::uint32_t>(*session);
    if (!user("uid", "-ui", &c.uid) || !user("uid-effective", "-ue", &c.euid) ||
        !user("loginuid", "-ul", &c.auid) || !user("uid-all", "-ua", &c.any_uid))
      return false;
    if (auto v = text("gid")) {
      std::uint32_t gid = 0;
      if (!contid::parse_group_id("-gi", *v, &gid, error_)) return false;
      c.gid = gid;
    }
    if (auto v = text("syscall")) {
      int number = 0;
      if (!contid::parse_syscall(*v, &number, error_)) return false;
      c.syscall = number;
    }
    if (auto v = text("success")) {
      bool yes = false;
      if (!contid::parse_success(*v, &yes, error_)) return false;
      c.success = yes;
    }
    if (auto v = text("exit")) {
      std::int64_t code = 0;
      if (!contid::parse_exit(*v, &code, error_)) return false;
      c.exit = code;
    }
    if (auto v = text("eoe-timeout")) {
      std::optional<std::int64_t> seconds;
      if (!number("eoe-timeout", "--eoe-timeout", 1, 3600, &seconds)) return false;
      options_->eoe_timeout_seconds = static_cast<double>(*seconds);
    }
    if (vm_.count("contid"))
      for (const std::string& v : vm_["contid"].as<std::vector<std::string>>())
        if (!contid::add_contid_selector_items(v, &options_->selector, error_)) return false;
    options_->selector.exact = vm_.count("contid-exact") > 0;
    return true;
  }

 private:
  std::optional<std::string> text(const char* name) const {
    if (!vm_.count(name)) return std::nullopt;
    return vm_[name].as<std::string>();
  }

  bool number(const char* name, const char* option, std::int64_t min, std::int64_t max,
              std::optional<std::int64_t>* out) {
    auto v = text(name);
    if (!v) return true;
    std::int64_t n = 0;
    if (!contid::parse_bounded_integer(option, *v, min, max, &n, error_)) return false;
    *out = n;
    return true;
  }

  bool user(const char* name, const char* option, std::optional<std::uint32_t>* out) {
    auto v = text(name);
    if (!v) return true;
    std::uint32_t id = 0;
    if (!contid::parse_user_id(option, *v, &id, error_)) return false;
    *out = id;
    return true;
  }

  bool apply_record_numbers() {
    if (auto v = text("record-numbers"))
      if (!contid::parse_record_numbers(*v, &options_->numbers, error_)) {
        *error_ = "--record-numbers: " + *error_;
        return false;
      }
    return true;
  }

  bool apply_format() {
    int chosen = 0;
    if (vm_.count("raw")) {
      options_->format = contid::OutputFormat::kRaw;
      ++chosen;
    }
    if (vm_.count("interpret")) {
      options_->format = contid::OutputFormat::kInterpret;
      ++chosen;
    }
    if (auto v = text("format")) {
      if (!contid::parse_output_format(*v, &options_->format, error_)) return false;
      ++chosen;
    }
    if (chosen > 1) {
      *error_ = "conflicting output formats: use only one of -r, -i, --format";
      return false;
    }
    return true;
  }

  bool apply_times() {
    const contid::TimeContext now = contid::TimeContext::current();
    for (auto [name, bound] : {std::pair{"start", contid::TimeBound::kStart},
                               std::pair{"end", contid::TimeBound::kEnd}}) {
      if (!vm_.count(name)) continue;
      auto t = contid::parse_time_spec(vm_[name].as<std::vector<std::string>>(), bound, now,
                                       error_);
      if (!t) return false;
      if (bound == contid::TimeBound::kStart)
        options_->criteria.start = *t;
      else
        options_->criteria.end = *t;
    }
    return true;
  }

  const po::variables_map& vm_;
  AusearchOptions* options_;
  std::string* error_;
};

}  // namespace

bool translate_arguments(const std::vector<std::string>& args, std::vector<std::string>* out,
                         std::string* error) {
  out->clear();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& token = args[i];
    const Spelling* spelling = find_spelling(token);
    if (spelling == nullptr) {  // "--name=value", or unknown: Boost decides
      out->push_back(token);
      continue;
    }
    const std::string long_form = std::string("--") + spelling->long_name;
    auto takes = [&](std::size_t j, bool allow_negative) {
      if (j >= args.size()) return false;
      const std::string& next = args[j];
      if (next.empty() || next[0] != '-') return true;
      return allow_negative && looks_negative_number(next);
    };
    switch (spelling->arity) {
      case Arity::kFlag:
        out->push_back(long_form);
        break;
      case Arity::kValue:
      case Arity::kSignedValue:
        if (!takes(i + 1, spelling->arity == Arity::kSignedValue)) {
          *error = "argument is required for " + token;
          return false;
        }
        out->push_back(long_form + "=" + args[++i]);
        break;
      case Arity::kTimeWords:
        if (!takes(i + 1, false)) {
          *error = token + " requires either date and/or time";
          return false;
        }
        out->push_back(long_form + "=" + args[++i]);
        if (takes(i + 1, false)) out->push_back(long_form + "=" + args[++i]);
        break;
    }
  }
  return true;
}

ParseOutcome parse_command_line(const std::vector<std::string>& args, AusearchOptions* options,
                                std::string* message) {
  std::vector<std::string> translated;
  if (!translate_arguments(args, &translated, message)) return ParseOutcome::kError;
  po::variables_map vm;
  try {
    const po::options_description description = make_description();
    const int style = po::command_line_style::unix_style & ~po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(translated).options(description).style(style).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    *message = e.what();
    return ParseOutcome::kError;
  }
  if (vm.count("help")) {
    *message = help_text();
    return ParseOutcome::kExitOk;
  }
  if (vm.count("version")) {
    *message = CONTID_VERSION_LINE("ausearch-ext") "\n";
    return ParseOutcome::kExitOk;
  }
  OptionApplier applier(vm, options, message);
  return applier.apply() ? ParseOutcome::kRun : ParseOutcome::kError;
}

}  // namespace ausearch_ext
