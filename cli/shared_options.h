// SPDX-License-Identifier: GPL-2.0-or-later
// The options ausearch-ext and aureport-ext share, with one meaning and one
// value rule in both: input selection, time range, container selection,
// container record numbers, registrations, --eoe-timeout, --debug, help and
// version. Each tool splits its command line with shared_option_table()
// plus its own rows, calls apply_shared_options(), then applies its own.
#pragma once

#include <ctime>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "command_line.h"
#include "contid/container_records.h"
#include "contid/contid_selector.h"
#include "contid/time_spec.h"

namespace contid_cli {

struct SharedOptions {
  std::vector<std::string> inputs;         // -if/--input FILE|DIR, repeatable
  bool input_logs = false;                 // --input-logs
  std::optional<std::time_t> start, end;   // -ts/--start, -te/--end (the last given)
  contid::ContidSelector selector;         // --contid (repeatable), --contid-exact
  contid::ContainerRecordNumbers numbers;  // --record-numbers
  // --registrations FILE (repeatable); empty = contid-registrations.log
  // beside each input file, if there is one.
  std::vector<std::string> registrations;
  unsigned eoe_timeout_seconds = 2;  // --eoe-timeout (contid::parse_eoe_timeout)
  bool debug = false;                // --debug: list every input problem
  bool help = false;                 // -h/--help
  bool version = false;              // -v/--version
};

// Ids of the shared rows; a tool's own ids must be below kFirstSharedId.
inline constexpr int kFirstSharedId = 1000;

// The shared rows, for a tool to put in front of its own.
std::span<const OptionSpec> shared_option_table();

// Applies every shared option of `given` to *options (--record-numbers
// first, the others in order) and skips the rest. False with *error naming
// the option and the bad value. With -h or -v only those are applied (the
// tool then prints help or version and ignores the rest).
bool apply_shared_options(const std::vector<GivenOption>& given, const contid::TimeContext& now,
                          SharedOptions* options, std::string* error);

// True for an id of shared_option_table().
inline bool is_shared_option(int id) {
  return id >= kFirstSharedId;
}

}  // namespace contid_cli
