// SPDX-License-Identifier: GPL-2.0-or-later
// Buffered stdout for ausearch-ext: formatters append to buffer(); commit()
// writes it with one fwrite once it is large (or always, line-buffered).
#pragma once

#include <cstdio>
#include <string>

namespace ausearch_ext {

class OutputBuffer {
 public:
  explicit OutputBuffer(std::FILE* stream, bool line_buffered);
  ~OutputBuffer();
  OutputBuffer(const OutputBuffer&) = delete;
  OutputBuffer& operator=(const OutputBuffer&) = delete;

  std::string* buffer() { return &buffer_; }
  // Call after each event: writes when the buffer is large or line-buffered.
  void commit();
  // Writes everything now. False if the stream reported an error.
  bool flush();

 private:
  static constexpr std::size_t kWriteThreshold = 1 << 20;
  std::FILE* stream_;
  bool line_buffered_;
  bool failed_ = false;
  std::string buffer_;
};

}  // namespace ausearch_ext
