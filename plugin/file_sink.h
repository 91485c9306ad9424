// sink = file: appends a route's events to files named by a template
// (%c = the container id, decimal, or "unset"; %r = the route name; %% = %).
// An event routed for several ids is written once to each id's file.
// Rotation by max_file_size/num_files as auditd (path.1 is the newest old
// file); flush = none (write when 64 KiB are buffered or the queue is idle),
// incremental (write after every batch), data (and fdatasync), sync (and fsync).
#pragma once

#include <cstdint>
#include <list>
#include <map>
#include <mutex>
#include <string>
#include <sys/types.h>

#include "route_config.h"
#include "sink.h"

namespace audisp_contid {

// Expands %c/%r/%% in a path template. Ids are printed in decimal, so file
// names never contain text from the audit stream.
std::string expand_path_template(const std::string& path_template, const std::string& route,
                                 const std::string& contid_text);

class FileSink : public Sink {
 public:
  FileSink(std::string route_name, FileSinkConfig config);
  ~FileSink() override;

  bool start(std::string* error) override;
  void deliver(std::vector<QueuedEvent>& batch) override;
  void wait(int queue_fd, int timeout_ms) override;
  // Writes every buffered event (the sink holds none afterwards).
  void stop(std::vector<QueuedEvent>* held) override;
  std::string report() const override;

 private:
  struct OpenFile {
    int fd = -1;
    std::uint64_t size = 0;
    std::string buffer;
    std::list<std::string>::iterator lru;
  };

  OpenFile* file_for(const std::string& path);
  void append(const std::string& path, const std::string& text);
  bool write_out(const std::string& path, OpenFile& file);
  void rotate(const std::string& path, OpenFile& file);
  void flush_all(bool sync);
  void close_file(const std::string& path);

  const std::string route_name_;
  const FileSinkConfig config_;
  const bool per_container_;
  uid_t owner_ = static_cast<uid_t>(-1);
  gid_t group_ = static_cast<gid_t>(-1);
  std::map<std::string, OpenFile> files_;
  std::list<std::string> lru_;  // most recently used first
  std::uint64_t buffered_ = 0;
  std::atomic<std::uint64_t> rotations_{0};
  std::atomic<std::uint64_t> open_files_{0};
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

}  // namespace audisp_contid
