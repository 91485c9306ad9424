// SPDX-License-Identifier: GPL-2.0-or-later
#include "plugin_log.h"

#include <syslog.h>

#include <atomic>
#include <cstdio>
#include <mutex>

namespace audisp_contid {
namespace {

std::atomic<bool> use_syslog{true};
std::mutex stderr_mutex;

void emit(int priority, const std::string& message) {
  {
    std::lock_guard lock(stderr_mutex);
    std::fprintf(stderr, "audisp-contid: %s\n", message.c_str());
  }
  if (use_syslog) syslog(LOG_DAEMON | priority, "%s", message.c_str());
}

}  // namespace

void log_error(const std::string& message) {
  emit(LOG_ERR, message);
}
void log_info(const std::string& message) {
  emit(LOG_INFO, message);
}
void set_log_to_syslog(bool enabled) {
  use_syslog = enabled;
}

}  // namespace audisp_contid
