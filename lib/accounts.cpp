// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/accounts.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "text.h"

namespace contid {
namespace {

// Calls getpwnam_r or getgrnam_r (`lookup`) with a buffer of the size sysconf
// suggests, grown on ERANGE up to 1 MiB. Returns the entry (in *entry, whose
// strings point into a buffer freed on return: callers copy the ids only) or
// nullptr when there is none or the lookup fails.
template <typename Entry>
const Entry* lookup_r(int (*lookup)(const char*, Entry*, char*, std::size_t, Entry**),
                      int size_hint, const std::string& name, Entry* entry) {
  long hint = sysconf(size_hint);
  std::vector<char> buffer(hint > 0 ? static_cast<std::size_t>(hint) : 1024);
  while (true) {
    Entry* found = nullptr;
    int rc = lookup(name.c_str(), entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < (1u << 20)) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    return rc == 0 ? found : nullptr;
  }
}

// Parses a whole string of decimal digits as an id below (id_t)-1, which
// means "no id" to chown and friends.
std::optional<unsigned> decimal_id(const std::string& text) {
  auto value = parse_integer<unsigned>(text);
  if (value == static_cast<unsigned>(-1)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<UserAccount> find_user(const std::string& name) {
  passwd entry{};
  const passwd* found = lookup_r(getpwnam_r, _SC_GETPW_R_SIZE_MAX, name, &entry);
  if (found == nullptr) return std::nullopt;
  return UserAccount{found->pw_uid, found->pw_gid};
}

std::optional<gid_t> find_group(const std::string& name) {
  group entry{};
  const group* found = lookup_r(getgrnam_r, _SC_GETGR_R_SIZE_MAX, name, &entry);
  if (found == nullptr) return std::nullopt;
  return found->gr_gid;
}

std::optional<uid_t> user_id_of(const std::string& name_or_id) {
  if (name_or_id.empty()) return std::nullopt;
  if (name_or_id.find_first_not_of("0123456789") == std::string::npos) {
    return decimal_id(name_or_id);
  }
  auto account = find_user(name_or_id);
  if (!account) return std::nullopt;
  return account->uid;
}

std::optional<gid_t> group_id_of(const std::string& name_or_id) {
  if (name_or_id.empty()) return std::nullopt;
  if (name_or_id.find_first_not_of("0123456789") == std::string::npos) {
    return decimal_id(name_or_id);
  }
  return find_group(name_or_id);
}

}  // namespace contid
