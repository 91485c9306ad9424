// SPDX-License-Identifier: GPL-2.0-or-later
#include "file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

namespace audisp_contid {

int write_all(int fd, const char* data, std::size_t size, std::size_t* written) {
  std::size_t done = 0;
  int error = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? errno : ENOSPC;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (written) *written = done;
  return error;
}

int write_all_at(int fd, const char* data, std::size_t size, off_t offset) {
  while (size > 0) {
    const ssize_t n = ::pwrite(fd, data, size, offset);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n < 0 ? errno : ENOSPC;
    data += n;
    size -= static_cast<std::size_t>(n);
    offset += n;
  }
  return 0;
}

std::error_code make_parent_directory(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (parent.empty() || std::filesystem::exists(parent, ec)) return {};
  std::filesystem::create_directories(parent, ec);
  if (ec) return ec;
  std::error_code ignored;  // the directory is usable whatever its mode
  std::filesystem::permissions(parent, std::filesystem::perms(0750), ignored);
  return {};
}

int read_small_file(const std::string& path, std::string* out, std::size_t limit) {
  out->clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  char buffer[4096];
  int error = 0;
  while (out->size() < limit) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) error = errno;
    if (n <= 0) break;
    out->append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return error;
}

}  // namespace audisp_contid
