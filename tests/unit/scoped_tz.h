// SPDX-License-Identifier: GPL-2.0-or-later
// ScopedTz: sets the TZ environment variable for the life of the object
// (tzset() included) and puts back what was there before, set or unset.
// Tests whose expected times are written for one zone hold one as a member
// of their fixture, so the zone is in force for SetUp, the test and
// TearDown, and is restored after.
#pragma once

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

namespace contid::test {

class ScopedTz {
 public:
  explicit ScopedTz(const char* zone) {
    if (const char* old = std::getenv("TZ")) saved_ = old;
    setenv("TZ", zone, 1);
    tzset();
  }
  ~ScopedTz() {
    if (saved_)
      setenv("TZ", saved_->c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }
  ScopedTz(const ScopedTz&) = delete;
  ScopedTz& operator=(const ScopedTz&) = delete;

 private:
  std::optional<std::string> saved_;
};

}  // namespace contid::test
