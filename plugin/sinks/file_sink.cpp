// SPDX-License-Identifier: GPL-2.0-or-later
#include "sinks/file_sink.h"

#include <poll.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "file_util.h"
#include "plugin_log.h"
#include "report_lines.h"

namespace audisp_contid {
namespace {

constexpr std::size_t kMaxOpenFiles = 256;
constexpr std::uint64_t kBufferLimit = 64 * 1024;

}  // namespace

std::string expand_path_template(const std::string& path_template, const std::string& route,
                                 const std::string& contid_text, const std::string& name) {
  std::string out;
  out.reserve(path_template.size() + 16);
  for (std::size_t i = 0; i < path_template.size(); ++i) {
    const char c = path_template[i];
    if (c != '%' || i + 1 == path_template.size()) {
      out += c;
      continue;
    }
    const char next = path_template[++i];
    if (next == 'c')
      out += contid_text;
    else if (next == 'r')
      out += route;
    else if (next == 'n')
      out += name;
    else
      out += next;  // "%%" -> "%" (config parsing rejects other letters)
  }
  return out;
}

FileSink::FileSink(std::string route_name, FileSinkConfig config)
    : route_name_(std::move(route_name)),
      config_(std::move(config)),
      per_container_(config_.path_template.find("%c") != std::string::npos),
      per_name_(config_.path_template.find("%n") != std::string::npos) {}

FileSink::~FileSink() {
  stop(nullptr);
}

bool FileSink::start(std::string*) {
  if (!per_container_ && !per_name_) {
    // Opened now so a misconfigured path is reported at once; a failure is
    // not fatal: events are kept and the open retried when they come.
    const std::string path = expand_path_template(config_.path_template, route_name_, "");
    open_file(path, entry_for(path));
  }
  return true;
}

FileSink::OpenFile& FileSink::entry_for(const std::string& path) {
  auto it = files_.find(path);
  if (it != files_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second;
  }
  if (files_.size() >= kMaxOpenFiles) {
    // Forget the least recently used file that holds no unwritten data.
    for (auto victim = lru_.rbegin(); victim != lru_.rend(); ++victim) {
      auto found = files_.find(*victim);
      if (!found->second.buffer.empty()) continue;
      close_fd(found->second);
      lru_.erase(found->second.lru);
      files_.erase(found);
      break;
    }
  }
  lru_.push_front(path);
  OpenFile& file = files_[path];
  file.lru = lru_.begin();
  return file;
}

void FileSink::close_fd(OpenFile& file) {
  if (!file.fd) return;
  file.fd.reset();
  --open_files_;
}

void FileSink::failure(const std::string& what, const std::string& path, int error) {
  const std::string cause = what + " " + path + ": " + std::strerror(error);
  {
    std::lock_guard lock(error_mutex_);
    last_error_ = cause;
  }
  if (!causes_.insert(cause).second) return;
  ++counters_.errors;
  log_error("route " + route_name_ + ": " + cause + "; keeping its events (" +
            std::to_string(pending_.size()) + " now) and retrying every " +
            std::to_string(kRetryMs) + " ms");
}

void FileSink::recovered() {
  if (causes_.empty()) return;
  causes_.clear();
  log_info("route " + route_name_ + ": files writable again; the kept events were written");
}

bool FileSink::open_file(const std::string& path, OpenFile& file) {
  if (file.fd) return true;
  if (const std::error_code ec = make_parent_directory(path)) {
    failure("cannot create the directory of", path, ec.value());
    return false;
  }
  // O_NONBLOCK: a FIFO planted at the path must not block the worker.
  UniqueFd fd(open(path.c_str(),
                   O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
                   config_.mode));
  if (!fd) {
    const int error = errno;
    struct stat link {};
    if (error == ELOOP && lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      failure("refusing to follow the symbolic link", path, error);
    } else {
      failure("cannot open", path, error);
    }
    return false;
  }
  struct stat info {};
  if (fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    failure("refusing to write to a non-regular file", path, EINVAL);
    return false;
  }
  if ((info.st_mode & 07777) != config_.mode) fchmod(fd.get(), config_.mode);
  if (config_.owner != kKeepOwner || config_.group != kKeepGroup) {
    if (fchown(fd.get(), config_.owner, config_.group) != 0) failure("cannot chown", path, errno);
  }
  file.fd = std::move(fd);
  file.size = static_cast<std::uint64_t>(info.st_size);
  ++open_files_;
  return true;
}

void FileSink::append(const std::string& path, const std::string& text, std::uint64_t serial) {
  OpenFile& file = entry_for(path);
  file.buffer += text;
  file.segments.push_back({file.buffer.size(), serial});
  buffered_ += text.size();
}

void FileSink::complete(std::uint64_t serial) {
  Pending& entry = pending_[serial - first_serial_];
  if (--entry.remaining > 0 || serial != first_serial_) return;
  while (!pending_.empty() && pending_.front().remaining == 0) {
    pending_.pop_front();
    ++first_serial_;
    ++counters_.delivered;
  }
  kept_ = pending_.size();
}

bool FileSink::write_chunk(const std::string& path, OpenFile& file, std::size_t end) {
  std::size_t done = 0;
  if (const int error = write_all(file.fd.get(), file.buffer.data(), end, &done)) {
    // Cut what was written of this chunk: the events stay whole in the
    // buffer and are written again, whole, once the file takes them.
    if (done > 0 && ftruncate(file.fd.get(), static_cast<off_t>(file.size)) != 0) {
      failure("cannot cut a partial write of", path, errno);
    }
    failure("cannot write", path, error);
    close_fd(file);  // reopened (at its configured path) on the retry
    return false;
  }
  file.size += end;
  buffered_ -= end;
  file.buffer.erase(0, end);
  std::vector<std::uint64_t> written;
  while (!file.segments.empty() && file.segments.front().end <= end) {
    written.push_back(file.segments.front().serial);
    file.segments.pop_front();
  }
  for (auto& segment : file.segments) segment.end -= end;
  for (const auto serial : written) complete(serial);
  return true;
}

bool FileSink::write_out(const std::string& path, OpenFile& file) {
  if (file.buffer.empty()) return true;
  if (!open_file(path, file)) return false;
  const std::uint64_t limit = config_.max_file_size_mb * 1024 * 1024;
  if (limit == 0) return write_chunk(path, file, file.buffer.size());
  while (!file.buffer.empty()) {
    if (file.size > 0 && file.size + file.segments.front().end > limit) {
      if (!rotate(path, file)) return false;
    }
    // As many whole events as fit below the limit (at least one).
    std::size_t end = file.segments.front().end;
    for (const auto& segment : file.segments) {
      if (file.size + segment.end > limit) break;
      end = segment.end;
    }
    if (!write_chunk(path, file, end)) return false;
  }
  return true;
}

bool FileSink::rotate(const std::string& path, OpenFile& file) {
  close_fd(file);
  const std::uint64_t keep = config_.num_files;
  if (keep > 1) {
    for (std::uint64_t n = keep - 1; n >= 2; --n) {
      const std::string from = path + "." + std::to_string(n - 1);
      const std::string to = path + "." + std::to_string(n);
      rename(from.c_str(), to.c_str());
    }
    rename(path.c_str(), (path + ".1").c_str());
  } else {
    unlink(path.c_str());
  }
  ++rotations_;
  return open_file(path, file);
}

void FileSink::deliver(std::vector<QueuedEvent>& batch) {
  for (auto& item : batch) {
    const std::uint64_t serial = first_serial_ + pending_.size();
    const std::uint32_t targets =
        per_container_ && !item.ids.empty() ? static_cast<std::uint32_t>(item.ids.size()) : 1;
    const std::shared_ptr<const std::string> text = item.text;
    pending_.push_back({std::move(item), targets});
    const auto& ids = pending_.back().event.ids;
    const std::string name = !per_name_                           ? std::string()
                             : pending_.back().event.name.empty() ? std::string("host")
                                                                  : pending_.back().event.name;
    if (!per_container_) {
      append(expand_path_template(config_.path_template, route_name_, "", name), *text, serial);
    } else if (ids.empty()) {
      append(expand_path_template(config_.path_template, route_name_, "unset", name), *text,
             serial);
    } else {
      for (const auto id : ids) {
        append(expand_path_template(config_.path_template, route_name_, std::to_string(id), name),
               *text, serial);
      }
    }
  }
  batch.clear();
  kept_ = pending_.size();
  if (config_.flush != FlushMode::kNone || buffered_ >= kBufferLimit) {
    flush_all(config_.flush == FlushMode::kData || config_.flush == FlushMode::kSync);
  }
}

bool FileSink::flush_all(bool sync) {
  bool ok = true;
  for (auto& [path, file] : files_) {
    if (file.buffer.empty()) continue;
    if (!write_out(path, file)) {
      ok = false;
      continue;
    }
    if (!sync || !file.fd) continue;
    if (config_.flush == FlushMode::kSync)
      fsync(file.fd.get());
    else
      fdatasync(file.fd.get());
  }
  blocked_ = !ok;
  if (ok) {
    recovered();
  } else {
    next_retry_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(kRetryMs);
  }
  return ok;
}

void FileSink::wait(int queue_fd, int timeout_ms) {
  if (blocked_) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_retry_) {
      ++retries_;
      if (flush_all(false)) return;  // the worker goes on with the queue
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          next_retry_ - std::chrono::steady_clock::now())
                          .count();
    wait_for_queue(
        -1, static_cast<int>(std::max<std::int64_t>(1, std::min<std::int64_t>(left, timeout_ms))));
    return;
  }
  // The queue went idle: whatever flush mode, buffered data goes out now.
  if (buffered_ > 0 && !flush_all(false)) return;
  wait_for_queue(queue_fd, timeout_ms);
}

