// ausearch's filters as an event predicate (see search_criteria.h).
#include "contid/search_criteria.h"

#include <grp.h>
#include <libaudit.h>
#include <pwd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

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

// A uid/gid/ses field: decimal u32, "-1" meaning 4294967295.
std::optional<std::uint32_t> id_value(std::string_view text) {
  if (auto v = parse_integer<std::int64_t>(text)) {
    if (*v == -1) return UINT32_MAX;
    if (*v >= 0 && *v <= UINT32_MAX) return static_cast<std::uint32_t>(*v);
  }
  return std::nullopt;
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
  return numeric_field_equals(event, name, expected, id_value);
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

std::string quoted(std::string_view option, std::string_view value) {
  return std::string(option) + ": '" + std::string(value) + "'";
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
  if (!nodes.empty() &&
      std::find(nodes.begin(), nodes.end(), k.node) == nodes.end())
    return false;
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
    if (!uid_field_equals(event, "uid", *any_uid) &&
        !uid_field_equals(event, "euid", *any_uid) &&
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
      !numeric_field_equals(event, "syscall", static_cast<std::int64_t>(*syscall),
                            parse_i64))
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

bool parse_message_types(std::string_view value, const ContainerRecordNumbers& numbers,
                         std::vector<int>* types, std::string* error) {
  if (value.size() == 3 && strncasecmp(value.data(), "ALL", 3) == 0) {
    types->clear();
    return true;
  }
  std::string_view rest = value;
  while (true) {
    std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    int type = 0;
    if (item == "CONTAINER_OP") {
      type = numbers.container_op;
    } else if (item == "CONTAINER_ID") {
      type = numbers.container_id;
    } else if (item == "SET_CAPCONTID") {
      type = numbers.set_capcontid;
    } else if (!item.empty() && std::isdigit(static_cast<unsigned char>(item[0]))) {
      auto n = parse_integer<int>(item);
      if (!n || *n < 0) {
        if (error) *error = "-m: '" + std::string(item) + "' is not a message type number";
        return false;
      }
      type = *n;
    } else {
      type = record_type_from_name(item, numbers);
      if (type <= 0) {
        if (error)
          *error = "-m: unknown message type '" + std::string(item) +
                   "' (a name such as SYSCALL, a number, CONTAINER_OP or CONTAINER_ID)";
        return false;
      }
    }
    types->push_back(type);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return true;
}

bool parse_user_id(std::string_view option, std::string_view value, std::uint32_t* out,
                   std::string* error) {
  if (value.empty()) {
    if (error) *error = std::string(option) + ": an argument is required";
    return false;
  }
  if (std::isdigit(static_cast<unsigned char>(value[0])) || value == "-1") {
    auto id = id_value(value);
    if (!id) {
      if (error) *error = quoted(option, value) + " is not a numeric user id";
      return false;
    }
    *out = *id;
    return true;
  }
  std::string name(value);
  const passwd* pw = getpwnam(name.c_str());
  if (pw == nullptr) {
    if (error) *error = quoted(option, value) + " is non-numeric and not a known user";
    return false;
  }
  *out = pw->pw_uid;
  return true;
}

bool parse_group_id(std::string_view option, std::string_view value, std::uint32_t* out,
                    std::string* error) {
  if (!value.empty() && std::isdigit(static_cast<unsigned char>(value[0]))) {
    auto id = id_value(value);
    if (!id) {
      if (error) *error = quoted(option, value) + " is not a numeric group id";
      return false;
    }
    *out = *id;
    return true;
  }
  std::string name(value);
  const group* gr = value.empty() ? nullptr : getgrnam(name.c_str());
  if (gr == nullptr) {
    if (error) *error = quoted(option, value) + " is non-numeric and not a known group";
    return false;
  }
  *out = gr->gr_gid;
  return true;
}

bool parse_syscall(std::string_view value, int* out, std::string* error) {
  if (!value.empty() && std::isdigit(static_cast<unsigned char>(value[0]))) {
    auto n = parse_integer<int>(value);
    if (!n) {
      if (error) *error = quoted("-sc", value) + " is not a syscall number";
      return false;
    }
    *out = *n;
    return true;
  }
  int machine = audit_detect_machine();
  std::string name(value);
  int number = machine < 0 ? -1 : audit_name_to_syscall(name.c_str(), machine);
  if (number < 0) {
    if (error) *error = "-sc: syscall '" + name + "' not found";
    return false;
  }
  *out = number;
  return true;
}

bool parse_success(std::string_view value, bool* out, std::string* error) {
  if (value == "yes") {
    *out = true;
    return true;
  }
  if (value == "no") {
    *out = false;
    return true;
  }
  if (error) *error = quoted("-sv", value) + ": success must be 'yes' or 'no'";
  return false;
}

bool parse_exit(std::string_view value, std::int64_t* out, std::string* error) {
  std::string text(value);
  const bool numeric = !text.empty() && (std::isdigit(static_cast<unsigned char>(text[0])) ||
                                         (text.size() >= 2 && text[0] == '-' &&
                                          std::isdigit(static_cast<unsigned char>(text[1]))));
  if (numeric) {
    errno = 0;
    char* end = nullptr;
    long long n = std::strtoll(text.c_str(), &end, 0);
    if (errno != 0 || end == nullptr || *end != 0) {
      if (error) *error = quoted("-e", value) + " is not a number";
      return false;
    }
    *out = n;
    return true;
  }
  int n = text.empty() ? 0 : audit_name_to_errno(text.c_str());
  if (n == 0) {
    if (error) *error = quoted("-e", value) + " is not a known errno name";
    return false;
  }
  *out = n;
  return true;
}

bool parse_number(std::string_view option, std::string_view value, std::int64_t min,
                  std::int64_t max, std::int64_t* out, std::string* error) {
  auto n = parse_integer<std::int64_t>(value);
  if (!n || *n < min || *n > max) {
    if (error)
      *error = quoted(option, value) + " is not a number in " + std::to_string(min) + ".." +
               std::to_string(max);
    return false;
  }
  *out = *n;
  return true;
}

}  // namespace contid
