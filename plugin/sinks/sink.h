// SPDX-License-Identifier: GPL-2.0-or-later
// A route's consumer. A sink is driven by its route's worker thread only
// (start, deliver, wait, stop); report() and counters may be read from any
// thread. deliver() never loses an event silently: what it cannot hand on
// yet it keeps (and ready() turns false), what it must give up is counted.
// An event counts as delivered once the sink is done with it: file and
// syslog when written, socket when sent whole to every client connected
// when it came, exec when the program has read it from its pipe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "routing/queued_event.h"

namespace audisp_contid {

struct SinkCounters {
  std::atomic<std::uint64_t> delivered{0};  // events handed to the consumer(s)
  std::atomic<std::uint64_t> lost{0};       // events given up (counted, reported)
  std::atomic<std::uint64_t> errors{0};     // I/O errors seen
};

class Sink {
 public:
  virtual ~Sink() = default;

  // Opens files, binds sockets, starts programs. False with *error if the
  // sink cannot work at all (the route then reports it and keeps retrying).
  virtual bool start(std::string* error) = 0;
  // Takes every event of `batch` (in order).
  virtual void deliver(std::vector<QueuedEvent>& batch) = 0;
  // True when the sink can take another batch now.
  virtual bool ready() const { return true; }
  // Waits at most timeout_ms for `queue_fd` (skip when -1) or the sink's own
  // descriptors, and does the sink's housekeeping (accepting clients,
  // writing pending data, restarting a program, flushing idle buffers).
  virtual void wait(int queue_fd, int timeout_ms) = 0;
  // True while the sink still holds events it has not handed on.
  virtual bool has_pending() const { return false; }
  // Flushes what it can and releases everything. Events not yet delivered
  // (see above) are appended to *held, oldest first, each whole and once,
  // for the route to spill or count; with held == nullptr the sink counts
  // them as lost itself. A second call finds nothing left.
  virtual void stop(std::vector<QueuedEvent>* held) = 0;
  // SIGHUP reached the plugin (exec sinks forward it to their program).
  virtual void hangup() {}
  // Sink-specific "key = value" lines for the state report.
  virtual std::string report() const { return ""; }

  const SinkCounters& counters() const { return counters_; }

 protected:
  SinkCounters counters_;
};

// Waits until `queue_fd` is readable or timeout_ms have passed (with
// queue_fd = -1, simply sleeps timeout_ms). A helper for sinks without
// descriptors of their own.
void wait_for_queue(int queue_fd, int timeout_ms);

}  // namespace audisp_contid