void FileSink::hangup() {
  // Log rotation moved the files away: reopen each at its configured path.
  flush_all(false);
  for (auto it = files_.begin(); it != files_.end();) {
    close_fd(it->second);
    if (it->second.buffer.empty()) {
      lru_.erase(it->second.lru);
      it = files_.erase(it);
    } else {
      ++it;
    }
  }
}

void FileSink::stop(std::vector<QueuedEvent>* held) {
  if (files_.empty() && pending_.empty()) return;
  flush_all(config_.flush == FlushMode::kData || config_.flush == FlushMode::kSync);
  for (auto& entry : pending_) {
    // An event of several containers written to some of its files is given
    // back whole (those files get it again): better twice than never.
    if (entry.remaining == 0) {
      ++counters_.delivered;
    } else if (held != nullptr) {
      held->push_back(std::move(entry.event));
    } else {
      ++counters_.lost;
    }
  }
  pending_.clear();
  first_serial_ = 0;
  kept_ = 0;
  for (auto& [path, file] : files_) close_fd(file);
  files_.clear();
  lru_.clear();
  buffered_ = 0;
  blocked_ = false;
}

std::string FileSink::report() const {
  ReportLines lines;
  lines.add("open_files", open_files_.load())
      .add("rotations", rotations_.load())
      .add("kept_events", kept_.load())
      .add("write_retries", retries_.load());
  std::lock_guard lock(error_mutex_);
  return lines.add_nonempty("last_error", last_error_).text();
}

}  // namespace audisp_contid
