// SPDX-License-Identifier: GPL-2.0-or-later
// A route's bounded queue between the reader thread (push, never blocks on
// a consumer) and the route's worker (pop). When the queue holds `depth`
// events a push either drops the oldest event (counted) or, with a spill
// file, appends to it; once spilling, every push goes to the file until the
// worker has read it all back, so events stay in order. Events in the file
// when it is opened (left by an earlier run or an earlier worker of the
// route) come out before any event pushed later.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "routing/queued_event.h"
#include "routing/spill_file.h"
#include "unique_fd.h"

namespace audisp_contid {

struct QueueCounters {
  std::uint64_t pushed = 0;  // events accepted by the route
  std::uint64_t popped = 0;  // handed to the worker
  std::uint64_t dropped_oldest = 0;
  std::uint64_t spilled = 0;        // written to the spill file
  std::uint64_t replayed = 0;       // read back from the spill file
  std::uint64_t spill_failed = 0;   // could not be spilled (dropped, counted)
  std::uint64_t spill_at_open = 0;  // in the spill file when it was opened
  std::uint64_t saved_at_exit = 0;  // put into the spill file by save_at_exit()
  std::uint64_t spill_kept = 0;     // left in the spill file when it was closed
  std::uint64_t max_depth = 0;
  std::uint64_t depth = 0;        // in memory now
  std::uint64_t spill_depth = 0;  // in the spill file now
};

class EventQueue {
 public:
  // `spill` may be null (drop_oldest policy). With spill_pending the spill
  // file comes later through attach_spill(); until then a full queue keeps
  // every event in memory (neither dropped nor spilled).
  EventQueue(std::size_t depth, std::unique_ptr<SpillFile> spill, bool spill_pending = false);
  ~EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  // Adds an event. The worker is woken by publish() (the reader calls it
  // once per input chunk, so a busy stream costs one wake-up per chunk, not
  // per event), or at once when the queue is half full.
  void push(QueuedEvent item);
  void publish();
  // Moves up to `max` events (oldest first) into *out; returns how many.
  std::size_t try_pop(std::vector<QueuedEvent>* out, std::size_t max);
  // An fd that becomes readable when the queue turns non-empty or closes
  // (an eventfd); the worker polls it together with its sink's fds.
  int notify_fd() const { return notify_fd_.get(); }
  // Clears the notify fd, then reports whether the queue is empty (call
  // before polling so a concurrent push is not missed).
  bool prepare_wait();
  // After close() pushes are refused (counted as pushed-after-close: never
  // happens in the plugin, which closes a queue only after its last push).
  void close();
  bool closed() const;
  bool closed_and_empty() const;
  // Hands the queue its spill file (null: it could not be opened; the
  // queue then drops its oldest events down to its depth, counted). Events
  // already in the file stay ahead of those in memory, which follow them
  // into the file.
  void attach_spill(std::unique_ptr<SpillFile> spill);
  bool spills() const;
  // Empties the in-memory part (at exit of a route without a spill file,
  // when the sink could not take it) and returns how many events it held.
  std::uint64_t discard_memory();
  // At exit of a spilling route: writes `held` (what the sink gave back,
  // oldest first), then the in-memory events, in front of the spill file's
  // unread items and closes the file, so the next reader of the file
  // replays all of them, in order, before anything newer. Returns false
  // with *error if the file could not be written (the events are then not
  // saved; the caller counts them). *count gets how many were offered.
  bool save_at_exit(std::vector<QueuedEvent> held, std::uint64_t* count, std::string* error);
  QueueCounters counters() const;

 private:
  void notify();

  const std::size_t depth_;
  std::unique_ptr<SpillFile> spill_;
  mutable std::mutex mutex_;
  std::deque<QueuedEvent> items_;
  bool closed_ = false;
  bool spill_pending_ = false;
  bool unpublished_ = false;  // pushed since the last wake-up
  QueueCounters counters_;
  UniqueFd notify_fd_;
};

}  // namespace audisp_contid
