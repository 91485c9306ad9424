// SPDX-License-Identifier: GPL-2.0-or-later
// Extraction of report facts from one event (see event_facts.h).
#include "event_facts.h"

#include <libaudit.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "contid/field_text.h"

namespace aureport_ext {
namespace {

// Record numbers from linux/audit.h, named here so the rules read clearly.
constexpr int kUser = 1005, kLogin = 1006;
constexpr int kFirstUserMsg = 1100, kUserEnd = 1106, kUserAvc = 1107;
constexpr int kUserChauthtok = 1108, kLastUserMsg = 1199;
constexpr int kFirstUserMsg2 = 2100, kLastUserMsg2 = 2999;
constexpr int kDaemonStart = 1200, kDaemonConfig = 1203, kDaemonRotate = 1205;
constexpr int kDaemonResume = 1206, kDaemonAccept = 1207, kDaemonClose = 1208;
constexpr int kSyscall = 1300, kPath = 1302, kConfigChange = 1305, kCwd = 1307;
constexpr int kExecve = 1309, kFeatureChange = 1328, kAvc = 1400;

bool is_user_record(int type) {
  return type == kUser || (type >= kFirstUserMsg && type <= kUserEnd) ||
         (type >= kUserChauthtok && type <= kLastUserMsg) ||
         (type >= kFirstUserMsg2 && type <= kLastUserMsg2);
}

// DAEMON_START, _END, _ABORT, _CONFIG, _ROTATE, _RESUME (not _RECONFIG 1204).
bool is_daemon_start_end_record(int type) {
  return (type >= kDaemonStart && type <= kDaemonConfig) || type == kDaemonRotate ||
         type == kDaemonResume;
}

using contid::decode_field_value;
using contid::parse_integer_prefix;

// aureport stores ids through strtoul into an int: 4294967295 -> -1.
std::optional<int> parse_id(std::optional<std::string_view> text) {
  if (!text) return std::nullopt;
  if (*text == "-1") return -1;
  auto value = parse_integer_prefix<std::uint64_t>(*text);
  if (!value) return std::nullopt;
  return static_cast<int>(static_cast<std::uint32_t>(*value));
}

std::optional<std::string> decoded_field(const contid::Record& record, std::string_view name) {
  auto value = record.field(name);
  if (!value) return std::nullopt;
  return decode_field_value(*value);
}

void add_keys(std::string_view raw, std::vector<std::string>* keys) {
  if (raw.empty() || raw == "(null)") return;
  std::string text = decode_field_value(raw);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\x01', start);
    if (end == std::string::npos) end = text.size();
    std::string key = text.substr(start, end - start);
    if (!key.empty() && key != "(null)") keys->push_back(std::move(key));
    start = end + 1;
  }
}

// Task fields shared by SYSCALL-like records (aureport's parse_task_info).
void take_task_fields(const contid::Record& r, EventFacts* f) {
  if (auto pid = r.field("pid")) {
    if (auto v = parse_integer_prefix<long>(*pid)) f->pid = v;
  }
  if (auto auid = parse_id(r.field("auid")))
    f->auid = auid;
  else if (auto loginuid = parse_id(r.field("loginuid")))
    f->auid = loginuid;
  if (auto uid = parse_id(r.field("uid"))) f->uid = uid;
  if (auto tty = r.field("tty")) f->terminal = std::string(*tty);
  if (auto comm = decoded_field(r, "comm")) f->comm = std::move(comm);
  if (auto exe = decoded_field(r, "exe")) f->exe = std::move(exe);
  if (auto res = r.field("res")) {
    auto v = parse_integer_prefix<long>(*res);
    f->success = (v && *v != 0) ? Outcome::kSuccess : Outcome::kFailed;
  }
}

void take_syscall(const contid::Record& r, EventFacts* f) {
  if (auto arch = r.field("arch")) {
    if (auto v = parse_integer_prefix<unsigned>(*arch, 16)) f->arch = *v;
  }
  if (auto sc = r.field("syscall")) f->syscall = parse_integer_prefix<long>(*sc);
  if (auto success = r.field("success")) {
    f->success = (*success == "yes") ? Outcome::kSuccess : Outcome::kFailed;
  }
  auto hex_arg = [&](std::string_view name) -> std::uint64_t {
    auto v = r.field(name);
    if (!v) return 0;
    return parse_integer_prefix<std::uint64_t>(*v, 16).value_or(0);
  };
  f->a0 = hex_arg("a0");
  f->a1 = hex_arg("a1");
  f->a2 = hex_arg("a2");
  take_task_fields(r, f);
  if (auto key = r.field("key")) add_keys(*key, &f->keys);
}

void take_user(const contid::Record& r, EventFacts* f) {
  if (auto pid = r.field("pid")) {
    if (auto v = parse_integer_prefix<long>(*pid)) f->pid = v;
  }
  if (auto uid = parse_id(r.field("uid"))) f->uid = uid;
  if (auto auid = parse_id(r.field("auid")))
    f->auid = auid;
  else if (auto loginuid = parse_id(r.field("loginuid")))
    f->auid = loginuid;
  if (auto comm = decoded_field(r, "comm")) f->comm = std::move(comm);
  if (auto acct = decoded_field(r, "acct")) f->acct = std::move(acct);
  if (auto host = r.field("hostname")) {
    std::string value = decode_field_value(*host);
    if (value == "?") {
      if (auto addr = r.field("addr")) value = decode_field_value(*addr);
    }
    f->hostname = std::move(value);
  }
  if (auto term = r.field("terminal")) f->terminal = decode_field_value(*term);
  if (auto exe = decoded_field(r, "exe")) f->exe = std::move(exe);
  if (auto res = r.unquoted_field("res")) {
    f->success = res->starts_with("failed") ? Outcome::kFailed : Outcome::kSuccess;
  } else if (auto result = r.unquoted_field("result")) {
    f->success =
        (*result == "success" || *result == "Success") ? Outcome::kSuccess : Outcome::kFailed;
  }
}

// AVC / USER_AVC: "avc:  denied  { read } for ... scontext=.. tcontext=.. tclass=..".
void take_avc(const contid::Record& r, EventFacts* f) {
  AvcDecision decision;
  std::string_view body = r.body;
  std::size_t avc = body.find("avc:");
  std::size_t open = body.find('{', avc == std::string_view::npos ? 0 : avc);
  if (avc != std::string_view::npos && open != std::string_view::npos) {
    decision.denied = body.substr(avc, open - avc).find("denied") != std::string_view::npos;
    std::size_t close = body.find('}', open);
    if (close != std::string_view::npos) {
      std::string_view perm = body.substr(open + 1, close - open - 1);
      while (!perm.empty() && perm.front() == ' ') perm.remove_prefix(1);
      while (!perm.empty() && perm.back() == ' ') perm.remove_suffix(1);
      decision.permission = std::string(perm);
    }
    f->success = decision.denied ? Outcome::kFailed : Outcome::kSuccess;
  }
  if (auto v = r.field("scontext")) decision.scontext = std::string(*v);
  if (auto v = r.field("tcontext")) decision.tcontext = std::string(*v);
  if (auto v = r.field("tclass")) decision.tclass = std::string(*v);
  if (r.type == kUserAvc) {
    take_user(r, f);
  } else {
    if (auto pid = r.field("pid")) {
      if (auto v = parse_integer_prefix<long>(*pid)) f->pid = v;
    }
    if (!f->comm) {
      if (auto comm = decoded_field(r, "comm")) f->comm = std::move(comm);
    }
  }
  if (decision.denied) f->avc_denied = true;
  f->avcs.push_back(std::move(decision));
}

void take_simple_message(const contid::Record& r, EventFacts* f) {
  if (auto auid = parse_id(r.field("auid"))) f->auid = auid;
  if (auto key = r.field("key")) add_keys(*key, &f->keys);
  if (r.type == kConfigChange) f->success = Outcome::kSuccess;
  if (auto res = r.field("res")) {
    auto v = parse_integer_prefix<long>(*res);
    f->success = (v && *v != 0) ? Outcome::kSuccess : Outcome::kFailed;
  }
}

// aureport's parse_daemon1 (src/ausearch-parse.c, audit 3.0.9) reads the
// daemon records positionally with strstr: "auid=" anywhere, then "pid=" after
// the auid value, then " uid=" and "ses=" only after the pid value. So
// "op=terminate auid=0 uid=0 ses=4294967295 pid=N" yields no uid, and aureport
// -u leaves the event out; the same order is followed here.
std::optional<std::string_view> value_after(std::string_view body, std::size_t* from,
                                            std::string_view name) {
  std::size_t at = body.find(name, *from);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t start = at + name.size();
  std::size_t end = body.find(' ', start);
  if (end == std::string_view::npos) return std::nullopt;  // aureport: malformed, stop
  *from = end;
  return body.substr(start, end - start);
}

void take_daemon_start_end(const contid::Record& r, EventFacts* f) {
  std::size_t from = 0;
  auto auid = value_after(r.body, &from, "auid=");
  if (!auid) return;
  if (auto v = parse_id(auid)) f->auid = v;
  auto pid = value_after(r.body, &from, "pid=");
  if (!pid) return;
  if (auto v = parse_integer_prefix<long>(*pid)) f->pid = v;
  if (auto uid = value_after(r.body, &from, " uid=")) {
    if (auto v = parse_id(uid)) f->uid = v;
  }
  if (auto res = r.unquoted_field("res")) {
    f->success = res->starts_with("failed") ? Outcome::kFailed : Outcome::kSuccess;
  }
}

// parse_daemon2 (DAEMON_ACCEPT, DAEMON_CLOSE) takes only the result.
void take_daemon_connection(const contid::Record& r, EventFacts* f) {
  if (auto res = r.unquoted_field("res")) {
    f->success = res->starts_with("failed") ? Outcome::kFailed : Outcome::kSuccess;
  }
}

void take_login(const contid::Record& r, EventFacts* f) {
  if (auto pid = r.field("pid")) {
    if (auto v = parse_integer_prefix<long>(*pid)) f->pid = v;
  }
  if (auto uid = parse_id(r.field("uid"))) f->uid = uid;
  if (auto auid = parse_id(r.field("auid"))) f->auid = auid;
  if (auto res = r.field("res")) {
    auto v = parse_integer_prefix<long>(*res);
    f->success = (v && *v != 0) ? Outcome::kSuccess : Outcome::kFailed;
  }
}

void take_path(const contid::Record& r, const std::optional<std::string>& cwd, EventFacts* f) {
  auto name = r.field("name");
  if (!name || *name == "(null)") return;
  std::string path = decode_field_value(*name);
  if (cwd && (path.starts_with("./") || path.starts_with(".."))) path = *cwd + "/" + path;
  f->files.push_back(std::move(path));
  auto nametype = r.field("nametype");
  f->file_is_parent.push_back(nametype && *nametype == "PARENT");
  if (nametype && (*nametype == "CREATE" || *nametype == "DELETE")) f->writes_files = true;
}

constexpr std::uint64_t kWriteOpenFlags = 01 | 02 | 0100 | 01000;  // WRONLY RDWR CREAT TRUNC

bool writes_by_name(std::string_view name) {
  static constexpr std::string_view kWriters[] = {
      "creat",     "truncate", "ftruncate", "rename",    "renameat",    "renameat2",   "unlink",
      "unlinkat",  "mkdir",    "mkdirat",   "rmdir",     "link",        "linkat",      "symlink",
      "symlinkat", "mknod",    "mknodat",   "chmod",     "fchmodat",    "chown",       "lchown",
      "fchownat",  "setxattr", "lsetxattr", "utimensat", "removexattr", "lremovexattr"};
  return std::find(std::begin(kWriters), std::end(kWriters), name) != std::end(kWriters);
}

void classify_syscall(EventFacts* f) {
  if (!f->syscall) return;
  if (f->success == Outcome::kFailed && *f->syscall > 0) f->failed_syscall = true;
  auto name = syscall_name(f->arch, *f->syscall);
  if (!name) return;
  bool ok = f->success == Outcome::kSuccess;
  if (*name == "connect" || (*name == "socketcall" && f->a0 == 3)) f->connect = true;
  if ((*name == "execve" || *name == "execveat") && ok) f->exec = true;
  if (!ok) return;
  if (*name == "open" && (f->a1 & kWriteOpenFlags)) f->writes_files = true;
  if ((*name == "openat" || *name == "openat2") && (f->a2 & kWriteOpenFlags)) {
    f->writes_files = true;
  }
  if (writes_by_name(*name)) f->writes_files = true;
}

}  // namespace

