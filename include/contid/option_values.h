// SPDX-License-Identifier: GPL-2.0-or-later
// Values that command lines and configuration files share, parsed one way
// in every program.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "contid/container_records.h"

namespace contid {

// Upper bound of the end-of-event timeout, in seconds.
inline constexpr unsigned kMaxEoeTimeoutSeconds = 3600;

// The end-of-event timeout (ausearch-ext and aureport-ext --eoe-timeout,
// audisp-contid's eoe_timeout): whole seconds, 1..kMaxEoeTimeoutSeconds.
// ausearch and aureport 3.0.9 take any non-zero decimal (strtoul); the upper
// bound keeps a typo from holding events open for days. On error, names
// `where` (an option or a file:line key) and the value.
bool parse_eoe_timeout(std::string_view where, std::string_view value, unsigned* seconds,
                       std::string* error);

// ausearch-ext's option values. Each returns false and sets *error (when
// not null) to a message that names the option and the bad value.

// -m: "SYSCALL", "1300", "UNKNOWN[1340]", "CONTAINER_OP,CONTAINER_ID",
// "ALL" (clears the list). Appends to *types.
bool parse_message_types(std::string_view value, const ContainerRecordNumbers& numbers,
                         std::vector<int>* types, std::string* error);
// -ui/-ue/-ul/-ua: a number or a user name (find_user, accounts.h); "-1"
// is 4294967295.
bool parse_user_id(std::string_view option, std::string_view value, std::uint32_t* out,
                   std::string* error);
// -gi: a number or a group name (find_group, accounts.h).
bool parse_group_id(std::string_view option, std::string_view value, std::uint32_t* out,
                    std::string* error);
// -sc: a syscall number or a name of this machine's table.
bool parse_syscall(std::string_view value, int* out, std::string* error);
// -sv: "yes" or "no".
bool parse_success(std::string_view value, bool* out, std::string* error);
// -e: a number (decimal, 0x hex, negative) or an errno name (EPERM).
bool parse_exit(std::string_view value, std::int64_t* out, std::string* error);
// -p, -pp, -a, --session: a decimal integer (a leading '-' allowed) in
// min..max.
bool parse_bounded_integer(std::string_view option, std::string_view value, std::int64_t min,
                           std::int64_t max, std::int64_t* out, std::string* error);

}  // namespace contid
