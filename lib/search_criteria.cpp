// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch's filters as an event predicate (see search_criteria.h).
#include "contid/search_criteria.h"

#include <libaudit.h>

#include <algorithm>

#include "contid/record.h"
#include "text.h"

namespace contid {
namespace {

// Records that describe objects or context, not the acting task; ausearch
// takes no subject fields from them.
bool is_subject_record(const Record& record) {
  switch (record.type) {
    case AUDIT_PATH:
    case AUDIT_CWD:
    case AUDIT_EXECVE:
    case AUDIT_PROCTITLE:
    case AUDIT_OBJ_PID:
    case AUDIT_SOCKADDR:
    case AUDIT_EOE:
      return false;
    default:
      break;
  }
  return !record.is_container_record();
}

// Value of `name` in the last subject record that carries it.
std::optional<std::string_view> subject_field(const Event& event, std::string_view name) {
  std::optional<std::string_view> found;
  for (const Record& record : event.records()) {
    if (!is_subject_record(record)) continue;
    if (auto value = record.field(name)) found = value;
  }
  return found;
}

// A string field as ausearch reads it: quotes removed, or an unquoted hex
// string decoded; nullopt for an empty value and "(null)" (unquoted).
std::optional<std::string> string_value(std::string_view text) {
  if (!is_quoted(text) && (text.empty() || text == "(null)")) return std::nullopt;
  return decode_field_value(text);
}

bool string_matches(const std::string& needle, std::string_view haystack, bool whole_word) {
  if (whole_word) return haystack == needle;
  return haystack.find(needle) != std::string_view::npos;
}

bool key_matches(const Event& event, const std::string& needle, bool whole_word) {
  for (const Record& record : event.records()) {
    if (record.type != AUDIT_SYSCALL && record.type != AUDIT_CONFIG_CHANGE) continue;
    auto raw = record.field("key");
    if (!raw) continue;
    auto keys = string_value(*raw);
    if (!keys) continue;
    std::string_view rest = *keys;
    while (true) {
      std::size_t sep = rest.find('\x01');
      if (string_matches(needle, rest.substr(0, sep), whole_word)) return true;
      if (sep == std::string_view::npos) break;
      rest.remove_prefix(sep + 1);
    }
  }
  return false;
}

// success=yes|no (SYSCALL) or res=success|yes|1|failed|no|0 (other records).
std::optional<bool> event_success(const Event& event) {
  std::optional<bool> result;
  for (const Record& record : event.records()) {
    if (!is_subject_record(record)) continue;
    std::optional<std::string_view> value =
        record.type == AUDIT_SYSCALL ? record.field("success") : record.field("res");
    if (!value) continue;
    std::string_view v = *value;
    if (v.size() >= 2 && v.front() == '\'') v.remove_prefix(1);
    if (!v.empty() && v.back() == '\'') v.remove_suffix(1);
    if (v == "yes" || v == "success" || v == "1")
      result = true;
    else if (v == "no" || v == "failed" || v == "0")
      result = false;
  }
  return result;
}

template <typename T, typename Parse>
bool numeric_field_equals(const Event& event, std::string_view name, T expected, Parse parse) {
  auto text = subject_field(event, name);
  if (!text) return false;
  auto value = parse(*text);
  return value && *value == expected;
}

bool uid_field_equals(const Event& event, std::string_view name, std::uint32_t expected) {
  return numeric_field_equals(event, name, expected, parse_audit_id);
}

bool auid_equals(const Event& event, std::uint32_t expected) {
  if (subject_field(event, "auid")) return uid_field_equals(event, "auid", expected);
  return uid_field_equals(event, "loginuid", expected);
}

bool string_field_matches(const Event& event, std::string_view name, const std::string& needle,
                          bool whole_word) {
  auto raw = subject_field(event, name);
  if (!raw) return false;
  auto value = string_value(*raw);
  return value && string_matches(needle, *value, whole_word);
}

}  // namespace

bool SearchCriteria::empty() const {
  return !start && !end && types.empty() && !key && !pid && !ppid && !uid && !euid && !auid &&
         !any_uid && !gid && !exe && !comm && !syscall && !success && !exit && !serial &&
         !session && nodes.empty();
}

bool SearchCriteria::matches(const Event& event) const {
  const EventKey& k = event.key();
  if (start && k.seconds < *start) return false;
  if (end && k.seconds > *end) return false;
  if (serial && k.serial != *serial) return false;
  if (!nodes.empty() && std::find(nodes.begin(), nodes.end(), k.node) == nodes.end()) return false;
  if (!types.empty()) {
    bool found = false;
    for (const Record& record : event.records()) {
      if (std::find(types.begin(), types.end(), record.type) != types.end()) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (any_uid) {
    if (!uid_field_equals(event, "uid", *any_uid) && !uid_field_equals(event, "euid", *any_uid) &&
        !auid_equals(event, *any_uid))
      return false;
  }
  if (uid && !uid_field_equals(event, "uid", *uid)) return false;
  if (euid && !uid_field_equals(event, "euid", *euid)) return false;
  if (auid && !auid_equals(event, *auid)) return false;
  if (gid && !uid_field_equals(event, "gid", *gid)) return false;
  if (session && !uid_field_equals(event, "ses", *session)) return false;
  auto parse_i64 = [](std::string_view t) { return parse_integer<std::int64_t>(t); };
  if (pid && !numeric_field_equals(event, "pid", *pid, parse_i64)) return false;
  if (ppid && !numeric_field_equals(event, "ppid", *ppid, parse_i64)) return false;
  if (syscall &&
      !numeric_field_equals(event, "syscall", static_cast<std::int64_t>(*syscall), parse_i64))
    return false;
  if (exit) {
    const Record* sc = event.find(AUDIT_SYSCALL);
    if (sc == nullptr) return false;
    auto text = sc->field("exit");
    if (!text) return false;
    auto value = parse_integer<std::int64_t>(*text);
    if (!value || *value != *exit) return false;
  }
  if (success) {
    auto value = event_success(event);
    if (!value || *value != *success) return false;
  }
  if (key && !key_matches(event, *key, whole_word)) return false;
  if (exe && !string_field_matches(event, "exe", *exe, whole_word)) return false;
  if (comm && !string_field_matches(event, "comm", *comm, whole_word)) return false;
  return true;
}

}  // namespace contid
