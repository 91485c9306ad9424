// SPDX-License-Identifier: GPL-2.0-or-later
// Small file helpers the sinks, the spill file and the state report share.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <system_error>

namespace audisp_contid {

// Writes all `size` bytes of `data` to `fd`, retrying short writes and
// EINTR. Returns 0, or the errno that stopped it (ENOSPC when write(2)
// returned 0); *written (if given) gets how many bytes went out either way.
int write_all(int fd, const char* data, std::size_t size, std::size_t* written = nullptr);
// The same with pwrite(2) at `offset` (the file offset is not moved).
int write_all_at(int fd, const char* data, std::size_t size, off_t offset);

// Creates the directory that will hold `path` if it is missing (with its
// parents), giving the directory itself mode 0750; an existing directory is
// left as it is. Returns the creation error, if any.
std::error_code make_parent_directory(const std::string& path);

// Reads a small file (a /proc file) whole into *out, at most `limit` bytes.
// Returns 0 or the errno of open/read.
int read_small_file(const std::string& path, std::string* out, std::size_t limit = 65536);

}  // namespace audisp_contid
