// SPDX-License-Identifier: GPL-2.0-or-later
// What aureport-ext needs from one event, extracted in one pass over its
// records. The subject fields follow aureport 3.0.9's choice of records (a
// later record overrides an earlier one, as in its extract_search_items), so
// the host-only report kinds agree with aureport. The container measures
// (execs, files written, connects, AVC denials) are defined here and
// documented in aureport-ext(8); failed registrations are the container
// ledger's (contid/container_ledger.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contid/event.h"

namespace aureport_ext {

enum class Outcome { kUnset, kFailed, kSuccess };

// One AVC or USER_AVC decision.
struct AvcDecision {
  bool denied = false;
  std::string scontext, tcontext, tclass, permission;
};

struct EventFacts {
  std::int64_t seconds = 0;
  std::uint32_t milliseconds = 0;
  std::uint64_t serial = 0;
  int first_type = 0;           // type of the event's first record
  std::string first_type_name;  // container records named as such

  std::optional<long> syscall;  // SYSCALL syscall=
  unsigned arch = 0;            // SYSCALL arch= (hex)
  std::uint64_t a0 = 0, a1 = 0, a2 = 0;
  Outcome success = Outcome::kUnset;
  std::optional<long> pid;
  std::optional<int> auid;  // as aureport prints it: 4294967295 -> -1
  std::optional<int> uid;
  std::optional<std::string> exe, comm, terminal, hostname, acct;
  std::vector<std::string> files;    // PATH names (relative ones joined to cwd)
  std::vector<bool> file_is_parent;  // parallel to files: nametype=PARENT
  std::vector<std::string> keys;     // without "(null)"
  std::vector<AvcDecision> avcs;

  // Container-report measures.
  bool failed_syscall = false;  // success=no on a SYSCALL (aureport's rule)
  bool exec = false;            // a successful execve/execveat
  bool connect = false;         // a connect() attempt
  bool writes_files = false;    // a successful write-class syscall
  bool avc_denied = false;      // at least one denied AVC/USER_AVC

  // Files this event wrote (subset of `files`, without PARENT entries unless
  // nothing else names the object).
  std::vector<std::string> written_files() const;
};

// Extracts the facts of `event`.
EventFacts extract_facts(const contid::Event& event);

// Name of a syscall number on an audit arch ("openat"), or nullopt.
std::optional<std::string_view> syscall_name(unsigned arch, long syscall);

}  // namespace aureport_ext
