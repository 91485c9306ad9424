// SPDX-License-Identifier: GPL-2.0-or-later
// --failed / --success: which events a report keeps, and the word its
// titles start with ("Failed Executable Summary Report", as aureport 3.0.9
// src/aureport-output.c prints them).
#pragma once

#include <string>

#include "event_facts.h"

namespace aureport_ext {

// aureport's classify_success: an event whose outcome is unknown passes
// neither --failed nor --success.
enum class OutcomeFilter { kAll, kFailed, kSuccess };

inline bool outcome_passes(OutcomeFilter filter, Outcome outcome) {
  switch (filter) {
    case OutcomeFilter::kAll:
      return true;
    case OutcomeFilter::kFailed:
      return outcome == Outcome::kFailed;
    case OutcomeFilter::kSuccess:
      return outcome == Outcome::kSuccess;
  }
  return true;
}

// "Failed ", "Success " or "".
inline std::string title_prefix(OutcomeFilter filter) {
  switch (filter) {
    case OutcomeFilter::kAll:
      break;
    case OutcomeFilter::kFailed:
      return "Failed ";
    case OutcomeFilter::kSuccess:
      return "Success ";
  }
  return "";
}

}  // namespace aureport_ext
