// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/log_input.h"

#include "contid/key_value_file.h"
#include "contid/line_splitter.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace contid {

namespace {

constexpr std::size_t kReadChunk = 1 << 20;

}  // namespace

bool read_lines(int fd, const std::string& source, Diagnostics* diagnostics,
                const std::function<void(std::string_view, const SourceLocation&)>& on_line,
                const bool* stop) {
  std::unique_ptr<char[]> buffer(new char[kReadChunk]);
  LineSplitter splitter(source, diagnostics, on_line);
  splitter.set_stop_flag(stop);
  while (true) {
    const ssize_t got = ::read(fd, buffer.get(), kReadChunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (diagnostics)
        diagnostics->report(SourceLocation{source, splitter.lines() + 1}, "read-failed",
                            std::string("read error: ") + std::strerror(errno));
      return false;
    }
    if (got == 0) break;
    splitter.feed(std::string_view(buffer.get(), static_cast<std::size_t>(got)));
    if (stop && *stop) return true;
  }
  splitter.finish();
  return true;
}

bool read_file_lines(const std::string& path, Diagnostics* diagnostics,
                     const std::function<void(std::string_view, const SourceLocation&)>& on_line,
                     const bool* stop) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (diagnostics)
      diagnostics->report(SourceLocation{path, 0}, "open-failed",
                          "cannot open " + path + ": " + std::strerror(errno));
    return false;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    if (diagnostics)
      diagnostics->report(SourceLocation{path, 0}, "open-failed", path + " is a directory");
    return false;
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  bool ok = read_lines(fd, path, diagnostics, on_line, stop);
  ::close(fd);
  return ok;
}

std::vector<std::string> rotated_log_set(const std::string& log_file) {
  std::string base = log_file;
  struct stat st {};
  if (::stat(base.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) base += "/audit.log";
  std::vector<std::string> numbered;
  for (int n = 1; n < 100000; ++n) {
    std::string candidate = base + "." + std::to_string(n);
    if (::access(candidate.c_str(), F_OK) != 0) break;
    numbered.push_back(candidate);
  }
  std::vector<std::string> ordered(numbered.rbegin(), numbered.rend());
  if (::access(base.c_str(), F_OK) == 0) ordered.push_back(base);
  return ordered;
}

std::string configured_log_file(const std::string& auditd_conf) {
  KeyValueFile file;
  std::string error;
  if (read_key_value_file(auditd_conf, &file, &error)) {
    const KeyValueEntry* entry = file.find("log_file");
    if (entry != nullptr && !entry->value.empty()) return entry->value;
  }
  return "/var/log/audit/audit.log";
}

}  // namespace contid
