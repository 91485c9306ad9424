// sink = syslog: each line of a routed event (each record for raw, the
// event for json) is logged with the route's facility and priority.
#pragma once

#include "route_config.h"
#include "sink.h"

namespace audisp_contid {

class SyslogSink : public Sink {
 public:
  explicit SyslogSink(SyslogSinkConfig config) : config_(config) {}

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  void wait(int queue_fd, int timeout_ms) override { wait_for_queue(queue_fd, timeout_ms); }
  void stop(std::vector<QueuedEvent>*) override {}  // holds nothing

 private:
  const SyslogSinkConfig config_;
};

}  // namespace audisp_contid
