// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid_rule.h"

#include <charconv>
#include <cstdlib>
#include <cstring>

// libaudit's rule-builder state, exported by libaudit.so.1 but not declared
// in libaudit.h (auditctl declares them itself): the arch that
// audit_rule_syscallbyname_data() resolves names for, set by "-F arch=", and
// whether a syscall was added.
extern "C" {
extern unsigned int _audit_elf;
extern int _audit_syscalladded;
}

namespace auditctl_ext {
namespace {

constexpr std::size_t kMaxKeyLength = 256;  // AUDIT_MAX_KEY_LEN
constexpr char kKeySeparator = '\x01';      // AUDIT_KEY_SEPARATOR

// "-F contid=5" / "-F contid!=-1": false when `pair` is not a contid field.
bool parse_contid_pair(const std::string& pair, bool* not_equal, std::uint64_t* id,
                       std::string* error) {
  std::string_view rest(pair);
  if (!rest.starts_with("contid")) return false;
  rest.remove_prefix(6);
  if (rest.starts_with("!=")) {
    *not_equal = true;
    rest.remove_prefix(2);
  } else if (rest.starts_with("=")) {
    *not_equal = false;
    rest.remove_prefix(1);
  } else {
    *error = "-F " + pair + ": the contid field takes only = and !=";
    return true;
  }
  if (rest == "-1") {
    *id = kUnsetContid;
    return true;
  }
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), *id);
  if (rest.empty() || ec != std::errc() || end != rest.data() + rest.size() ||
      *id == kUnsetContid) {
    *error = "-F " + pair + ": a container id is a decimal u64 below 2^64-1, or -1 (unset)";
  }
  return true;
}

// auditctl's audit_rule_setup: "LIST,ACTION" in either order.
bool parse_list_action(const std::string& text, int* list, int* action) {
  const std::size_t comma = text.find(',');
  if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos) return false;
  const std::string a = text.substr(0, comma), b = text.substr(comma + 1);
  *list = audit_name_to_flag(a.c_str());
  *action = audit_name_to_action(b.c_str());
  if (*list < 0 || *action < 0) {
    *list = audit_name_to_flag(b.c_str());
    *action = audit_name_to_action(a.c_str());
  }
  return *list >= 0 && *action >= 0;
}

bool append_contid(RuleData* rule, bool not_equal, std::uint64_t id, std::string* error) {
  audit_rule_data* old = rule->get();
  if (old->field_count >= AUDIT_MAX_FIELDS) {
    *error = "too many fields in the rule";
    return false;
  }
  const std::size_t size = sizeof(audit_rule_data) + old->buflen + sizeof(id);
  auto* grown = static_cast<audit_rule_data*>(std::realloc(old, size));
  if (grown == nullptr) {
    *error = "out of memory";
    return false;
  }
  (void)rule->release();
  rule->reset(grown);
  const std::uint32_t n = grown->field_count++;
  grown->fields[n] = kAuditContidField;
  grown->fieldflags[n] = not_equal ? AUDIT_NOT_EQUAL : AUDIT_EQUAL;
  grown->values[n] = sizeof(id);
  std::memcpy(grown->buf + grown->buflen, &id, sizeof(id));
  grown->buflen += sizeof(id);
  return true;
}

// libaudit prints auditctl's own message for a builder's error code (on
// stderr); the returned text says which word it was about.
std::string libaudit_message(int code, const std::string& what) {
  audit_number_to_errmsg(code, what.c_str());
  return "the rule was not sent ('" + what + "', see above)";
}

}  // namespace

std::vector<std::string> split_rule_words(const std::string& line) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < line.size()) {
    pos = line.find_first_not_of(" \t\r\n", pos);
    if (pos == std::string::npos) break;
    std::size_t end = line.find_first_of(" \t\r\n", pos);
    if (end == std::string::npos) end = line.size();
    words.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  return words;
}

bool has_contid_field(const std::vector<std::string>& words) {
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "-F" && i + 1 < words.size() && words[i + 1].starts_with("contid")) return true;
    if (words[i].starts_with("-Fcontid")) return true;
  }
  return false;
}

