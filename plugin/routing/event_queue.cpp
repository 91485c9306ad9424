// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/event_queue.h"

#include "input/event_fd.h"

#include <unistd.h>

#include <algorithm>

namespace audisp_contid {

EventQueue::EventQueue(std::size_t depth, std::unique_ptr<SpillFile> spill, bool spill_pending)
    : depth_(std::max<std::size_t>(depth, 1)),
      spill_(std::move(spill)),
      spill_pending_(spill_pending) {
  notify_fd_ = make_event_fd("a route queue");
  if (spill_) counters_.spill_at_open = spill_->size();
}

EventQueue::~EventQueue() = default;

void EventQueue::notify() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t n = write(notify_fd_.get(), &one, sizeof one);
}

void EventQueue::push(QueuedEvent item) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  ++counters_.pushed;
  const bool was_empty = items_.empty() && (!spill_ || spill_->empty());
  if (spill_ && (!spill_->empty() || items_.size() >= depth_)) {
    if (spill_->append(item)) {
      ++counters_.spilled;
    } else {
      ++counters_.spill_failed;
    }
  } else {
    if (items_.size() >= depth_ && !spill_pending_) {
      items_.pop_front();
      ++counters_.dropped_oldest;
    }
    items_.push_back(std::move(item));
    counters_.max_depth = std::max<std::uint64_t>(counters_.max_depth, items_.size());
  }
  unpublished_ = unpublished_ || was_empty;
  if (unpublished_ && items_.size() >= depth_ / 2) {
    notify();
    unpublished_ = false;
  }
}

void EventQueue::publish() {
  std::lock_guard lock(mutex_);
  if (!unpublished_) return;
  notify();
  unpublished_ = false;
}

std::size_t EventQueue::try_pop(std::vector<QueuedEvent>* out, std::size_t max) {
  std::lock_guard lock(mutex_);
  std::size_t taken = 0;
  while (taken < max && !items_.empty()) {
    out->push_back(std::move(items_.front()));
    items_.pop_front();
    ++taken;
  }
  // Memory is older than the spill file: read the file only once memory is empty.
  while (taken < max && items_.empty() && spill_ && !spill_->empty()) {
    QueuedEvent item;
    if (!spill_->read_next(&item)) break;
    out->push_back(std::move(item));
    ++counters_.replayed;
    ++taken;
  }
  counters_.popped += taken;
  return taken;
}

bool EventQueue::prepare_wait() {
  std::uint64_t value = 0;
  [[maybe_unused]] const ssize_t n = read(notify_fd_.get(), &value, sizeof value);
  std::lock_guard lock(mutex_);
  const bool empty = items_.empty() && (!spill_ || spill_->empty());
  if (closed_ && empty) notify();  // keep waking a worker that should exit
  return empty;
}

void EventQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  unpublished_ = false;
  notify();
}

bool EventQueue::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EventQueue::attach_spill(std::unique_ptr<SpillFile> spill) {
  std::lock_guard lock(mutex_);
  spill_pending_ = false;
  spill_ = std::move(spill);
  if (!spill_) {
    while (items_.size() > depth_) {
      items_.pop_front();
      ++counters_.dropped_oldest;
    }
    return;
  }
  counters_.spill_at_open = spill_->size();
  if (spill_->empty()) return;
  // The file's events are older than memory's: memory goes behind them.
  for (const auto& item : items_) {
    if (spill_->append(item)) {
      ++counters_.spilled;
    } else {
      ++counters_.spill_failed;
    }
  }
  items_.clear();
  notify();
}

bool EventQueue::spills() const {
  std::lock_guard lock(mutex_);
  return spill_ != nullptr;
}

bool EventQueue::save_at_exit(std::vector<QueuedEvent> held, std::uint64_t* count,
                              std::string* error) {
  std::lock_guard lock(mutex_);
  for (auto& item : items_) held.push_back(std::move(item));
  items_.clear();
  *count = held.size();
  if (!spill_) {
    *error = "no spill file";
    return false;
  }
  const bool saved = held.empty() || spill_->save_in_front(held, error);
  if (saved) counters_.saved_at_exit += held.size();
  counters_.spill_kept = spill_->size();
  spill_.reset();  // closed: the next worker of the route may open it
  return saved;
}

std::uint64_t EventQueue::discard_memory() {
  std::lock_guard lock(mutex_);
  const std::uint64_t count = items_.size();
  items_.clear();
  return count;
}

bool EventQueue::closed_and_empty() const {
  std::lock_guard lock(mutex_);
  return closed_ && items_.empty() && (!spill_ || spill_->empty());
}

QueueCounters EventQueue::counters() const {
  std::lock_guard lock(mutex_);
  QueueCounters copy = counters_;
  copy.depth = items_.size();
  copy.spill_depth = spill_ ? spill_->size() : 0;
  return copy;
}

}  // namespace audisp_contid
