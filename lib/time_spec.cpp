// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch's -ts/-te forms (see time_spec.h); semantics of ausearch-time.c v3.0.9.
#include "contid/time_spec.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace contid {
namespace {

constexpr std::time_t kSecondsInDay = 24 * 60 * 60;

constexpr std::array<std::string_view, 9> kKeywords = {"now",      "recent",     "boot",
                                                       "today",    "yesterday",  "this-week",
                                                       "week-ago", "this-month", "this-year"};

std::tm local(std::time_t t) {
  std::tm out{};
  localtime_r(&t, &out);
  return out;
}

void clear_time_of_day(std::tm* d) {
  d->tm_sec = 0;
  d->tm_min = 0;
  d->tm_hour = 0;
}

void take_time_of_day(std::tm* d, const std::tm& from) {
  d->tm_sec = from.tm_sec;
  d->tm_min = from.tm_min;
  d->tm_hour = from.tm_hour;
}

void take_date(std::tm* d, const std::tm& from) {
  d->tm_mday = from.tm_mday;
  d->tm_mon = from.tm_mon;
  d->tm_year = from.tm_year;
  d->tm_isdst = from.tm_isdst;
  d->tm_wday = from.tm_wday;
  d->tm_yday = from.tm_yday;
}

std::time_t read_boot_time(std::time_t now) {
  int fd = ::open("/proc/uptime", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[128];
  ssize_t n = ::read(fd, buf, sizeof(buf) - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  double uptime = std::strtod(buf, nullptr);
  return now - static_cast<std::time_t>(std::llround(uptime));
}

// Sets *d from a keyword as ausearch's lookup_and_set_time does.
void apply_keyword(std::string_view keyword, const TimeContext& context, std::tm* d) {
  const std::tm now = local(context.now);
  if (keyword == "now") {
    take_time_of_day(d, now);
    take_date(d, now);
  } else if (keyword == "recent") {
    const std::tm t = local(context.now - 10 * 60);
    take_time_of_day(d, t);
    take_date(d, t);
  } else if (keyword == "boot") {
    const std::tm t = local(context.boot_time);
    take_time_of_day(d, t);
    take_date(d, t);
  } else if (keyword == "today") {
    clear_time_of_day(d);
    take_date(d, now);
  } else if (keyword == "yesterday") {
    clear_time_of_day(d);
    take_date(d, local(context.now - kSecondsInDay));
  } else if (keyword == "this-week") {
    clear_time_of_day(d);
    take_date(d, local(context.now - now.tm_wday * kSecondsInDay));
  } else if (keyword == "week-ago") {
    clear_time_of_day(d);
    take_date(d, local(context.now - 7 * kSecondsInDay));
  } else if (keyword == "this-month") {
    clear_time_of_day(d);
    take_date(d, now);
    d->tm_mday = 1;
  } else if (keyword == "this-year") {
    clear_time_of_day(d);
    take_date(d, now);
    d->tm_mday = 1;
    d->tm_mon = 0;
    d->tm_isdst = 0;
  }
}

// strptime that must consume the whole input.
bool parse_whole(const std::string& text, const char* format, std::tm* d) {
  std::tm attempt = *d;
  const char* end = strptime(text.c_str(), format, &attempt);
  if (end == nullptr || *end != 0) return false;
  *d = attempt;
  return true;
}

bool parse_date(const std::string& text, std::tm* d) {
  // The locale's form first (what ausearch accepts), then the documented
  // MM/DD/YYYY, which ausearch rejects in the C locale.
  return parse_whole(text, "%x", d) || parse_whole(text, "%m/%d/%Y", d) ||
         parse_whole(text, "%m/%d/%y", d);
}

bool parse_time_of_day(std::string text, std::tm* d) {
  if (text.size() <= 5) text += ":00";
  return parse_whole(text, "%H:%M:%S", d);
}

}  // namespace

bool is_time_keyword(const std::string& word) {
  for (std::string_view k : kKeywords)
    if (word == k) return true;
  return false;
}

TimeContext TimeContext::current() {
  TimeContext context;
  context.now = std::time(nullptr);
  return context;
}

std::optional<std::time_t> parse_time_spec(const std::vector<std::string>& words, TimeBound bound,
                                           const TimeContext& given, std::string* error) {
  const char* option = bound == TimeBound::kStart ? "-ts" : "-te";
  const char* which = bound == TimeBound::kStart ? "start" : "end";
  auto fail = [&](const std::string& message) -> std::optional<std::time_t> {
    if (error) *error = std::string(option) + ": " + message;
    return std::nullopt;
  };
  if (words.empty() || words.size() > 2)
    return fail("requires either date and/or time (one or two words), got " +
                std::to_string(words.size()));

  TimeContext context = given;
  if (context.now == 0) context.now = std::time(nullptr);

  // Split into date (or keyword) and time of day, as ausearch-options.c does.
  std::optional<std::string> date;
  std::optional<std::string> time_of_day;
  if (words.size() == 2) {
    if (words[0].find(':') != std::string::npos) {
      date = words[1];
      time_of_day = words[0];
    } else {
      date = words[0];
      time_of_day = words[1];
    }
  } else if (is_time_keyword(words[0])) {
    date = words[0];
    time_of_day = "00:00:00";
  } else if (words[0].find(':') == std::string::npos) {
    date = words[0];
    if (bound == TimeBound::kStart) time_of_day = "00:00:00";
  } else {
    time_of_day = words[0];
  }

  std::tm d{};
  if (!date) {
    const std::tm now = local(context.now);
    take_time_of_day(&d, now);
    take_date(&d, now);
  } else if (is_time_keyword(*date)) {
    if (*date == "boot" && context.boot_time == 0) {
      context.boot_time = read_boot_time(context.now);
      if (context.boot_time == 0) return fail("can't read /proc/uptime for 'boot'");
    }
    apply_keyword(*date, context, &d);
    const bool moment = *date == "recent" || *date == "now" || *date == "boot";
    const bool midnight = !time_of_day || *time_of_day == "00:00:00";
    if (bound == TimeBound::kEnd && *date == "today") {
      const std::tm now = local(context.now);
      take_time_of_day(&d, now);
      take_date(&d, now);
      if (midnight) return std::mktime(&d);
    }
    if (moment && midnight) return std::mktime(&d);
  } else if (!parse_date(*date, &d)) {
    return fail(std::string("invalid ") + which + " date '" + *date +
                "': expected MM/DD/YYYY (or the locale's date form) or a keyword");
  }

  if (time_of_day) {
    if (!parse_time_of_day(*time_of_day, &d))
      return fail(std::string("invalid ") + which + " time '" + *time_of_day +
                  "': expected HH:MM:SS or HH:MM");
  } else {
    // End bound with a date only: ausearch uses the current time of day.
    const std::tm now = local(context.now);
    take_time_of_day(&d, now);
    d.tm_isdst = now.tm_isdst;
  }
  if (d.tm_year < 104) return fail("year " + std::to_string(d.tm_year + 1900) + " is before 2004");
  const std::time_t result = std::mktime(&d);
  if (result == -1) return fail(std::string("can't convert the ") + which + " time");
  return result;
}

}  // namespace contid
