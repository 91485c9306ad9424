// SPDX-License-Identifier: GPL-2.0-or-later
// sink = file: appends a route's events to files named by a template
// (%c = the container id, decimal, or "unset"; %r = the route name; %% = %).
// An event routed for several ids is written once to each id's file.
// Rotation by max_file_size/num_files as auditd (path.1 is the newest old
// file); flush = none (write when 64 KiB are buffered or the queue is idle),
// incremental (write after every batch), data (and fdatasync), sync (and fsync).
//
// An event counts as delivered only once it was written to every file it
// goes to. A file that cannot be opened or written (missing or read-only
// directory, ENOTDIR, ENOSPC, EMFILE, a planted symlink) keeps its events:
// the sink logs the cause once (again only when it changes or after a
// recovery), counts it in sink_errors, turns not ready() so the route's
// queue fills and its overflow policy applies, retries every
// kRetryMs and writes the kept events, in order, once the file takes
// them. A write cut short is truncated back to the last whole event.
// SIGHUP closes every file; each is reopened at its configured path (after
// a log rotation's `mv`) on its next write. Files are opened with
// O_NOFOLLOW|O_CLOEXEC|O_NONBLOCK and must be regular files.
#pragma once

#include <sys/types.h>
#include <chrono>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "config/route_config.h"
#include "sinks/sink.h"
#include "unique_fd.h"

namespace audisp_contid {

// Expands %c/%n/%r/%% in a path template. Ids are printed in decimal and
// names are made safe by the router (container_name_component), so file
// names never contain text from the audit stream.
std::string expand_path_template(const std::string& path_template, const std::string& route,
                                 const std::string& contid_text, const std::string& name = "");

class FileSink : public Sink {
 public:
  FileSink(std::string route_name, FileSinkConfig config);
  ~FileSink() override;

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  void wait(int queue_fd, int timeout_ms) override;
  bool ready() const override { return !blocked_; }
  bool has_pending() const override { return !pending_.empty(); }
  // Writes what it can; events not written are appended to *held.
  void stop(std::vector<QueuedEvent>* held) override;
  void hangup() override;
  std::string report() const override;

  static constexpr int kRetryMs = 500;

 private:
  struct Segment {
    std::size_t end;       // offset in OpenFile::buffer just past the event
    std::uint64_t serial;  // the event's serial in pending_
  };
  struct OpenFile {
    UniqueFd fd;  // none: (re)opened on the next write
    std::uint64_t size = 0;
    std::string buffer;
    std::deque<Segment> segments;
    std::list<std::string>::iterator lru;
  };
  struct Pending {
    QueuedEvent event;
    std::uint32_t remaining;  // files it still has to be written to
  };

  OpenFile& entry_for(const std::string& path);
  void append(const std::string& path, const std::string& text, std::uint64_t serial);
  bool open_file(const std::string& path, OpenFile& file);
  // Writes the file's buffer; false (cause logged) if some is left.
  bool write_out(const std::string& path, OpenFile& file);
  bool write_chunk(const std::string& path, OpenFile& file, std::size_t end);
  bool rotate(const std::string& path, OpenFile& file);
  // Writes every buffer; updates blocked_ and the delivered count.
  bool flush_all(bool sync);
  void complete(std::uint64_t serial);
  void close_fd(OpenFile& file);
  void failure(const std::string& what, const std::string& path, int error);
  void recovered();

  const std::string route_name_;
  const FileSinkConfig config_;
  const bool per_container_;  // the template has %c
  const bool per_name_;       // the template has %n
  std::map<std::string, OpenFile> files_;
  std::list<std::string> lru_;  // most recently used first
  std::uint64_t buffered_ = 0;
  std::atomic<std::uint64_t> rotations_{0};
  std::atomic<std::uint64_t> open_files_{0};
  std::deque<Pending> pending_;
  std::uint64_t first_serial_ = 0;      // serial of pending_.front()
  std::atomic<std::uint64_t> kept_{0};  // pending_.size(), for report()
  std::atomic<std::uint64_t> retries_{0};
  bool blocked_ = false;
  std::chrono::steady_clock::time_point next_retry_{};
  std::set<std::string> causes_;  // logged since the last recovery
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

}  // namespace audisp_contid
