// SPDX-License-Identifier: GPL-2.0-or-later
// Output formats of ausearch, plus JSON, for matched events.
//
//  raw        each record as it stands in the log (ENRICHED part included),
//             in arrival order, exactly as ausearch --raw prints it: a record
//             without an ENRICHED part gains a trailing 0x1d when another
//             record of its event has one. (Not auditd's dispatch string.)
//  default    "----", "time->" + ctime(), then the records in REVERSE order
//             without their ENRICHED part, control bytes escaped as \ooo;
//             ausearch's output_default (v3.0.9).
//  interpret  "----", then per record, in reverse order,
//             "type=NAME msg=audit(%x %T.mmm:SERIAL) : name=value ... " with
//             values interpreted by libauparse (auparse_interpret_field, which
//             uses ENRICHED values when present). Container records are named
//             CONTAINER_OP / CONTAINER_ID and their contid chains printed in
//             the v9-v11 grammar ("4,^2,^1"), "unset" for the sentinel.
//  csv, text  ausearch --format csv|text: auparse_normalize of the event's
//             records fed to libauparse, except the container records, which
//             libauparse does not know (fed, they make it split a
//             CONTAINER_OP from its SYSCALL and blank the EVENT column, as
//             ausearch shows); csv starts with a header.
//  json       one object per event per line:
//             {"node":..,"time":"SEC.MMM","serial":N,"records":[{"type":..,
//             "number":N,"fields":{..},"enriched":{..}}],"containers":{"subject":[..],
//             "targets":[{"pid":N,"chain":[..]}],"netns":[[..]],
//             "operations":[{"op":..,"opid":N,"contid":"..","old_contid":[[..]],
//             "success":bool,"exit":N}]}} with container ids as decimal strings.
//
// Formatters append to a caller-owned buffer so tools can batch output.
// A formatter is not thread-safe (libauparse state).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "contid/attribution.h"
#include "contid/event.h"

namespace contid {

enum class OutputFormat { kRaw, kDefault, kInterpret, kCsv, kText, kJson };

// "raw", "default", "interpret" (any word starting "interp", like
// ausearch), "csv", "text", "json". False with *error otherwise.
bool parse_output_format(std::string_view name, OutputFormat* out, std::string* error);

class EventFormatter {
 public:
  virtual ~EventFormatter() = default;
  // Appends the text of one event. `attribution` is attribute(event) when
  // needs_attribution(); otherwise it may be empty (the format ignores it).
  virtual void format(const Event& event, const Attribution& attribution, std::string* out) = 0;
  // True when the output shows the attribution (json), so the caller must
  // compute it even if it does not select by container.
  virtual bool needs_attribution() const { return false; }
};

std::unique_ptr<EventFormatter> make_event_formatter(OutputFormat format);

// Building blocks, exposed for reuse and tests.

// Appends `text` with bytes below 0x20 written as \ooo (ausearch's tty escape).
void append_tty_escaped(std::string_view text, std::string* out);
// Appends the JSON attribution object described above.
void append_attribution_json(const Attribution& attribution, std::string* out);

}  // namespace contid
