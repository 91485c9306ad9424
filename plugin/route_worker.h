// A running route: its bounded queue, its sink and the thread between them.
// The reader thread only ever calls push(); the worker thread owns the sink.
// On reload a changed route gets a new worker that waits for its
// predecessor to drain and release its files/socket before starting, so
// every event goes through exactly one of them, in order.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "event_queue.h"
#include "route_config.h"
#include "sink.h"

namespace audisp_contid {

class RouteWorker {
 public:
  // Opens the spill file (if any) and starts the thread. Sink start errors
  // are reported to syslog/stderr and retried by the thread.
  RouteWorker(RouteConfig config, std::shared_ptr<RouteWorker> predecessor,
              double shutdown_timeout_seconds);
  ~RouteWorker();
  RouteWorker(const RouteWorker&) = delete;
  RouteWorker& operator=(const RouteWorker&) = delete;

  const RouteConfig& config() const { return config_; }
  void push(QueuedEvent item) { queue_->push(std::move(item)); }
  void publish() { queue_->publish(); }
  // No more events: the thread delivers what is queued (for at most the
  // shutdown timeout once the sink stalls), stops the sink and ends.
  void close();
  // close() and wait for the thread.
  void join();
  bool finished() const { return finished_; }
  void hangup();

  // The state report section of this route.
  std::string report() const;
  QueueCounters queue_counters() const { return queue_->counters(); }
  std::uint64_t delivered() const;
  std::uint64_t sink_lost() const;
  std::uint64_t lost_at_exit() const { return lost_at_exit_; }

 private:
  void run();
  bool start_sink();

  const RouteConfig config_;
  std::shared_ptr<RouteWorker> predecessor_;
  const double shutdown_timeout_seconds_;
  std::unique_ptr<EventQueue> queue_;
  std::unique_ptr<Sink> sink_;
  std::atomic<bool> sink_started_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> hangup_requested_{false};
  std::atomic<std::uint64_t> lost_at_exit_{0};
  mutable std::mutex error_mutex_;
  std::string last_error_;
  std::string spill_error_;
  std::thread thread_;
};

}  // namespace audisp_contid
