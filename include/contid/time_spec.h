// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch's -ts / -te time forms, as an epoch-seconds bound.
//
// Accepted words (each as one command-line token):
//   DATE            the locale's date (strptime %x), or MM/DD/YYYY, MM/DD/YY
//   TIME            HH:MM:SS or HH:MM (seconds 00)
//   KEYWORD         now, recent (10 minutes ago), boot, today, yesterday,
//                   this-week, week-ago, this-month, this-year
// A spec is one or two words: DATE, TIME, KEYWORD, "DATE TIME" or
// "TIME DATE" (either order, like ausearch), "KEYWORD TIME".
//
// Defaults follow ausearch v3.0.9 (src/ausearch-time.c, ausearch-options.c):
//  - start, date only: that day at 00:00:00; time only: today at that time;
//    a keyword: its moment (now/recent/boot) or its day at 00:00:00.
//  - end, date only: that day at the CURRENT time of day (ausearch's quirk);
//    "today": now; other keywords as for start.
// Years before 2004 are rejected, as ausearch does.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace contid {

enum class TimeBound { kStart, kEnd };

// Source of "now" and of the boot time, injectable for tests.
struct TimeContext {
  std::time_t now = 0;        // seconds since the epoch
  std::time_t boot_time = 0;  // seconds since the epoch; 0 = read /proc/uptime
  static TimeContext current();
};

// Parses `words` (one or two tokens) into an epoch-seconds bound in local
// time. Returns nullopt and sets *error ("-ts: invalid date '13/45/2023':
// expected MM/DD/YYYY") on anything else.
std::optional<std::time_t> parse_time_spec(const std::vector<std::string>& words, TimeBound bound,
                                           const TimeContext& context, std::string* error);

// True for the keywords listed above.
bool is_time_keyword(const std::string& word);

}  // namespace contid
