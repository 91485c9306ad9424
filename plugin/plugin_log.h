// SPDX-License-Identifier: GPL-2.0-or-later
// The plugin's own messages: to stderr (auditd passes it through) and to
// syslog (LOG_DAEMON), prefixed "audisp-contid: ". Thread-safe.
#pragma once

#include <string>

namespace audisp_contid {

void log_error(const std::string& message);
void log_info(const std::string& message);
// Tests and --check runs keep syslog quiet.
void set_log_to_syslog(bool enabled);

}  // namespace audisp_contid
