// SPDX-License-Identifier: GPL-2.0-or-later
// ReportLines: builds the "key = value" lines of the SIGUSR1 state report
// (and the "key=value" words of the exit summary), one key at a time, so
// every section is written the same way.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace audisp_contid {

class ReportLines {
 public:
  // `separator` goes between key and value ("key = value\n" lines by
  // default); `terminator` after each pair.
  explicit ReportLines(std::string_view separator = " = ", std::string_view terminator = "\n")
      : separator_(separator), terminator_(terminator) {}

  ReportLines& add(std::string_view key, std::string_view value) {
    text_.append(key).append(separator_).append(value).append(terminator_);
    return *this;
  }
  ReportLines& add(std::string_view key, std::uint64_t value) {
    return add(key, std::string_view(std::to_string(value)));
  }
  // Only when `value` is not empty.
  ReportLines& add_nonempty(std::string_view key, std::string_view value) {
    return value.empty() ? *this : add(key, value);
  }
  const std::string& text() const { return text_; }

 private:
  std::string_view separator_;
  std::string_view terminator_;
  std::string text_;
};

}  // namespace audisp_contid
