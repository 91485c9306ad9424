#include "file_sink.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace audisp_contid {
namespace {

constexpr std::size_t kMaxOpenFiles = 256;
constexpr std::uint64_t kBufferLimit = 64 * 1024;

uid_t lookup_uid(const std::string& name) {
  if (name.empty()) return static_cast<uid_t>(-1);
  unsigned long number = 0;
  auto result = std::from_chars(name.data(), name.data() + name.size(), number);
  if (result.ec == std::errc() && result.ptr == name.data() + name.size()) return static_cast<uid_t>(number);
  const passwd* entry = getpwnam(name.c_str());
  return entry ? entry->pw_uid : static_cast<uid_t>(-1);
}

gid_t lookup_gid(const std::string& name) {
  if (name.empty()) return static_cast<gid_t>(-1);
  unsigned long number = 0;
  auto result = std::from_chars(name.data(), name.data() + name.size(), number);
  if (result.ec == std::errc() && result.ptr == name.data() + name.size()) return static_cast<gid_t>(number);
  const group* entry = getgrnam(name.c_str());
  return entry ? entry->gr_gid : static_cast<gid_t>(-1);
}

}  // namespace

std::string expand_path_template(const std::string& path_template, const std::string& route,
                                 const std::string& contid_text) {
  std::string out;
  out.reserve(path_template.size() + 16);
  for (std::size_t i = 0; i < path_template.size(); ++i) {
    const char c = path_template[i];
    if (c != '%' || i + 1 == path_template.size()) {
      out += c;
      continue;
    }
    const char next = path_template[++i];
    if (next == 'c') out += contid_text;
    else if (next == 'r') out += route;
    else out += next;  // "%%" -> "%" (config parsing rejects other letters)
  }
  return out;
}

FileSink::FileSink(std::string route_name, FileSinkConfig config)
    : route_name_(std::move(route_name)),
      config_(std::move(config)),
      per_container_(config_.path_template.find("%c") != std::string::npos) {}

FileSink::~FileSink() { stop(nullptr); }

bool FileSink::start(std::string* error) {
  owner_ = lookup_uid(config_.owner);
  group_ = lookup_gid(config_.group);
  if (!per_container_) {
    const std::string path = expand_path_template(config_.path_template, route_name_, "");
    if (file_for(path) == nullptr) {
      std::lock_guard lock(error_mutex_);
      *error = last_error_;
      return false;
    }
  }
  return true;
}

FileSink::OpenFile* FileSink::file_for(const std::string& path) {
  auto it = files_.find(path);
  if (it != files_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return &it->second;
  }
  if (files_.size() >= kMaxOpenFiles) close_file(lru_.back());
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (!ec) std::filesystem::permissions(parent, std::filesystem::perms(0750), ec);
  }
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
                      config_.mode);
  if (fd < 0) {
    ++counters_.errors;
    std::lock_guard lock(error_mutex_);
    last_error_ = "cannot open " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  struct stat info {};
  fstat(fd, &info);
  if ((info.st_mode & 07777) != config_.mode) fchmod(fd, config_.mode);
  if (owner_ != static_cast<uid_t>(-1) || group_ != static_cast<gid_t>(-1)) {
    if (fchown(fd, owner_, group_) != 0) ++counters_.errors;
  }
  lru_.push_front(path);
  OpenFile& file = files_[path];
  file.fd = fd;
  file.size = static_cast<std::uint64_t>(info.st_size);
  file.lru = lru_.begin();
  ++open_files_;
  return &file;
}

void FileSink::append(const std::string& path, const std::string& text) {
  OpenFile* file = file_for(path);
  if (file == nullptr) {
    ++counters_.lost;
    return;
  }
  const std::uint64_t limit = config_.max_file_size_mb * 1024 * 1024;
  if (limit != 0 && file->size + file->buffer.size() + text.size() > limit &&
      file->size + file->buffer.size() > 0) {
    write_out(path, *file);
    rotate(path, *file);
  }
  file->buffer += text;
  buffered_ += text.size();
}

bool FileSink::write_out(const std::string& path, OpenFile& file) {
  std::size_t done = 0;
  while (done < file.buffer.size()) {
    const ssize_t n = write(file.fd, file.buffer.data() + done, file.buffer.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ++counters_.errors;
      std::lock_guard lock(error_mutex_);
      last_error_ = "cannot write " + path + ": " + std::strerror(errno);
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  file.size += done;
  buffered_ -= file.buffer.size();
  file.buffer.clear();
  return true;
}

void FileSink::rotate(const std::string& path, OpenFile& file) {
  close(file.fd);
  file.fd = -1;
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
  file.fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, config_.mode);
  if (file.fd >= 0) {
    fchmod(file.fd, config_.mode);
    if (owner_ != static_cast<uid_t>(-1) || group_ != static_cast<gid_t>(-1)) {
      if (fchown(file.fd, owner_, group_) != 0) ++counters_.errors;
    }
  } else {
    ++counters_.errors;
  }
  file.size = 0;
}

void FileSink::deliver(std::vector<QueuedEvent>& batch) {
  for (const auto& item : batch) {
    if (!per_container_) {
      append(expand_path_template(config_.path_template, route_name_, ""), *item.text);
    } else if (item.ids.empty()) {
      append(expand_path_template(config_.path_template, route_name_, "unset"), *item.text);
    } else {
      for (const auto id : item.ids) {
        append(expand_path_template(config_.path_template, route_name_, std::to_string(id)),
               *item.text);
      }
    }
    ++counters_.delivered;
  }
  batch.clear();
  if (config_.flush != FlushMode::kNone || buffered_ >= kBufferLimit) {
    flush_all(config_.flush == FlushMode::kData || config_.flush == FlushMode::kSync);
  }
}

void FileSink::flush_all(bool sync) {
  for (auto& [path, file] : files_) {
    if (file.buffer.empty()) continue;
    write_out(path, file);
    if (!sync) continue;
    if (config_.flush == FlushMode::kSync) fsync(file.fd);
    else fdatasync(file.fd);
  }
}

void FileSink::wait(int queue_fd, int timeout_ms) {
  // The queue went idle: whatever flush mode, buffered data goes out now.
  if (buffered_ > 0) flush_all(false);
  wait_for_queue(queue_fd, timeout_ms);
}

void FileSink::close_file(const std::string& path) {
  auto it = files_.find(path);
  if (it == files_.end()) return;
  write_out(path, it->second);
  if (config_.flush == FlushMode::kSync || config_.flush == FlushMode::kData) fsync(it->second.fd);
  if (it->second.fd >= 0) close(it->second.fd);
  lru_.erase(it->second.lru);
  files_.erase(it);
  --open_files_;
}

void FileSink::stop(std::vector<QueuedEvent>*) {
  while (!files_.empty()) close_file(files_.begin()->first);
}

std::string FileSink::report() const {
  std::string out = "open_files = " + std::to_string(open_files_.load()) + "\n" +
                    "rotations = " + std::to_string(rotations_.load()) + "\n";
  std::lock_guard lock(error_mutex_);
  if (!last_error_.empty()) out += "last_error = " + last_error_ + "\n";
  return out;
}

}  // namespace audisp_contid
