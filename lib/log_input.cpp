#include "contid/log_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>

namespace contid {

namespace {

constexpr std::size_t kReadChunk = 1 << 20;

}  // namespace

bool read_lines(int fd, const std::string& source, Diagnostics* diagnostics,
                const std::function<void(std::string_view, const SourceLocation&)>& on_line,
                const bool* stop) {
  const bool* const stop_reading = stop;
  std::unique_ptr<char[]> buffer(new char[kReadChunk + kMaxLineLength]);
  std::size_t held = 0;        // bytes of an unfinished line at buffer start
  bool skipping = false;       // inside a line longer than kMaxLineLength
  std::uint64_t line_number = 0;
  std::uint64_t long_line_start = 0;
  SourceLocation where{source, 0};
  while (true) {
    ssize_t got = ::read(fd, buffer.get() + held, kReadChunk);
    if (got < 0) {
      if (errno == EINTR) continue;
      if (diagnostics)
        diagnostics->report(SourceLocation{source, line_number + 1}, "read-failed",
                            std::string("read error: ") + std::strerror(errno));
      return false;
    }
    if (got == 0) break;
    const char* data = buffer.get();
    std::size_t end = held + static_cast<std::size_t>(got);
    std::size_t start = 0;
    while (start < end) {
      const void* nl = std::memchr(data + start, '\n', end - start);
      if (!nl) break;
      std::size_t stop = static_cast<const char*>(nl) - data;
      ++line_number;
      if (skipping) {
        skipping = false;
        if (diagnostics)
          diagnostics->report(SourceLocation{source, long_line_start}, "line-too-long",
                              "line longer than " + std::to_string(kMaxLineLength) + " bytes skipped");
      } else {
        where.line = line_number;
        on_line(std::string_view(data + start, stop - start), where);
        if (stop_reading && *stop_reading) return true;
      }
      start = stop + 1;
    }
    // Keep the unfinished tail for the next read, unless it is too long.
    std::size_t tail = end - start;
    if (skipping || tail > kMaxLineLength) {
      if (!skipping) long_line_start = line_number + 1;
      skipping = true;
      held = 0;
    } else {
      std::memmove(buffer.get(), data + start, tail);
      held = tail;
    }
  }
  if (skipping) {
    if (diagnostics)
      diagnostics->report(SourceLocation{source, long_line_start}, "line-too-long",
                          "last line longer than " + std::to_string(kMaxLineLength) + " bytes skipped");
  } else if (held > 0) {
    ++line_number;
    where.line = line_number;
    if (diagnostics)
      diagnostics->report(where, "truncated-line", "last line has no newline (file still being written?)");
    on_line(std::string_view(buffer.get(), held), where);
  }
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
  std::ifstream in(auditd_conf);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    auto trim = [](std::string s) {
      std::size_t b = s.find_first_not_of(" \t");
      std::size_t e = s.find_last_not_of(" \t\r");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    if (trim(line.substr(0, eq)) == "log_file") {
      std::string value = trim(line.substr(eq + 1));
      if (!value.empty()) return value;
    }
  }
  return "/var/log/audit/audit.log";
}

}  // namespace contid