bool build_contid_rule(const std::vector<std::string>& words, BuiltRule* out, std::string* error) {
  RuleData rule(audit_rule_create_data());
  if (!rule) {
    *error = "out of memory";
    return false;
  }
  audit_rule_init_data(rule.get());
  _audit_elf = 0;
  _audit_syscalladded = 0;
  bool have_list = false, have_syscall = false;
  int list = 0, action = 0;
  std::string key;
  struct Contid {
    bool not_equal;
    std::uint64_t id;
  };
  std::vector<Contid> contids;

  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string option = words[i], value;
    if (option.size() > 2 && option[0] == '-' && option[1] != '-') {
      value = option.substr(2);  // "-Fpid=1" as getopt reads it
      option = option.substr(0, 2);
    } else if (i + 1 < words.size()) {
      value = words[++i];
    } else {
      *error = "option " + option + " needs a value";
      return false;
    }
    if (option == "-a" || option == "-A" || option == "-d") {
      if (have_list) {
        *error = "Multiple rule insert/delete operations are not allowed";
        return false;
      }
      if (!parse_list_action(value, &list, &action)) {
        *error = "bad list,action '" + value + "'";
        return false;
      }
      have_list = true;
      out->add = option != "-d";
      out->flags = list | (option == "-A" ? AUDIT_FILTER_PREPEND : 0);
      out->action = action;
    } else if (option == "-S") {
      if (!have_list || list != AUDIT_FILTER_EXIT) {
        *error = "-S needs -a/-A/-d with the exit list before it";
        return false;
      }
      if (_audit_elf == 0) _audit_elf = audit_machine_to_elf(audit_detect_machine());
      std::size_t start = 0;
      while (start <= value.size()) {
        std::size_t comma = value.find(',', start);
        if (comma == std::string::npos) comma = value.size();
        const std::string name = value.substr(start, comma - start);
        if (audit_rule_syscallbyname_data(rule.get(), name.c_str()) != 0) {
          *error = "Syscall name unknown: " + name;
          return false;
        }
        start = comma + 1;
      }
      have_syscall = true;
      _audit_syscalladded = 1;  // libaudit's key field requires it, as in auditctl
    } else if (option == "-F" || option == "-C") {
      if (!have_list) {
        *error = "List must be given before field";
        return false;
      }
      bool not_equal = false;
      std::uint64_t id = 0;
      std::string why;
      if (option == "-F" && parse_contid_pair(value, &not_equal, &id, &why)) {
        if (!why.empty()) {
          *error = why;
          return false;
        }
        contids.push_back({not_equal, id});
        continue;
      }
      if (option == "-F" && value.starts_with("key=")) {
        key += (key.empty() ? "" : std::string(1, kKeySeparator)) + value.substr(4);
        continue;
      }
      audit_rule_data* raw = rule.release();
      const int rc = option == "-F" ? audit_rule_fieldpair_data(&raw, value.c_str(), list)
                                    : audit_rule_interfield_comp_data(&raw, value.c_str(), list);
      rule.reset(raw);
      if (rc != 0) {
        *error = libaudit_message(rc, value);
        return false;
      }
    } else if (option == "-k") {
      key += (key.empty() ? "" : std::string(1, kKeySeparator)) + value;
    } else {
      *error = "option " + option +
               " cannot be used in a rule with -F contid (only -a -A -d -S "
               "-F -C -k)";
      return false;
    }
  }
  if (!have_list) {
    *error = "no -a, -A or -d LIST,ACTION";
    return false;
  }
  if (key.size() > kMaxKeyLength) {
    *error = "key option exceeds size limit";
    return false;
  }
  if (list != AUDIT_FILTER_TASK && !have_syscall) {
    // auditctl's handle_request: a rule of a syscall list without -S is for all.
    if (_audit_elf == 0) _audit_elf = audit_machine_to_elf(audit_detect_machine());
    audit_rule_syscallbyname_data(rule.get(), "all");
  }
  if (!key.empty()) {
    audit_rule_data* raw = rule.release();
    const std::string pair = "key=" + key;
    const int rc = audit_rule_fieldpair_data(&raw, pair.c_str(), list);
    rule.reset(raw);
    if (rc != 0) {
      *error = libaudit_message(rc, pair);
      return false;
    }
  }
  // Last, after every string field: auditctl -l cannot size an unknown field's
  // buffer part, so only trailing contid fields keep its listing right.
  for (const Contid& c : contids)
    if (!append_contid(&rule, c.not_equal, c.id, error)) return false;
  out->data = std::move(rule);
  return true;
}

std::vector<std::string> contid_words(const audit_rule_data& rule) {
  std::vector<std::string> out;
  std::size_t offset = 0;
  for (std::uint32_t i = 0; i < rule.field_count && i < AUDIT_MAX_FIELDS; ++i) {
    const std::uint32_t field = rule.fields[i] & ~AUDIT_OPERATORS;
    const bool in_buffer = field == AUDIT_WATCH || field == AUDIT_DIR || field == AUDIT_FILTERKEY ||
                           field == AUDIT_EXE || field == kAuditContidField ||
                           (field >= AUDIT_SUBJ_USER && field <= AUDIT_OBJ_LEV_HIGH);
    if (field == static_cast<std::uint32_t>(kAuditContidField) &&
        rule.values[i] == sizeof(std::uint64_t) && offset + 8 <= rule.buflen) {
      std::uint64_t id = 0;
      std::memcpy(&id, rule.buf + offset, sizeof(id));
      const bool not_equal = (rule.fieldflags[i] & AUDIT_OPERATORS) == AUDIT_NOT_EQUAL;
      out.push_back(std::string("-F contid") + (not_equal ? "!=" : "=") +
                    (id == kUnsetContid ? std::string("-1") : std::to_string(id)));
    }
    if (in_buffer) offset += rule.values[i];
  }
  return out;
}

}  // namespace auditctl_ext
