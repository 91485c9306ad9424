// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch's event filters (-m -k -p -pp -ui -ue -ul -ua -gi -x -c -sc -sv
// -e -a --session -n -ts -te) as one predicate over an Event.
//
// Semantics follow ausearch v3.0.9 (src/ausearch-match.c, ausearch-parse.c):
//  - every given criterion must hold (AND), except -ua, which matches when
//    uid, euid or auid equals the value (OR);
//  - subject fields (pid, ppid, uid, euid, auid, gid, ses, exe, comm,
//    syscall, success, exit) come from the event's subject records (SYSCALL,
//    USER_*, LOGIN, DAEMON_*, CONFIG_CHANGE, ...; not PATH, CWD, EXECVE,
//    PROCTITLE, OBJ_PID, SOCKADDR or container records, which the reader
//    marked by the configured numbers); when several carry
//    a field the last one wins, as in ausearch; a criterion on a field the
//    event does not carry does not match;
//  - -k, -x, -c are substring matches (whole-string with whole_word, ausearch
//    -w); keys come from SYSCALL and CONFIG_CHANGE key=, hex-encoded key
//    lists split on \x01; unquoted hex values are decoded first;
//  - -m matches when any record has one of the types (parse_message_types
//    in option_values.h: CONTAINER_OP and CONTAINER_ID name the configured
//    numbers);
//  - -sv yes matches success=yes / res=success|yes|1, -sv no the opposite;
//  - -ts/-te compare the event's seconds (start <= sec <= end).
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contid/event.h"

namespace contid {

struct SearchCriteria {
  std::optional<std::time_t> start;      // -ts
  std::optional<std::time_t> end;        // -te
  std::vector<int> types;                // -m (empty: any)
  std::optional<std::string> key;        // -k
  std::optional<std::int64_t> pid;       // -p
  std::optional<std::int64_t> ppid;      // -pp
  std::optional<std::uint32_t> uid;      // -ui
  std::optional<std::uint32_t> euid;     // -ue
  std::optional<std::uint32_t> auid;     // -ul
  std::optional<std::uint32_t> any_uid;  // -ua: uid, euid or auid
  std::optional<std::uint32_t> gid;      // -gi
  std::optional<std::string> exe;        // -x
  std::optional<std::string> comm;       // -c
  std::optional<int> syscall;            // -sc (number for this machine)
  std::optional<bool> success;           // -sv
  std::optional<std::int64_t> exit;      // -e
  std::optional<std::uint64_t> serial;   // -a
  std::optional<std::uint32_t> session;  // --session
  std::vector<std::string> nodes;        // -n (any of them)
  bool whole_word = false;               // -w

  // True when no criterion is set (every event matches).
  bool empty() const;
  bool matches(const Event& event) const;
};

}  // namespace contid
