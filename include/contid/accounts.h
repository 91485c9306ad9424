// SPDX-License-Identifier: GPL-2.0-or-later
// User and group names -> ids, for option values, route settings and sinks.
//
// Reentrant (getpwnam_r / getgrnam_r): safe to call from any thread, unlike
// getpwnam, whose result is static storage. Names are looked up in the
// system's databases (NSS) at the time of the call; callers that run for long
// resolve once, when they read their configuration, and keep the ids.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

namespace contid {

struct UserAccount {
  uid_t uid;
  gid_t gid;  // primary group
};

// The account named `name`; nullopt when there is none (or the lookup fails).
std::optional<UserAccount> find_user(const std::string& name);
std::optional<gid_t> find_group(const std::string& name);

// A user or group given as a name or as a decimal id (as route files and
// auditd.conf accept): a string of digits is the id itself, anything else is
// looked up. nullopt for an empty string, an unknown name or an id > 2^32-2.
std::optional<uid_t> user_id_of(const std::string& name_or_id);
std::optional<gid_t> group_id_of(const std::string& name_or_id);

}  // namespace contid
