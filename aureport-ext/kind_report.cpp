// SPDX-License-Identifier: GPL-2.0-or-later
// aureport's report kinds (see kind_report.h).
#include "kind_report.h"

#include <libaudit.h>

#include <map>

#include "ranked_counter.h"

namespace aureport_ext {
namespace {

struct KindText {
  const char* title;
  const char* columns;  // without "date time", space separated
  std::size_t rule;
  const char* summary_title;
  const char* summary_item;
  std::size_t summary_rule;
};

const KindText& kind_text(ReportKind kind) {
  static const KindText kTexts[] = {
      {"Executable Report", "exe term host auid event", 36, "Executable Summary Report", "file",
       33},
      {"File Report", "file syscall success exe auid event", 47, "File Summary Report", "file", 27},
      {"User ID Report", "auid term host exe event", 36, "User Summary Report", "auid", 27},
      {"Syscall Report", "syscall pid comm auid event", 39, "Syscall Summary Report", "syscall",
       26},
      {"Key Report", "key success exe auid event", 47, "Key Summary Report", "key", 27},
      {"Process ID Report", "pid exe syscall auid event", 38, "Pid Summary Report", "pid", 26},
      {"Event Report", "event type auid success", 35, "Event Summary Report", "type", 22},
      {"AVC Report", "comm subj syscall class permission obj result event", 63,
       "Avc Object Summary Report", "obj", 33},
  };
  return kTexts[static_cast<int>(kind)];
}

const char* kind_name(ReportKind kind) {
  static const char* kNames[] = {"executables", "files", "users",  "syscalls",
                                 "keys",        "pids",  "events", "avc"};
  return kNames[static_cast<int>(kind)];
}

std::vector<std::string> split_words(const char* text) {
  std::vector<std::string> out;
  std::string word;
  for (const char* p = text;; ++p) {
    if (*p == ' ' || *p == '\0') {
      if (!word.empty()) out.push_back(word);
      word.clear();
      if (*p == '\0') break;
    } else {
      word.push_back(*p);
    }
  }
  return out;
}

std::string or_unknown(const std::optional<std::string>& value) {
  return value ? *value : "?";
}

// aureport keeps -2 for "no auid seen" and prints pids with %u.
int auid_of(const EventFacts& f) {
  return f.auid.value_or(-2);
}
std::string pid_text(const EventFacts& f) {
  return std::to_string(static_cast<unsigned>(f.pid.value_or(-1)));
}

// Name of a record type as aureport prints it; container records by name.
std::string type_text(const EventFacts& f) {
  if (!f.first_type_name.empty() && f.first_type_name.rfind("UNKNOWN[", 0) != 0) {
    return f.first_type_name;
  }
  const char* name = audit_msg_type_to_name(f.first_type);
  return name ? name : f.first_type_name;
}

}  // namespace

struct KindReport::State {
  ReportKind kind;
  bool summary;
  OutcomeFilter filter;
  ValueFormatter fmt;
  ReportSink* sink;
  RankedCounter counter;
  std::map<int, std::string> type_names;  // -e --summary -i: number -> name
  std::uint64_t rows = 0;

  State(ReportKind k, bool s, OutcomeFilter fl, ValueFormatter f, ReportSink* out)
      : kind(k),
        summary(s),
        filter(fl),
        fmt(f),
        sink(out),
        counter(k == ReportKind::kPid || k == ReportKind::kEvent) {}

  void row(const EventFacts& f, std::vector<std::string> cells) {
    cells.insert(cells.begin(), {format_date(f.seconds), format_time(f.seconds)});
    sink->add_row(cells);
    ++rows;
  }