std::optional<std::string_view> syscall_name(unsigned arch, long syscall) {
  // libaudit's lookup is a table search; cache per (arch, number).
  static std::mutex mutex;
  static std::map<std::pair<unsigned, long>, std::optional<std::string>> cache;
  std::lock_guard lock(mutex);
  auto [it, inserted] = cache.try_emplace({arch, syscall});
  if (inserted) {
    int machine = audit_elf_to_machine(arch);
    const char* name =
        machine < 0 ? nullptr : audit_syscall_to_name(static_cast<int>(syscall), machine);
    if (name) it->second = std::string(name);
  }
  if (!it->second) return std::nullopt;
  return std::string_view(*it->second);
}

std::vector<std::string> EventFacts::written_files() const {
  if (!writes_files) return {};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!file_is_parent[i]) out.push_back(files[i]);
  }
  if (out.empty() && !files.empty()) out.push_back(files.back());
  return out;
}

EventFacts extract_facts(const contid::Event& event) {
  EventFacts f;
  const contid::EventKey& key = event.key();
  f.seconds = key.seconds;
  f.milliseconds = key.milliseconds;
  f.serial = key.serial;
  const contid::Record& first = event.records().front();
  f.first_type = first.type;
  f.first_type_name = contid::display_type_name(first);

  std::optional<std::string> cwd;
  bool has_execve_record = false;
  for (const contid::Record& r : event.records()) {
    if (r.is_container_record()) continue;
    const int t = r.type;
    if (t == kSyscall) {
      take_syscall(r, &f);
    } else if (t == kCwd) {
      if (!cwd) cwd = decoded_field(r, "cwd");
    } else if (t == kPath) {
      take_path(r, cwd, &f);
    } else if (t == kAvc || t == kUserAvc) {
      take_avc(r, &f);
    } else if (is_user_record(t)) {
      take_user(r, &f);
    } else if (t == kLogin) {
      take_login(r, &f);
    } else if (is_daemon_start_end_record(t)) {
      take_daemon_start_end(r, &f);
    } else if (t == kDaemonAccept || t == kDaemonClose) {
      take_daemon_connection(r, &f);
    } else if (t == kConfigChange) {
      take_simple_message(r, &f);
    } else if (t == kFeatureChange) {
      take_task_fields(r, &f);
    } else if (t == kExecve) {
      has_execve_record = true;
    }
  }
  classify_syscall(&f);
  if (has_execve_record) f.exec = true;
  return f;
}

}  // namespace aureport_ext
