// SPDX-License-Identifier: GPL-2.0-or-later
// sink = exec: runs a program (any auditd plugin) with the route's events on
// its stdin in auditd's string format, with an empty environment and a
// clean signal state. When the program exits it is restarted after a
// backoff (restart_min doubling up to restart_max, reset after a minute of
// uptime). The plugin keeps the read end of the program's pipe open and
// watches the program through a pidfd, so when it exits the bytes it had
// not read are still countable (FIONREAD): those events are written again
// to the restarted program, a partly read event whole. A crash loses
// nothing the program did not consume. An event is delivered once the
// program has read all of it. At stop the program gets EOF and a bounded
// time to finish (then SIGTERM, then SIGKILL); the events it has not read
// whole, and those never written, are handed back by stop() in order.
// SIGHUP is forwarded to the program.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include "config/route_config.h"
#include "sinks/sink.h"
#include "unique_fd.h"

namespace audisp_contid {

class ExecSink : public Sink {
 public:
  static constexpr std::size_t kPendingLimit = 4096;

  explicit ExecSink(ExecSinkConfig config) : config_(std::move(config)) {}
  ~ExecSink() override;

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  bool ready() const override { return pending_.size() < kPendingLimit; }
  void wait(int queue_fd, int timeout_ms) override;
  // Events not yet known to be read by the program (written or not).
  bool has_pending() const override { return !pending_.empty() || !in_pipe_.empty(); }
  void stop(std::vector<QueuedEvent>* held) override;
  void hangup() override;
  std::string report() const override;

 private:
  bool spawn(std::string* error);
  // Writes what the pipe takes now; notices a dead child.
  void pump();
  // The child is gone: reap it, requeue unread events, schedule a restart.
  void child_gone();
  // After the child was reaped: counts what it read whole as delivered and
  // moves the rest of in_pipe_ (oldest first) to the front of pending_.
  // Returns how many events went back.
  std::size_t take_back_unread();
  // Forgets in-flight events the child has certainly read.
  void trim_in_pipe();
  // Unread bytes in the pipe (0 if unknown).
  std::uint64_t unread_bytes() const;
  void close_fds();
  void schedule_restart();

  const ExecSinkConfig config_;
  pid_t child_ = -1;
  UniqueFd pipe_fd_;                 // write end (non-blocking)
  UniqueFd pipe_read_fd_;            // our copy of the read end: keeps unread bytes countable
  UniqueFd pidfd_;                   // readable when the program exits
  std::deque<QueuedEvent> pending_;  // not yet written whole
  std::size_t offset_ = 0;           // bytes of pending_.front() already written
  std::deque<QueuedEvent> in_pipe_;  // written, maybe unread
  std::uint64_t in_pipe_bytes_ = 0;
  double backoff_seconds_ = 0;
  std::chrono::steady_clock::time_point restart_at_{};
  std::chrono::steady_clock::time_point started_at_{};
  std::atomic<std::uint64_t> restarts_{0};
  std::atomic<std::uint64_t> resent_{0};
  std::atomic<pid_t> child_pid_{-1};
  mutable std::mutex status_mutex_;
  std::string last_exit_;
};

}  // namespace audisp_contid
