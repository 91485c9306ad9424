// SPDX-License-Identifier: GPL-2.0-or-later
// One audit record: a line of auditd's text format.
//
//   [node=NAME ]type=NAME msg=audit(SEC.MSEC:SERIAL): FIELDS[\x1dENRICHED]
//
// A Record is a set of views into text owned elsewhere (an Event, or the
// caller's buffer); it is cheap to copy and never owns memory.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "contid/container_records.h"

namespace contid {

// Identity of an event: records with equal keys belong to the same event.
struct EventKey {
  std::string_view node;  // empty when the log has no node= prefix
  std::int64_t seconds = 0;
  std::uint32_t milliseconds = 0;
  std::uint64_t serial = 0;

  bool operator==(const EventKey&) const = default;
};

struct EventKeyHash {
  std::size_t operator()(const EventKey& k) const noexcept;
};

struct Record {
  std::string_view line;       // the whole line, no trailing newline
  std::string_view type_name;  // as written: "SYSCALL", "UNKNOWN[1340]"
  int type = 0;                // numeric type (UNKNOWN[n] -> n); 0 if unknown name
  EventKey key;
  std::string_view body;      // fields after "): ", up to \x1d or end
  std::string_view enriched;  // interpreted fields after \x1d; empty if none
  // Set by parse_record from the configured numbers (container_records.h).
  ContainerRecordKind container_kind = ContainerRecordKind::kNone;

  bool is_container_record() const { return container_kind != ContainerRecordKind::kNone; }

  // Value of the first field `name` in the body, quotes kept as written.
  // Fields inside a USER record's msg='...' count as fields.
  std::optional<std::string_view> field(std::string_view name) const;

  // Same, with surrounding double quotes removed.
  std::optional<std::string_view> unquoted_field(std::string_view name) const;

  // The line without its ENRICHED part (what ausearch prints by default).
  std::string_view raw_text() const;
};

// Calls visit(name, value) for each field of a record body in order; values
// keep their quotes. Stops early if visit returns false.
void for_each_field(std::string_view body,
                    const std::function<bool(std::string_view, std::string_view)>& visit);

// Finds the first field `name` in `body` without allocating.
std::optional<std::string_view> find_field(std::string_view body, std::string_view name);

// Numeric type of a record type name: "SYSCALL" -> 1300, "UNKNOWN[1340]" ->
// 1340, digits -> value, "CONTAINER_OP"/"CONTAINER_ID"/"SET_CAPCONTID" ->
// the configured `numbers` (a v11-aware auditd names its 1336 CONTAINER_ID).
// Returns 0 for a name nobody knows.
int record_type_from_name(std::string_view name, const ContainerRecordNumbers& numbers);

// Name to print for a numeric type: libaudit's name, else "UNKNOWN[n]".
// (A container record is printed by its container_kind: display_type_name.)
std::string record_type_name(int type);

// Parses one line; the container record names and numbers are `numbers`
// (they decide type and container_kind). On success
// fills *out (views into `line`) and returns true; otherwise returns false
// and sets *error to a message naming what is wrong ("no msg=audit(", "bad
// serial", ...).
bool parse_record(std::string_view line, const ContainerRecordNumbers& numbers, Record* out,
                  std::string* error);

}  // namespace contid
