// SPDX-License-Identifier: GPL-2.0-or-later
// A running route: its bounded queue, its sink and the thread between them.
// The reader thread only ever calls push(); the worker thread owns the sink.
// On reload a changed route gets a new worker that waits for its
// predecessor to drain and release its files/socket/spill file before
// starting, so every event goes through exactly one of them, in order.
// At exit, what the route still holds (the sink's undelivered events, then
// the queue) goes in front of the spill file with overflow = spill (the
// next worker or run replays it first) and is counted lost_at_exit
// otherwise.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/route_config.h"
#include "routing/event_queue.h"
#include "sinks/sink.h"

namespace audisp_contid {

// A route's counters, summed over a worker and the predecessors it took
// over from (spill_kept: the last worker's).
struct RouteTotals {
  std::uint64_t in = 0, delivered = 0, dropped_oldest = 0, spill_failed = 0, lost = 0;
  std::uint64_t spilled = 0, replayed = 0, saved_at_exit = 0, spill_kept = 0;
  std::uint64_t sink_errors = 0;       // sink failure causes (each logged once)
  void add(const RouteTotals& other);  // sums, keeps other's spill_kept
};

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
  // Forwards SIGHUP to the sink (exec program) if it is already running.
  void hangup();

  // The state report section of this route.
  std::string report() const;
  QueueCounters queue_counters() const { return queue_->counters(); }
  std::uint64_t lost_at_exit() const { return lost_at_exit_; }
  // This worker's counters plus those of its predecessors (complete once
  // the worker has finished).
  RouteTotals totals() const;

 private:
  void run();
  bool start_sink();
  std::unique_ptr<SpillFile> open_spill();
  // After the sink stopped: spills or counts what the route still holds.
  void finish_queue(std::vector<QueuedEvent> held);

  const RouteConfig config_;
  std::shared_ptr<RouteWorker> predecessor_;
  const double shutdown_timeout_seconds_;
  std::unique_ptr<EventQueue> queue_;
  std::unique_ptr<Sink> sink_;
  std::atomic<bool> sink_started_{false};
  std::atomic<bool> finished_{false};
  std::atomic<bool> hangup_requested_{false};
  std::atomic<std::uint64_t> lost_at_exit_{0};
  mutable std::mutex inherited_mutex_;
  RouteTotals inherited_;  // the predecessors' totals, once they finished
  mutable std::mutex error_mutex_;
  std::string last_error_;
  std::string spill_error_;
  std::thread thread_;
};

}  // namespace audisp_contid
