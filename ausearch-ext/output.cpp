// SPDX-License-Identifier: GPL-2.0-or-later
// Buffered stdout (see output.h).
#include "output.h"

namespace ausearch_ext {

OutputBuffer::OutputBuffer(std::FILE* stream, bool line_buffered)
    : stream_(stream), line_buffered_(line_buffered) {
  buffer_.reserve(kWriteThreshold + (kWriteThreshold >> 2));
}

OutputBuffer::~OutputBuffer() {
  flush();
}

void OutputBuffer::commit() {
  if (line_buffered_ || buffer_.size() >= kWriteThreshold) flush();
}

bool OutputBuffer::flush() {
  if (!buffer_.empty()) {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), stream_) != buffer_.size()) failed_ = true;
    buffer_.clear();
  }
  if (std::fflush(stream_) != 0) failed_ = true;
  return !failed_;
}

}  // namespace ausearch_ext
