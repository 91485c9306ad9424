// SPDX-License-Identifier: GPL-2.0-or-later
// sink = syslog: each line of a routed event (each record for raw, the
// event for json) is logged with the route's facility and priority.
// syslog(3) reports no errors and drops messages when no syslog daemon
// listens, so the sink checks for /dev/log before each batch: without it
// the sink says so once (counted in sink_errors), keeps the batch and turns
// not ready (the queue's overflow policy applies) until /dev/log is back.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/route_config.h"
#include "sinks/sink.h"

namespace audisp_contid {

class SyslogSink : public Sink {
 public:
  SyslogSink(std::string route_name, SyslogSinkConfig config, std::string socket_path = "/dev/log")
      : route_name_(std::move(route_name)), config_(config), socket_path_(std::move(socket_path)) {}

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  bool ready() const override { return kept_.empty(); }
  bool has_pending() const override { return !kept_.empty(); }
  void wait(int queue_fd, int timeout_ms) override;
  void stop(std::vector<QueuedEvent>* held) override;

 private:
  bool available();
  void send(const std::vector<QueuedEvent>& batch);

  const std::string route_name_;
  const SyslogSinkConfig config_;
  const std::string socket_path_;
  std::vector<QueuedEvent> kept_;
  bool missing_logged_ = false;
};

}  // namespace audisp_contid
