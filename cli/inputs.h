// SPDX-License-Identifier: GPL-2.0-or-later
// Which logs a tool reads, and the registrations that go with them. One rule
// for ausearch-ext and aureport-ext, upstream's (ausearch.c and aureport.c
// 3.0.9): every -if FILE|DIR (a directory stands for its rotated audit.log
// set, oldest first); else standard input when it is a FIFO and
// --input-logs is not given (a regular file on stdin is not read, as
// upstream's is_pipe()); else the rotated set of auditd.conf's log_file.
#pragma once

#include <string>
#include <vector>

#include "contid/diagnostics.h"
#include "contid/registration_store.h"
#include "shared_options.h"

namespace contid_cli {

// Where auditd's configuration (and so log_file) is read from by default.
inline constexpr const char* kDefaultAuditdConf = "/etc/audit/auditd.conf";

struct Inputs {
  bool from_stdin = false;         // read STDIN_FILENO ("stdin")
  std::vector<std::string> files;  // otherwise these, in order
};

// True when standard input is a FIFO (a pipe).
bool stdin_is_pipe();

// Fills *inputs from the options; `auditd_conf` names log_file. False with *error ("-if: cannot
// read 'x.log': No such file or directory") when a named input does not exist, a directory holds no
// audit.log, or the configured logs cannot be found.
bool resolve_inputs(const SharedOptions& options, const std::string& auditd_conf, Inputs* inputs,
                    std::string* error);

// Loads every --registrations FILE into *store, or, when none is given, the
// registrations files beside `files` (their problems go to *diagnostics).
// False with *error for a named FILE that cannot be read.
bool load_registrations(const SharedOptions& options, const std::vector<std::string>& files,
                        contid::RegistrationStore* store, contid::Diagnostics* diagnostics,
                        std::string* error);

}  // namespace contid_cli
