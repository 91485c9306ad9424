// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch-ext's command line (see options.h): contid_cli's tokenizer with
// the shared rows plus ausearch's filters and output options below.
#include "options.h"

#include <cstdint>
#include <optional>

#include "contid/option_values.h"
#include "contid/version.h"

namespace ausearch_ext {
namespace {

using contid_cli::Argument;

enum OwnId : int {
  kMessage,
  kKey,
  kPid,
  kPpid,
  kUid,
  kUidEffective,
  kLoginuid,
  kUidAll,
  kGid,
  kExecutable,
  kComm,
  kSyscall,
  kSuccess,
  kExit,
  kEvent,
  kSession,
  kNode,
  kWord,
  kJustOne,
  kLineBuffered,
  kRaw,
  kInterpret,
  kFormat,
};

const contid_cli::OptionSpec kOwnRows[] = {
    {kMessage, {"-m", "--message"}, Argument::kWord},
    {kKey, {"-k", "--key"}, Argument::kWord},
    {kPid, {"-p", "--pid"}, Argument::kWord},
    {kPpid, {"-pp", "--ppid"}, Argument::kWord},
    {kUid, {"-ui", "--uid"}, Argument::kWord},
    {kUidEffective, {"-ue", "--uid-effective"}, Argument::kWord},
    {kLoginuid, {"-ul", "--loginuid"}, Argument::kSignedWord},
    {kUidAll, {"-ua", "--uid-all"}, Argument::kWord},
    {kGid, {"-gi", "--gid"}, Argument::kWord},
    {kExecutable, {"-x", "--executable"}, Argument::kWord},
    {kComm, {"-c", "--comm"}, Argument::kWord},
    {kSyscall, {"-sc", "--syscall"}, Argument::kWord},
    {kSuccess, {"-sv", "--success"}, Argument::kWord},
    {kExit, {"-e", "--exit"}, Argument::kSignedWord},
    {kEvent, {"-a", "--event"}, Argument::kWord},
    {kSession, {"--session"}, Argument::kSignedWord},
    {kNode, {"-n", "--node"}, Argument::kWord},
    {kWord, {"-w", "--word"}},
    {kJustOne, {"--just-one"}},
    {kLineBuffered, {"-l", "--line-buffered"}},
    {kRaw, {"-r", "--raw"}},
    {kInterpret, {"-i", "--interpret"}},
    {kFormat, {"--format"}, Argument::kWord},
};

// Applies one of ausearch-ext's own options; false with *error on a bad value.
class OwnOptionApplier {
 public:
  OwnOptionApplier(AusearchOptions* options, std::string* error)
      : options_(options), criteria_(options->criteria), error_(error) {}

  bool apply(const contid_cli::GivenOption& option) {
    const std::string& v = option.values.empty() ? std::string() : option.values[0];
    auto& c = criteria_;
    switch (static_cast<OwnId>(option.id)) {
      case kMessage:
        return contid::parse_message_types(v, options_->common.numbers, &c.types, error_);
      case kKey:
        c.key = v;
        return true;
      case kExecutable:
        c.exe = v;
        return true;
      case kComm:
        c.comm = v;
        return true;
      case kNode:
        c.nodes.push_back(v);
        return true;
      case kWord:
        c.whole_word = true;
        return true;
      case kPid:
        return number("-p", v, 0, INT32_MAX, &c.pid);
      case kPpid:
        return number("-pp", v, 0, INT32_MAX, &c.ppid);
      case kEvent: {
        std::optional<std::int64_t> serial;
        if (!number("-a", v, 0, INT64_MAX, &serial)) return false;
        c.serial = static_cast<std::uint64_t>(*serial);
        return true;
      }
      case kSession: {
        std::optional<std::int64_t> session;
        if (!number("--session", v, -1, UINT32_MAX, &session)) return false;
        c.session = static_cast<std::uint32_t>(*session);
        return true;
      }
      case kUid:
        return user("-ui", v, &c.uid);
      case kUidEffective:
        return user("-ue", v, &c.euid);
      case kLoginuid:
        return user("-ul", v, &c.auid);
      case kUidAll:
        return user("-ua", v, &c.any_uid);
      case kGid: {
        std::uint32_t gid = 0;
        if (!contid::parse_group_id("-gi", v, &gid, error_)) return false;
        c.gid = gid;
        return true;
      }
      case kSyscall: {
        int number = 0;
        if (!contid::parse_syscall(v, &number, error_)) return false;
        c.syscall = number;
        return true;
      }
      case kSuccess: {
        bool yes = false;
        if (!contid::parse_success(v, &yes, error_)) return false;
        c.success = yes;
        return true;
      }
      case kExit: {
        std::int64_t code = 0;
        if (!contid::parse_exit(v, &code, error_)) return false;
        c.exit = code;
        return true;
      }
      case kJustOne:
        options_->just_one = true;
        return true;
      case kLineBuffered:
        options_->line_buffered = true;
        return true;
      case kRaw:
        return choose_format(kRaw, contid::OutputFormat::kRaw);
      case kInterpret:
        return choose_format(kInterpret, contid::OutputFormat::kInterpret);
      case kFormat: {
        contid::OutputFormat format{};
        if (!contid::parse_output_format(v, &format, error_)) return false;
        return choose_format(kFormat, format);
      }
    }
    return true;
  }

