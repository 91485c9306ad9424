// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/record.h"

#include <libaudit.h>

#include <cstring>
#include <string>
#include <unordered_map>

#include "text.h"

namespace contid {

std::size_t EventKeyHash::operator()(const EventKey& k) const noexcept {
  std::size_t h = std::hash<std::uint64_t>{}(k.serial);
  h ^= std::hash<std::int64_t>{}(k.seconds) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= k.milliseconds + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  if (!k.node.empty()) h ^= std::hash<std::string_view>{}(k.node) + (h << 6) + (h >> 2);
  return h;
}

namespace {

// Scans the fields of a body. A field is NAME=VALUE; VALUE is a "quoted"
// string, or runs to the next space. A USER record's msg='...' opens a nested
// field list whose last value ends with the closing quote, which is dropped.
template <typename Visit>
void scan_fields(std::string_view body, Visit&& visit) {
  std::size_t i = 0;
  const std::size_t n = body.size();
  while (i < n) {
    while (i < n && body[i] == ' ') ++i;
    if (i >= n) break;
    std::size_t name_begin = i;
    while (i < n && body[i] != '=' && body[i] != ' ') ++i;
    if (i >= n || body[i] == ' ') continue;  // a bare word: not a field
    std::string_view name = body.substr(name_begin, i - name_begin);
    ++i;  // '='
    if (name == "msg" && i < n && body[i] == '\'') {
      ++i;  // enter the nested list; its fields are scanned as ours
      continue;
    }
    std::size_t value_begin = i;
    if (i < n && body[i] == '"') {
      std::size_t close = body.find('"', i + 1);
      i = close == std::string_view::npos ? n : close + 1;
    } else {
      while (i < n && body[i] != ' ') ++i;
    }
    std::string_view value = body.substr(value_begin, i - value_begin);
    if (!value.empty() && value.back() == '\'' && value.front() != '\'') value.remove_suffix(1);
    if (!visit(name, value)) return;
  }
}

// Names seen so far -> numbers; per thread, so no locking on the hot path.
struct StringViewHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

std::unordered_map<std::string, int, StringViewHash, std::equal_to<>>& type_name_cache() {
  thread_local std::unordered_map<std::string, int, StringViewHash, std::equal_to<>> cache;
  return cache;
}

// A timestamp part or type number: at most 20 decimal digits, no sign.
bool parse_short_decimal(std::string_view text, std::uint64_t* out) {
  if (text.size() > 20) return false;
  auto value = parse_integer<std::uint64_t>(text);
  if (!value) return false;
  *out = *value;
  return true;
}

}  // namespace

void for_each_field(std::string_view body,
                    const std::function<bool(std::string_view, std::string_view)>& visit) {
  scan_fields(body, visit);
}

std::optional<std::string_view> find_field(std::string_view body, std::string_view name) {
  std::optional<std::string_view> found;
  scan_fields(body, [&](std::string_view field_name, std::string_view value) {
    if (field_name == name) {
      found = value;
      return false;
    }
    return true;
  });
  return found;
}

std::optional<std::string_view> Record::field(std::string_view name) const {
  return find_field(body, name);
}

std::optional<std::string_view> Record::unquoted_field(std::string_view name) const {
  auto value = field(name);
  if (value) return unquote(*value);
  return value;
}

std::string_view Record::raw_text() const {
  if (enriched.empty()) {
    std::size_t sep = line.find('\x1d');
    return sep == std::string_view::npos ? line : line.substr(0, sep);
  }
  return line.substr(0, static_cast<std::size_t>(enriched.data() - line.data()) - 1);
}

int record_type_from_name(std::string_view name, const ContainerRecordNumbers& numbers) {
  if (name.empty()) return 0;
  if (name.starts_with("UNKNOWN[") && name.back() == ']') {
    std::uint64_t n = 0;
    if (parse_short_decimal(name.substr(8, name.size() - 9), &n) && n < 100000)
      return static_cast<int>(n);
    return 0;
  }
  if (name.front() >= '0' && name.front() <= '9') {
    std::uint64_t n = 0;
    return parse_short_decimal(name, &n) && n < 100000 ? static_cast<int>(n) : 0;
  }
  if (name == "CONTAINER_OP") return numbers.container_op;
  if (name == "CONTAINER_ID") return numbers.container_id;
  if (name == "SET_CAPCONTID") return numbers.set_capcontid;
  // Logs use a dozen names: a small per-thread array answers most look-ups
  // without hashing.
  struct Recent {
    std::string name;
    int type = 0;
  };
  thread_local Recent recent[16];
  thread_local unsigned next_slot = 0;
  for (const Recent& r : recent)
    if (r.name.size() == name.size() && r.name == name) return r.type;
  auto& cache = type_name_cache();
  auto remember = [&](int type) {
    recent[next_slot] = Recent{std::string(name), type};
    next_slot = (next_slot + 1) % 16;
    return type;
  };
  auto it = cache.find(name);
  if (it != cache.end()) return remember(it->second);
  std::string key(name);
  int type = audit_name_to_msg_type(key.c_str());
  if (type < 0) type = 0;
  cache.emplace(std::move(key), type);
  return remember(type);
}

std::string record_type_name(int type) {
  const char* name = audit_msg_type_to_name(type);
  if (name) return name;
  return "UNKNOWN[" + std::to_string(type) + "]";
}

bool parse_record(std::string_view line, const ContainerRecordNumbers& numbers, Record* out,
                  std::string* error) {
  auto fail = [&](const char* why) {
    *error = why;
    return false;
  };
  Record r;
  r.line = line;
  std::string_view rest = line;
  if (rest.starts_with("node=")) {
    std::size_t space = rest.find(' ');
    if (space == std::string_view::npos) return fail("node= prefix without a record after it");
    r.key.node = rest.substr(5, space - 5);
    rest.remove_prefix(space + 1);
  }
  if (!rest.starts_with("type=")) return fail("does not start with type= (or node=NAME type=)");
  rest.remove_prefix(5);
  std::size_t space = rest.find(' ');
  if (space == std::string_view::npos || space == 0) return fail("no record type name");
  r.type_name = rest.substr(0, space);
  rest.remove_prefix(space + 1);
  if (rest ==
      "msg=lost")  // auditd could not keep the text (libaudit drops unknown 1000-1099 replies)
    return fail(
        "auditd wrote msg=lost: the record's text was lost before logging "
        "(stock auditd 3.0.9 does this to CONTAINER_OP 1020)");
  if (!rest.starts_with("msg=audit(")) return fail("no msg=audit( after the type");
  rest.remove_prefix(10);
  std::size_t dot = rest.find('.');
  std::size_t colon = rest.find(':');
  std::size_t close = rest.find(')');
  if (dot == std::string_view::npos || colon == std::string_view::npos ||
      close == std::string_view::npos || !(dot < colon && colon < close))
    return fail("timestamp is not SECONDS.MILLIS:SERIAL");
  std::uint64_t seconds = 0, millis = 0, serial = 0;
  if (!parse_short_decimal(rest.substr(0, dot), &seconds) || seconds > INT64_MAX)
    return fail("bad seconds in timestamp");
  if (!parse_short_decimal(rest.substr(dot + 1, colon - dot - 1), &millis) || millis > 999)
    return fail("bad milliseconds in timestamp");
  if (!parse_short_decimal(rest.substr(colon + 1, close - colon - 1), &serial))
    return fail("bad serial in timestamp");
  r.key.seconds = static_cast<std::int64_t>(seconds);
  r.key.milliseconds = static_cast<std::uint32_t>(millis);
  r.key.serial = serial;
  rest.remove_prefix(close + 1);
  if (!rest.starts_with(":")) return fail("no ':' after the timestamp");
  rest.remove_prefix(1);
  if (rest.starts_with(" ")) rest.remove_prefix(1);
  const void* sep = std::memchr(rest.data(), '\x1d', rest.size());
  if (sep) {
    std::size_t at = static_cast<const char*>(sep) - rest.data();
    r.body = rest.substr(0, at);
    r.enriched = rest.substr(at + 1);
  } else {
    r.body = rest;
  }
  // A name this libaudit does not know keeps type 0: the record is still
  // well formed and is kept.
  r.type = record_type_from_name(r.type_name, numbers);
  r.container_kind = container_record_kind(r.type, r.body, numbers);
  *out = r;
  return true;
}

}  // namespace contid
