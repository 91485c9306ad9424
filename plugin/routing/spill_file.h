// SPDX-License-Identifier: GPL-2.0-or-later
// A file-backed FIFO of QueuedEvents: the `overflow = spill` store. Items
// are appended at the end and read back in order; when every item has been
// read the file is truncated. Items left in the file when the plugin stops
// are replayed by the next run (a clean close drops the items already read;
// after a crash, items read since the last truncation come again). At exit
// save_in_front() puts the events a route still held before the unread
// ones, replacing the file atomically (PATH.new renamed over PATH). Not
// thread-safe (EventQueue locks it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "routing/queued_event.h"
#include "unique_fd.h"

namespace audisp_contid {

class SpillFile {
 public:
  explicit SpillFile(std::string path) : path_(std::move(path)) {}
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  // Opens (creating the directory and file, mode 0600) and counts the items
  // a previous run left. A torn last item is cut off and counted in
  // torn_items(). False with *error on failure.
  bool open(std::string* error);
  bool append(const QueuedEvent& item);
  // Reads the next item; false when none is left (or on a read error).
  bool read_next(QueuedEvent* item);
  // Rewrites the file as `items` (oldest first) followed by the unread
  // items, synced, then renamed over the old file: a crash leaves the old
  // file or the new one. False with *error (the old file stays as it was).
  bool save_in_front(const std::vector<QueuedEvent>& items, std::string* error);

  std::uint64_t size() const { return items_; }  // unread items
  bool empty() const { return items_ == 0; }
  std::uint64_t torn_items() const { return torn_; }
  std::uint64_t write_errors() const { return write_errors_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  UniqueFd fd_;
  std::uint64_t read_offset_ = 0;
  std::uint64_t write_offset_ = 0;
  std::uint64_t items_ = 0;
  std::uint64_t torn_ = 0;
  std::uint64_t write_errors_ = 0;
};

}  // namespace audisp_contid