 private:
  bool number(const char* option, const std::string& value, std::int64_t min, std::int64_t max,
              std::optional<std::int64_t>* out) {
    std::int64_t n = 0;
    if (!contid::parse_bounded_integer(option, value, min, max, &n, error_)) return false;
    *out = n;
    return true;
  }

  bool user(const char* option, const std::string& value, std::optional<std::uint32_t>* out) {
    std::uint32_t id = 0;
    if (!contid::parse_user_id(option, value, &id, error_)) return false;
    *out = id;
    return true;
  }

  // -r, -i and --format each choose the format; two different ones conflict.
  bool choose_format(OwnId by, contid::OutputFormat format) {
    if (chosen_by_ != kNoFormatYet && chosen_by_ != by) {
      *error_ = "conflicting output formats: use only one of -r, -i, --format";
      return false;
    }
    chosen_by_ = by;
    options_->format = format;
    return true;
  }

  AusearchOptions* options_;
  contid::SearchCriteria& criteria_;
  std::string* error_;
  static constexpr int kNoFormatYet = -1;
  int chosen_by_ = kNoFormatYet;  // the OwnId that chose the format
};

}  // namespace

std::string help_text() {
  return "usage: ausearch-ext [options]\n"
         "Search audit logs like ausearch, with container ids (--contid).\n"
         "\n"
         "Options (ausearch's spellings; single-dash long forms such as -if work):\n"
         "  -if,--input FILE|DIR     read this log (repeatable)\n"
         "  --input-logs             read auditd.conf's log_file set even if stdin is a pipe\n"
         "  -ts,--start [DATE] [TIME]|KEYWORD   events at or after\n"
         "  -te,--end [DATE] [TIME]|KEYWORD     events at or before\n"
         "  -m,--message TYPE[,TYPE] record types (names, numbers, CONTAINER_OP,\n"
         "                           CONTAINER_ID, ALL)\n"
         "  -k,--key KEY             rule key (substring)\n"
         "  -p,--pid PID             -pp,--ppid PID\n"
         "  -ui,--uid UID|NAME       -ue,--uid-effective UID|NAME\n"
         "  -ul,--loginuid UID|NAME|-1\n"
         "  -ua,--uid-all UID|NAME   uid, euid or auid\n"
         "  -gi,--gid GID|NAME\n"
         "  -x,--executable EXE      (substring)\n"
         "  -c,--comm COMM           (substring)\n"
         "  -sc,--syscall NAME|NUMBER\n"
         "  -sv,--success yes|no\n"
         "  -e,--exit CODE|ERRNO-NAME\n"
         "  -a,--event SERIAL        audit event serial number\n"
         "  --session SES            login session id\n"
         "  -n,--node NODE           (repeatable)\n"
         "  -w,--word                -k/-x/-c match whole strings\n"
         "  --contid ID[,ID...]|unset|host   events carrying a container (nested\n"
         "                           containers included; repeatable)\n"
         "  --contid-exact           match innermost container ids only\n"
         "  --record-numbers OP,ID|PRESET   container record numbers (default\n"
         "                           1020,1340; presets default, v11, v10, v9, v8, v7)\n"
         "  --registrations FILE     registrations kept by audisp-contid (default:\n"
         "                           contid-registrations.log beside each log)\n"
         "  --just-one               stop after the first matching event\n"
         "  -l,--line-buffered       flush after every event\n"
         "  -r,--raw                 records as they are in the log\n"
         "  -i,--interpret           interpret numeric fields\n"
         "  --format raw|default|interpret|csv|text|json\n"
         "  --eoe-timeout SECS       end-of-event timeout, 1..3600 (default 2)\n"
         "  --debug                  list every input problem with file:line\n"
         "  -h,--help                this help\n"
         "  -v,--version             print the version\n"
         "\n"
         "DATE is MM/DD/YYYY (or the locale's date), TIME is HH:MM[:SS]; KEYWORD is one of\n"
         "now, recent, boot, today, yesterday, this-week, week-ago, this-month, this-year.\n";
}

ParseOutcome parse_command_line(const std::vector<std::string>& args, AusearchOptions* options,
                                std::string* message) {
  std::vector<contid_cli::OptionSpec> table(contid_cli::shared_option_table().begin(),
                                            contid_cli::shared_option_table().end());
  table.insert(table.end(), std::begin(kOwnRows), std::end(kOwnRows));
  std::vector<contid_cli::GivenOption> given;
  contid_cli::SyntaxError syntax{};
  if (!contid_cli::split_command_line(args, table, &given, &syntax)) {
    *message = contid_cli::describe(syntax);
    return ParseOutcome::kError;
  }
  contid_cli::SharedOptions& common = options->common;
  if (!contid_cli::apply_shared_options(given, contid::TimeContext::current(), &common, message))
    return ParseOutcome::kError;
  if (common.help) {
    *message = help_text();
    return ParseOutcome::kExitOk;
  }
  if (common.version) {
    *message = CONTID_VERSION_LINE("ausearch-ext") "\n";
    return ParseOutcome::kExitOk;
  }
  options->criteria.start = common.start;
  options->criteria.end = common.end;
  OwnOptionApplier applier(options, message);
  for (const contid_cli::GivenOption& option : given)
    if (!contid_cli::is_shared_option(option.id) && !applier.apply(option))
      return ParseOutcome::kError;
  return ParseOutcome::kRun;
}

}  // namespace ausearch_ext
