// SPDX-License-Identifier: GPL-2.0-or-later
// Push-style line splitting for every reader of audit text (log files,
// the plugin's stdin, test text), with the one rule for bad lines:
//
//  - a line longer than kMaxLineLength bytes (without its '\n') is skipped
//    whole and reported once, "line-too-long" at its own line number;
//  - at finish(), a last line without '\n' is still delivered, after it is
//    reported as "truncated-line" (a last line too long is only skipped).
//
// Lines are numbered from 1, skipped ones included. Bytes may be fed in
// pieces of any size, cut anywhere: the result does not depend on the cuts.
// Not thread-safe; one splitter per input.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "contid/diagnostics.h"

namespace contid {

// Longest line accepted; auditd's own records are below 9 KiB.
inline constexpr std::size_t kMaxLineLength = 64 * 1024;

class LineSplitter {
 public:
  // Receives each line without its '\n'; the view is valid only during the call.
  using LineHandler = std::function<void(std::string_view line, const SourceLocation& where)>;

  // `source` names the input in locations; `diagnostics` may be null.
  LineSplitter(std::string source, Diagnostics* diagnostics, LineHandler on_line);

  // Calls the handler for every line `data` completes, in order.
  void feed(std::string_view data);
  // End of input: handles an unfinished last line (see above). Feeding
  // again afterwards starts a new line.
  void finish();
  // When *stop is true after a handler call, feed() returns at once and
  // nothing more is delivered or reported, finish() included (--just-one).
  void set_stop_flag(const bool* stop) { stop_ = stop; }
  // Lines seen so far (the number of the last one), skipped ones included.
  std::uint64_t lines() const { return where_.line; }

 private:
  void end_line(std::string_view line);
  void report_too_long();

  SourceLocation where_;
  Diagnostics* diagnostics_;
  LineHandler on_line_;
  std::string partial_;    // the unfinished line's bytes so far
  bool skipping_ = false;  // inside a line already reported too long
  const bool* stop_ = nullptr;
  bool stopped() const { return stop_ != nullptr && *stop_; }
};

}  // namespace contid
