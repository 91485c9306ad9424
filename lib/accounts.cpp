#include "contid/accounts.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "text.h"

namespace contid {
namespace {

// The buffer size sysconf suggests for the *_r lookups, grown on ERANGE.
std::size_t initial_buffer_size(int name) {
  long size = sysconf(name);
  return size > 0 ? static_cast<std::size_t>(size) : 1024;
}

constexpr std::size_t kMaxBuffer = 1 << 20;

// Parses a whole string of decimal digits as an id below (id_t)-1, which
// means "no id" to chown and friends.
std::optional<unsigned> decimal_id(const std::string& text) {
  auto value = parse_integer<unsigned>(text);
  if (value == static_cast<unsigned>(-1)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<UserAccount> find_user(const std::string& name) {
  std::vector<char> buffer(initial_buffer_size(_SC_GETPW_R_SIZE_MAX));
  while (true) {
    passwd entry{};
    passwd* found = nullptr;
    int rc = getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < kMaxBuffer) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc != 0 || found == nullptr) return std::nullopt;
    return UserAccount{found->pw_uid, found->pw_gid};
  }
}

std::optional<gid_t> find_group(const std::string& name) {
  std::vector<char> buffer(initial_buffer_size(_SC_GETGR_R_SIZE_MAX));
  while (true) {
    group entry{};
    group* found = nullptr;
    int rc = getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < kMaxBuffer) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc != 0 || found == nullptr) return std::nullopt;
    return found->gr_gid;
  }
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
