// SPDX-License-Identifier: GPL-2.0-or-later
// The shared options (see shared_options.h).
#include "shared_options.h"

#include "contid/option_values.h"

namespace contid_cli {
namespace {

enum SharedId : int {
  kHelp = kFirstSharedId,
  kVersion,
  kInput,
  kInputLogs,
  kStart,
  kEnd,
  kContid,
  kContidExact,
  kRecordNumbers,
  kRegistrations,
  kEoeTimeout,
  kDebug,
};

const OptionSpec kSharedRows[] = {
    {kHelp, {"-h", "--help"}},
    {kVersion, {"-v", "--version"}},
    {kInput, {"-if", "--input"}, Argument::kWord},
    {kInputLogs, {"--input-logs"}},
    {kStart, {"-ts", "--start"}, Argument::kTimeWords},
    {kEnd, {"-te", "--end"}, Argument::kTimeWords},
    {kContid, {"--contid"}, Argument::kSignedWord},
    {kContidExact, {"--contid-exact"}},
    {kRecordNumbers, {"--record-numbers"}, Argument::kWord},
    {kRegistrations, {"--registrations"}, Argument::kWord},
    {kEoeTimeout, {"--eoe-timeout"}, Argument::kWord},
    {kDebug, {"--debug"}},
};

}  // namespace

std::span<const OptionSpec> shared_option_table() {
  return kSharedRows;
}

bool apply_shared_options(const std::vector<GivenOption>& given, const contid::TimeContext& now,
                          SharedOptions* options, std::string* error) {
  for (const GivenOption& option : given) {
    if (option.id == kHelp) options->help = true;
    if (option.id == kVersion) options->version = true;
  }
  if (options->help || options->version) return true;
  for (const GivenOption& option : given) {
    if (option.id != kRecordNumbers) continue;
    if (!contid::parse_record_numbers(option.values[0], &options->numbers, error)) {
      *error = "--record-numbers: " + *error;
      return false;
    }
  }
  for (const GivenOption& option : given) {
    const std::string& value = option.values.empty() ? std::string() : option.values[0];
    switch (option.id) {
      case kInput:
        options->inputs.push_back(value);
        break;
      case kInputLogs:
        options->input_logs = true;
        break;
      case kStart:
      case kEnd: {
        const bool start = option.id == kStart;
        auto bound = contid::parse_time_spec(
            option.values, start ? contid::TimeBound::kStart : contid::TimeBound::kEnd, now, error);
        if (!bound) return false;
        (start ? options->start : options->end) = bound;
        break;
      }
      case kContid:
        if (!contid::add_contid_selector_items(value, &options->selector, error)) return false;
        break;
      case kContidExact:
        options->selector.exact = true;
        break;
      case kRegistrations:
        options->registrations.push_back(value);
        break;
      case kEoeTimeout:
        if (!contid::parse_eoe_timeout(option.spelling, value, &options->eoe_timeout_seconds,
                                       error))
          return false;
        break;
      case kDebug:
        options->debug = true;
        break;
      default:
        break;  // --record-numbers (above) or the tool's own
    }
  }
  return true;
}

}  // namespace contid_cli
