// SPDX-License-Identifier: GPL-2.0-or-later
// How aureport prints values: dates in the locale's "%x %T", ids and
// syscalls as numbers, or as names with -i (interpret).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "event_facts.h"

namespace aureport_ext {

// "11/26/20" and "15:23:36" (local time, locale date), as aureport's "%x %T".
std::string format_date(std::int64_t seconds);
std::string format_time(std::int64_t seconds);
// "11/26/20 15:23:36.123"
std::string format_timestamp_ms(std::int64_t seconds, std::uint32_t milliseconds);

class ValueFormatter {
 public:
  explicit ValueFormatter(bool interpret) : interpret_(interpret) {}

  // A uid/auid: "-1"/"1000", or with -i "unset"/"alice"/"unknown(1234)".
  std::string uid(int value) const;
  // A syscall: "257", or with -i "openat" (number if the name is unknown).
  std::string syscall(unsigned arch, long number) const;
  // "yes" / "no" / "unset".
  static std::string success(Outcome outcome);
  bool interpret() const { return interpret_; }

 private:
  bool interpret_;
};

}  // namespace aureport_ext
