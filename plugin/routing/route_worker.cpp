// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/route_worker.h"

#include <vector>

#include "plugin_log.h"
#include "report_lines.h"
#include "sinks/sink_factory.h"

namespace audisp_contid {
namespace {

constexpr std::size_t kBatchSize = 256;
constexpr int kIdleWaitMs = 250;

}  // namespace

void RouteTotals::add(const RouteTotals& other) {
  in += other.in;
  delivered += other.delivered;
  dropped_oldest += other.dropped_oldest;
  spill_failed += other.spill_failed;
  lost += other.lost;
  spilled += other.spilled;
  replayed += other.replayed;
  saved_at_exit += other.saved_at_exit;
  sink_errors += other.sink_errors;
  spill_kept = other.spill_kept;
}

RouteWorker::RouteWorker(RouteConfig config, std::shared_ptr<RouteWorker> predecessor,
                         double shutdown_timeout_seconds)
    : config_(std::move(config)),
      predecessor_(std::move(predecessor)),
      shutdown_timeout_seconds_(shutdown_timeout_seconds) {
  const bool spill = config_.overflow == OverflowPolicy::kSpill;
  // A predecessor may still use the spill file: the thread opens it once
  // the predecessor has finished; until then the queue only grows.
  const bool later = spill && predecessor_;
  queue_ = std::make_unique<EventQueue>(config_.queue_depth,
                                        spill && !later ? open_spill() : nullptr, later);
  sink_ = make_sink(config_);
  thread_ = std::thread([this] { run(); });
}

std::unique_ptr<SpillFile> RouteWorker::open_spill() {
  auto spill = std::make_unique<SpillFile>(config_.spill_dir + "/" + config_.name + ".spill");
  std::string error;
  if (!spill->open(&error)) {
    log_error("route " + config_.name + ": " + error + "; overflow falls back to drop_oldest");
    std::lock_guard lock(error_mutex_);
    spill_error_ = error;
    return nullptr;
  }
  if (!spill->empty()) {
    log_info("route " + config_.name + ": replaying " + std::to_string(spill->size()) +
             " events left in " + spill->path() + " before new ones");
  }
  return spill;
}

RouteWorker::~RouteWorker() {
  join();
}

void RouteWorker::close() {
  queue_->close();
}

void RouteWorker::join() {
  close();
  if (thread_.joinable()) thread_.join();
}

void RouteWorker::hangup() {
  // A sink started after the SIGHUP (this worker may be the reload's own) has
  // nothing to reload.
  if (sink_started_) hangup_requested_ = true;
}

bool RouteWorker::start_sink() {
  std::string error;
  if (sink_->start(&error)) {
    sink_started_ = true;
    std::lock_guard lock(error_mutex_);
    last_error_.clear();
    return true;
  }
  std::lock_guard lock(error_mutex_);
  if (error != last_error_) log_error("route " + config_.name + ": " + error);
  last_error_ = error;
  return false;
}

void RouteWorker::run() {
  if (predecessor_) {
    predecessor_->join();  // its sink released the same files/socket/spill file
    {
      std::lock_guard lock(inherited_mutex_);
      inherited_ = predecessor_->totals();
    }
    predecessor_.reset();
    if (config_.overflow == OverflowPolicy::kSpill) queue_->attach_spill(open_spill());
  }
  using Clock = std::chrono::steady_clock;
  std::vector<QueuedEvent> batch;
  batch.reserve(kBatchSize);
  bool closing = false;
  Clock::time_point deadline{};
  for (;;) {
    if (queue_->closed() && !closing) {
      // From now on the sink has shutdown_timeout to take what is queued.
      closing = true;
      deadline = Clock::now() + std::chrono::microseconds(
                                    static_cast<std::int64_t>(shutdown_timeout_seconds_ * 1e6));
    }
    if (!sink_started_ && !start_sink()) {
      if (queue_->closed_and_empty()) break;
      if (closing && Clock::now() >= deadline) break;
      // Retry once a second; events wait in the queue (overflow policy applies).
      wait_for_queue(-1, closing ? 100 : 1000);
      continue;
    }
    if (hangup_requested_.exchange(false)) sink_->hangup();
    if (sink_->ready() && queue_->try_pop(&batch, kBatchSize) > 0) {
      sink_->deliver(batch);
      continue;
    }
    if (queue_->closed_and_empty() && !sink_->has_pending()) break;
    if (closing && Clock::now() >= deadline) break;
    const bool empty = queue_->prepare_wait();
    if (!empty && sink_->ready()) continue;
    sink_->wait(sink_->ready() ? queue_->notify_fd() : -1, closing ? 50 : kIdleWaitMs);
  }
  std::vector<QueuedEvent> held;
  if (sink_started_) sink_->stop(&held);
  finish_queue(std::move(held));
  finished_ = true;
}

void RouteWorker::finish_queue(std::vector<QueuedEvent> held) {
  if (queue_->spills()) {
    std::uint64_t count = 0;
    std::string error;
    if (queue_->save_at_exit(std::move(held), &count, &error)) {
      if (count > 0) {
        log_info("route " + config_.name + ": " + std::to_string(count) +
                 " undelivered events saved to the spill file, to be replayed first by the "
                 "route's next worker or run");
      }
      return;
    }
    lost_at_exit_ = count;
    log_error("route " + config_.name + ": " + error + "; " + std::to_string(count) +
              " undelivered events lost");
    return;
  }
  lost_at_exit_ = held.size() + queue_->discard_memory();
  if (lost_at_exit_ > 0) {
    log_error("route " + config_.name + ": " + std::to_string(lost_at_exit_) +
              " queued events could not be delivered before exit");
  }
}

RouteTotals RouteWorker::totals() const {
  const QueueCounters q = queue_->counters();
  RouteTotals own;
  own.in = q.pushed;
  own.delivered = sink_->counters().delivered;
  own.dropped_oldest = q.dropped_oldest;
  own.spill_failed = q.spill_failed;
  own.lost = sink_->counters().lost + lost_at_exit_;
  own.spilled = q.spilled;
  own.replayed = q.replayed;
  own.saved_at_exit = q.saved_at_exit;
  own.sink_errors = sink_->counters().errors;
  own.spill_kept = finished_ ? q.spill_kept : q.spill_depth;
  std::lock_guard lock(inherited_mutex_);
  RouteTotals all = inherited_;
  all.add(own);
  return all;
}

std::string RouteWorker::report() const {
  const QueueCounters q = queue_->counters();
  const SinkCounters& s = sink_->counters();
  ReportLines lines;
  lines.add("route", config_.name)
      .add("sink", to_string(config_.sink))
      .add("contid", config_.contid_text)
      .add("sink_running", sink_started_ ? "yes" : "no")
      .add("queue_depth", q.depth)
      .add("queue_max_depth", q.max_depth)
      .add("queue_limit", config_.queue_depth)
      .add("overflow", to_string(config_.overflow))
      .add("events_in", q.pushed)
      .add("events_delivered", s.delivered.load())
      .add("dropped_oldest", q.dropped_oldest)
      .add("spilled", q.spilled)
      .add("spill_depth", q.spill_depth)
      .add("replayed", q.replayed)
      .add("spill_failed", q.spill_failed)
      .add("saved_at_exit", q.saved_at_exit)
      .add("sink_lost", s.lost.load())
      .add("lost_at_exit", lost_at_exit_.load())
      .add("sink_errors", s.errors.load());
  std::string out = lines.text() + sink_->report();
  std::lock_guard lock(error_mutex_);
  if (!last_error_.empty()) out += "last_error = " + last_error_ + "\n";
  return out;
}

}  // namespace audisp_contid