  void detailed(const EventFacts& f) {
    const std::string serial = std::to_string(f.serial);
    const std::string auid = fmt.uid(auid_of(f));
    const std::string syscall = fmt.syscall(f.arch, f.syscall.value_or(0));
    switch (kind) {
      case ReportKind::kExecutable:
        if (f.exe) row(f, {*f.exe, or_unknown(f.terminal), or_unknown(f.hostname), auid, serial});
        break;
      case ReportKind::kFile:
        if (!f.files.empty()) {
          row(f, {f.files.front(), syscall, ValueFormatter::success(f.success), or_unknown(f.exe),
                  auid, serial});
        }
        break;
      case ReportKind::kUser:
        if (f.uid && *f.uid != -1) {
          row(f, {auid, or_unknown(f.terminal), or_unknown(f.hostname), or_unknown(f.exe), serial});
        }
        break;
      case ReportKind::kSyscall:
        if (f.syscall && *f.syscall != 0) {
          row(f, {syscall, pid_text(f), or_unknown(f.comm), auid, serial});
        }
        break;
      case ReportKind::kKey:
        if (!f.keys.empty()) {
          row(f, {f.keys.front(), ValueFormatter::success(f.success), or_unknown(f.exe), auid,
                  serial});
        }
        break;
      case ReportKind::kPid:
        if (f.pid && *f.pid >= 0) row(f, {pid_text(f), or_unknown(f.exe), syscall, auid, serial});
        break;
      case ReportKind::kEvent:
        row(f, {serial, type_text(f), auid, ValueFormatter::success(f.success)});
        break;
      case ReportKind::kAvc:
        for (const AvcDecision& avc : f.avcs) {
          row(f, {or_unknown(f.comm), avc.scontext, syscall, avc.tclass, avc.permission,
                  avc.tcontext, avc.denied ? "denied" : "granted", serial});
        }
        break;
    }
  }

  void count(const EventFacts& f) {
    switch (kind) {
      case ReportKind::kExecutable:
        if (f.exe) counter.add(*f.exe);
        break;
      case ReportKind::kFile:
        for (const std::string& file : f.files) counter.add(file);
        break;
      case ReportKind::kUser:
        if (auid_of(f) != -2) counter.add(fmt.uid(auid_of(f)));
        break;
      case ReportKind::kSyscall:
        if (f.syscall && *f.syscall > 0) counter.add(fmt.syscall(f.arch, *f.syscall));
        break;
      case ReportKind::kKey:
        for (const std::string& key : f.keys) counter.add(key);
        break;
      case ReportKind::kPid:
        if (f.pid && *f.pid != -1) counter.add(std::to_string(*f.pid));
        break;
      case ReportKind::kEvent:
        // Counted by number (aureport ranks ties by type number), named
        // at output with -i.
        counter.add(std::to_string(f.first_type));
        if (fmt.interpret()) type_names.try_emplace(f.first_type, type_text(f));
        break;
      case ReportKind::kAvc:
        for (const AvcDecision& avc : f.avcs) counter.add(avc.tcontext);
        break;
    }
  }
};

KindReport::KindReport(ReportKind kind, bool summary, OutcomeFilter filter,
                       ValueFormatter formatter, ReportSink* sink)
    : state_(std::make_unique<State>(kind, summary, filter, formatter, sink)) {}

KindReport::~KindReport() = default;

void KindReport::begin() {
  const KindText& text = kind_text(state_->kind);
  TableSpec spec;
  spec.name = kind_name(state_->kind);
  if (state_->summary) {
    spec.title = title_prefix(state_->filter) + text.summary_title;
    spec.style = TableStyle::kRanked;
    spec.columns = {"total", text.summary_item};
    spec.numeric = {true, false};
    spec.ranked_header = std::string("total  ") + text.summary_item;
    spec.rule_width = text.summary_rule;
    spec.name += "_summary";
  } else {
    spec.title = text.title;
    spec.style = TableStyle::kDetailed;
    spec.columns = {"date", "time"};
    for (std::string& c : split_words(text.columns)) spec.columns.push_back(std::move(c));
    for (const std::string& column : spec.columns) {
      spec.numeric.push_back(column == "event" || column == "pid");
    }
    spec.rule_width = text.rule;
  }
  state_->sink->begin_table(spec);
}

void KindReport::add(const EventFacts& facts) {
  if (state_->summary) {
    state_->count(facts);
  } else {
    state_->detailed(facts);
  }
}

void KindReport::end() {
  if (state_->summary) {
    for (const auto& [item, hits] : state_->counter.ranked()) {
      std::string shown = item;
      if (state_->kind == ReportKind::kEvent) {
        auto name = state_->type_names.find(std::stoi(item));
        if (name != state_->type_names.end()) shown = name->second;
      }
      state_->sink->add_row({std::to_string(hits), shown});
    }
  }
  state_->sink->end_table();
}

std::uint64_t KindReport::items() const {
  return state_->summary ? state_->counter.distinct() : state_->rows;
}

}  // namespace aureport_ext
