// SPDX-License-Identifier: GPL-2.0-or-later
#include "routing/spill_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>

#include "file_util.h"

namespace audisp_contid {
namespace {

// Item layout: u64 sequence, u32 (name length << 16 | id count), u32 text
// length, ids, text, name. Files written before names existed have a zero
// name length and are read the same way.
struct ItemHeader {
  std::uint64_t sequence;
  std::uint32_t counts;
  std::uint32_t text_length;
};
constexpr std::uint32_t kMaxIds = 0xffff;
constexpr std::size_t kMaxName = 0xffff;

bool read_exact(int fd, void* buffer, std::size_t size, std::uint64_t offset) {
  auto* out = static_cast<char*>(buffer);
  while (size > 0) {
    const ssize_t n = pread(fd, out, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<std::size_t>(n);
    offset += static_cast<std::uint64_t>(n);
  }
  return true;
}

void encode(const QueuedEvent& item, std::string* out) {
  const std::size_t ids = std::min<std::size_t>(item.ids.size(), kMaxIds);
  const std::size_t name = std::min(item.name.size(), kMaxName);
  const ItemHeader header{item.sequence, static_cast<std::uint32_t>(name << 16 | ids),
                          static_cast<std::uint32_t>(item.text->size())};
  out->append(reinterpret_cast<const char*>(&header), sizeof header);
  out->append(reinterpret_cast<const char*>(item.ids.data()), ids * sizeof(contid::ContainerId));
  out->append(*item.text);
  out->append(item.name, 0, name);
}

}  // namespace

SpillFile::~SpillFile() {
  if (!fd_) return;
  // Keep only the unread items, so the next run replays each exactly once.
  if (read_offset_ > 0 && items_ > 0) {
    std::string tail(write_offset_ - read_offset_, '\0');
    if (read_exact(fd_.get(), tail.data(), tail.size(), read_offset_) &&
        write_all_at(fd_.get(), tail.data(), tail.size(), 0) == 0) {
      [[maybe_unused]] const int cut = ftruncate(fd_.get(), static_cast<off_t>(tail.size()));
    }
  }
}

bool SpillFile::open(std::string* error) {
  make_parent_directory(path_);      // a failure shows in open(2)
  unlink((path_ + ".new").c_str());  // a save_in_front() cut short: PATH is intact
  fd_.reset(::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600));
  if (!fd_) {
    const int error_number = errno;
    struct stat link {};
    if (error_number == ELOOP && lstat(path_.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
      *error = "refusing to open spill file " + path_ + ": it is a symbolic link";
    } else {
      *error = "cannot open spill file " + path_ + ": " + std::strerror(error_number);
    }
    return false;
  }
  struct stat info {};
  if (fstat(fd_.get(), &info) != 0 || !S_ISREG(info.st_mode)) {
    *error = "refusing to use spill file " + path_ + ": not a regular file";
    fd_.reset();
    return false;
  }
  const auto file_size = static_cast<std::uint64_t>(info.st_size);
  std::uint64_t offset = 0;
  while (offset < file_size) {
    ItemHeader header{};
    const std::uint64_t item_size_min = sizeof header;
    if (file_size - offset < item_size_min ||
        !read_exact(fd_.get(), &header, sizeof header, offset))
      break;
    const std::uint64_t item_size = sizeof header +
                                    (header.counts & kMaxIds) * sizeof(contid::ContainerId) +
                                    header.text_length + (header.counts >> 16);
    if (file_size - offset < item_size) break;
    offset += item_size;
    ++items_;
  }
  if (offset < file_size) {
    ++torn_;
    if (ftruncate(fd_.get(), static_cast<off_t>(offset)) != 0) {
      *error = "cannot cut torn item of " + path_ + ": " + std::strerror(errno);
      return false;
    }
  }
  write_offset_ = offset;
  return true;
}

bool SpillFile::append(const QueuedEvent& item) {
  std::string buffer;
  encode(item, &buffer);
  if (write_all_at(fd_.get(), buffer.data(), buffer.size(), static_cast<off_t>(write_offset_)) !=
      0) {
    ++write_errors_;
    return false;
  }
  write_offset_ += buffer.size();
  ++items_;
  return true;
}

bool SpillFile::save_in_front(const std::vector<QueuedEvent>& items, std::string* error) {
  const std::string next_path = path_ + ".new";
  UniqueFd next(
      ::open(next_path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!next) {
    *error = "cannot create " + next_path + ": " + std::strerror(errno);
    return false;
  }
  std::string buffer;
  for (const auto& item : items) encode(item, &buffer);
  std::string tail(write_offset_ - read_offset_, '\0');
  int failed = 0;
  if (!tail.empty() && !read_exact(fd_.get(), tail.data(), tail.size(), read_offset_)) {
    failed = errno != 0 ? errno : EIO;
  }
  if (failed == 0) failed = write_all_at(next.get(), buffer.data(), buffer.size(), 0);
  if (failed == 0) {
    failed = write_all_at(next.get(), tail.data(), tail.size(), static_cast<off_t>(buffer.size()));
  }
  if (failed == 0 && fdatasync(next.get()) != 0) failed = errno;
  if (failed == 0 && rename(next_path.c_str(), path_.c_str()) != 0) failed = errno;
  if (failed != 0) {
    *error = "cannot save events to " + path_ + ": " + std::strerror(failed);
    next.reset();
    unlink(next_path.c_str());
    ++write_errors_;
    return false;
  }
  fd_ = std::move(next);
  read_offset_ = 0;
  write_offset_ = buffer.size() + tail.size();
  items_ += items.size();
  return true;
}

bool SpillFile::read_next(QueuedEvent* item) {
  if (items_ == 0) return false;
  ItemHeader header{};
  if (!read_exact(fd_.get(), &header, sizeof header, read_offset_)) return false;
  std::vector<contid::ContainerId> ids(header.counts & kMaxIds);
  std::string text(header.text_length, '\0');
  std::string name(header.counts >> 16, '\0');
  std::uint64_t offset = read_offset_ + sizeof header;
  if (!ids.empty() &&
      !read_exact(fd_.get(), ids.data(), ids.size() * sizeof(contid::ContainerId), offset)) {
    return false;
  }
  offset += ids.size() * sizeof(contid::ContainerId);
  if (!text.empty() && !read_exact(fd_.get(), text.data(), text.size(), offset)) return false;
  offset += text.size();
  if (!name.empty() && !read_exact(fd_.get(), name.data(), name.size(), offset)) return false;
  offset += name.size();
  item->sequence = header.sequence;
  item->ids = std::move(ids);
  item->name = std::move(name);
  item->text = std::make_shared<const std::string>(std::move(text));
  read_offset_ = offset;
  --items_;
  if (items_ == 0) {
    // Everything was read back: start the file over.
    if (ftruncate(fd_.get(), 0) == 0) {
      read_offset_ = 0;
      write_offset_ = 0;
    }
  }
  return true;
}

}  // namespace audisp_contid
