// SPDX-License-Identifier: GPL-2.0-or-later
// Reading audit logs: files (large reads, never line-by-line iostreams),
// stdin, and auditd's rotated set audit.log.N ... audit.log in time order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "contid/diagnostics.h"
#include "contid/line_splitter.h"  // kMaxLineLength and the bad-line rule

namespace contid {

// Calls on_line(line, location) for every line of a file descriptor, in
// order; lines have no trailing '\n'. Over-long and unfinished last lines
// follow LineSplitter's rule. Returns false (with a diagnostic) on a read
// error. `source` names the input in diagnostics. When `stop` is given,
// reading ends (true, nothing more read or reported) as soon as *stop is
// true after an on_line call.
bool read_lines(int fd, const std::string& source, Diagnostics* diagnostics,
                const std::function<void(std::string_view, const SourceLocation&)>& on_line,
                const bool* stop = nullptr);

// Same for a path; a missing or unreadable file is a diagnostic
// ("open-failed") and returns false.
bool read_file_lines(const std::string& path, Diagnostics* diagnostics,
                     const std::function<void(std::string_view, const SourceLocation&)>& on_line,
                     const bool* stop = nullptr);

// The rotated set of `log_file` oldest first: log_file.N, ..., log_file.1,
// log_file (only those that exist). If `log_file` is a directory, the set of
// DIR/audit.log is used.
std::vector<std::string> rotated_log_set(const std::string& log_file);

// log_file from an auditd.conf (default /etc/audit/auditd.conf), read as
// contid/key_value_file.h reads it (the first log_file line counts); falls
// back to /var/log/audit/audit.log when the file or the key is missing or
// the value is empty.
std::string configured_log_file(const std::string& auditd_conf = "/etc/audit/auditd.conf");

}  // namespace contid
