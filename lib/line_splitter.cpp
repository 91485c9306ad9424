// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/line_splitter.h"

#include <cstring>
#include <utility>

namespace contid {

LineSplitter::LineSplitter(std::string source, Diagnostics* diagnostics, LineHandler on_line)
    : where_{std::move(source), 0}, diagnostics_(diagnostics), on_line_(std::move(on_line)) {}

void LineSplitter::report_too_long() {
  if (diagnostics_) {
    diagnostics_->report(where_, "line-too-long",
                         "line longer than " + std::to_string(kMaxLineLength) + " bytes skipped");
  }
}

void LineSplitter::end_line(std::string_view line) {
  ++where_.line;
  if (line.size() > kMaxLineLength) {
    report_too_long();
    return;
  }
  on_line_(line, where_);
}

void LineSplitter::feed(std::string_view data) {
  while (!data.empty() && !stopped()) {
    const void* newline = std::memchr(data.data(), '\n', data.size());
    if (newline == nullptr) {
      if (skipping_) return;
      if (partial_.size() + data.size() > kMaxLineLength) {
        // Too long already: reported now, the rest skipped up to its '\n'.
        ++where_.line;
        report_too_long();
        partial_.clear();
        skipping_ = true;
        return;
      }
      partial_.append(data);
      return;
    }
    const std::size_t length =
        static_cast<std::size_t>(static_cast<const char*>(newline) - data.data());
    const std::string_view piece = data.substr(0, length);
    data.remove_prefix(length + 1);
    if (skipping_) {
      skipping_ = false;
    } else if (partial_.empty()) {
      end_line(piece);  // the common case: no copy
    } else if (partial_.size() + piece.size() > kMaxLineLength) {
      ++where_.line;
      report_too_long();
      partial_.clear();
    } else {
      partial_.append(piece);
      end_line(partial_);
      partial_.clear();
    }
  }
}

void LineSplitter::finish() {
  if (stopped()) return;
  if (skipping_) {
    skipping_ = false;
    return;
  }
  if (partial_.empty()) return;
  ++where_.line;
  if (diagnostics_) {
    diagnostics_->report(where_, "truncated-line",
                         "last line has no newline (file still being written?)");
  }
  on_line_(partial_, where_);
  partial_.clear();
}

}  // namespace contid
