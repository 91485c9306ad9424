// SPDX-License-Identifier: GPL-2.0-or-later
// Value formatting as aureport prints it (see value_format.h).
#include "value_format.h"

#include <libaudit.h>
#include <pwd.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <mutex>

namespace aureport_ext {
namespace {

std::string strftime_local(std::int64_t seconds, const char* format) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  if (!localtime_r(&t, &tm)) return "?";
  char buf[64];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return n ? std::string(buf, n) : "?";
}

}  // namespace

std::string format_date(std::int64_t seconds) {
  return strftime_local(seconds, "%x");
}
std::string format_time(std::int64_t seconds) {
  return strftime_local(seconds, "%T");
}

std::string format_timestamp_ms(std::int64_t seconds, std::uint32_t milliseconds) {
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03u", milliseconds % 1000);
  return strftime_local(seconds, "%x %T") + ms;
}

std::string ValueFormatter::uid(int value) const {
  if (!interpret_) return std::to_string(value);
  if (value == -1) return "unset";
  static std::mutex mutex;
  static std::map<int, std::string> names;
  std::lock_guard lock(mutex);
  auto it = names.find(value);
  if (it != names.end()) return it->second;
  passwd pw{};
  passwd* found = nullptr;
  char buf[4096];
  std::string name;
  if (getpwuid_r(static_cast<uid_t>(value), &pw, buf, sizeof buf, &found) == 0 && found) {
    name = found->pw_name;
  } else {
    name = "unknown(" + std::to_string(value) + ")";
  }
  names.emplace(value, name);
  return name;
}

std::string ValueFormatter::syscall(unsigned arch, long number) const {
  if (interpret_) {
    // aureport: "?" when the arch is unknown (no SYSCALL record), the number
    // when the table has no name for it.
    if (audit_elf_to_machine(arch) < 0) return "?";
    if (auto name = syscall_name(arch, number)) return std::string(*name);
  }
  return std::to_string(number);
}

std::string ValueFormatter::success(Outcome outcome) {
  switch (outcome) {
    case Outcome::kSuccess:
      return "yes";
    case Outcome::kFailed:
      return "no";
    case Outcome::kUnset:
      break;
  }
  return "unset";
}

}  // namespace aureport_ext
