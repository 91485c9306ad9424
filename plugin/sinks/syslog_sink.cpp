// SPDX-License-Identifier: GPL-2.0-or-later
#include "sinks/syslog_sink.h"

#include <sys/stat.h>
#include <syslog.h>

#include <string_view>

#include "plugin_log.h"

namespace audisp_contid {

bool SyslogSink::start(std::string*) {
  return true;
}

bool SyslogSink::available() {
  struct stat info {};
  if (stat(socket_path_.c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) {
    if (missing_logged_) {
      missing_logged_ = false;
      log_info("route " + route_name_ + ": " + socket_path_ + " is back; kept events go to syslog");
    }
    return true;
  }
  if (!missing_logged_) {
    missing_logged_ = true;
    ++counters_.errors;
    log_error("route " + route_name_ + ": no " + socket_path_ +
              " (no syslog daemon listening): keeping the events until it is back");
  }
  return false;
}

void SyslogSink::send(const std::vector<QueuedEvent>& batch) {
  for (const auto& item : batch) {
    std::string_view text = *item.text;
    while (!text.empty()) {
      const auto end = text.find('\n');
      const std::string_view line = text.substr(0, end);
      syslog(config_.facility | config_.priority, "%.*s", static_cast<int>(line.size()),
             line.data());
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    ++counters_.delivered;
  }
}

void SyslogSink::deliver(std::vector<QueuedEvent>& batch) {
  if (available()) {
    send(batch);
  } else {
    for (auto& item : batch) kept_.push_back(std::move(item));
  }
  batch.clear();
}

void SyslogSink::wait(int queue_fd, int timeout_ms) {
  if (!kept_.empty()) {
    if (available()) {
      send(kept_);
      kept_.clear();
      return;
    }
    wait_for_queue(-1, timeout_ms < 500 ? timeout_ms : 500);
    return;
  }
  wait_for_queue(queue_fd, timeout_ms);
}

void SyslogSink::stop(std::vector<QueuedEvent>* held) {
  if (held != nullptr) {
    for (auto& item : kept_) held->push_back(std::move(item));
  } else {
    counters_.lost += kept_.size();
  }
  kept_.clear();
}

}  // namespace audisp_contid
