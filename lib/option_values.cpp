// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/option_values.h"

#include <libaudit.h>
#include <strings.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>

#include "contid/accounts.h"
#include "contid/record.h"
#include "text.h"

namespace contid {

namespace {

std::string quoted(std::string_view option, std::string_view value) {
  return std::string(option) + ": '" + std::string(value) + "'";
}

}  // namespace

bool parse_eoe_timeout(std::string_view where, std::string_view value, unsigned* seconds,
                       std::string* error) {
  const auto n = parse_integer<unsigned>(value);
  if (!n || *n < 1 || *n > kMaxEoeTimeoutSeconds) {
    if (error) {
      *error = "'" + std::string(where) + " " + std::string(value) +
               "' is not a whole number of seconds in 1.." + std::to_string(kMaxEoeTimeoutSeconds);
    }
    return false;
  }
  *seconds = *n;
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
    if (!item.empty() && std::isdigit(static_cast<unsigned char>(item[0]))) {
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
    auto id = parse_audit_id(value);
    if (!id) {
      if (error) *error = quoted(option, value) + " is not a numeric user id";
      return false;
    }
    *out = *id;
    return true;
  }
  const auto account = find_user(std::string(value));
  if (!account) {
    if (error) *error = quoted(option, value) + " is non-numeric and not a known user";
    return false;
  }
  *out = account->uid;
  return true;
}

bool parse_group_id(std::string_view option, std::string_view value, std::uint32_t* out,
                    std::string* error) {
  if (!value.empty() && std::isdigit(static_cast<unsigned char>(value[0]))) {
    auto id = parse_audit_id(value);
    if (!id) {
      if (error) *error = quoted(option, value) + " is not a numeric group id";
      return false;
    }
    *out = *id;
    return true;
  }
  const auto gid = value.empty() ? std::nullopt : find_group(std::string(value));
  if (!gid) {
    if (error) *error = quoted(option, value) + " is non-numeric and not a known group";
    return false;
  }
  *out = *gid;
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
  const bool numeric =
      !text.empty() &&
      (std::isdigit(static_cast<unsigned char>(text[0])) ||
       (text.size() >= 2 && text[0] == '-' && std::isdigit(static_cast<unsigned char>(text[1]))));
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

bool parse_bounded_integer(std::string_view option, std::string_view value, std::int64_t min,
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
