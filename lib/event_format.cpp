// SPDX-License-Identifier: GPL-2.0-or-later
// Format selection and the two plain formats: raw and default (ausearch's
// output_raw / output_default in src/ausearch-report.c v3.0.9).
#include "contid/event_format.h"
#include "event_format_internal.h"

#include <libaudit.h>

#include <ctime>

namespace contid {
namespace {

constexpr char kEnrichedSeparator = '\x1d';

// ausearch --raw prints each record as read, except that in an event where
// any record is ENRICHED, a record without an ENRICHED part gets a trailing
// 0x1d (output_raw restores the separator at the end of every record).
class RawFormatter final : public EventFormatter {
 public:
  void format(const Event& event, const Attribution&, std::string* out) override {
    bool enriched = false;
    std::size_t size = 0;
    for (const Record& record : event.records()) {
      size += record.line.size() + 2;
      if (!enriched && record.line.find(kEnrichedSeparator) != std::string_view::npos)
        enriched = true;
    }
    out->reserve(out->size() + size);  // one allocation per event (the plugin formats every event)
    for (const Record& record : event.records()) {
      out->append(record.line);
      if (enriched && record.line.find(kEnrichedSeparator) == std::string_view::npos)
        out->push_back(kEnrichedSeparator);
      out->push_back('\n');
    }
  }
};

class DefaultFormatter final : public EventFormatter {
 public:
  void format(const Event& event, const Attribution&, std::string* out) override {
    const auto records = event.records();
    if (records.empty()) return;
    const std::time_t seconds = static_cast<std::time_t>(event.key().seconds);
    char when[64];
    out->append("----\ntime->");
    if (ctime_r(&seconds, when) != nullptr)
      out->append(when);  // ends in '\n'
    else
      out->append("?\n");
    const Record& last = records.back();
    // ausearch prints a daemon record alone, unescaped.
    if (last.type >= AUDIT_DAEMON_START && last.type < AUDIT_SYSCALL) {
      out->append(last.raw_text());
      out->push_back('\n');
      return;
    }
    for (std::size_t i = records.size(); i-- > 0;) {
      append_tty_escaped(records[i].raw_text(), out);
      out->push_back('\n');
    }
  }
};

}  // namespace

bool parse_output_format(std::string_view name, OutputFormat* out, std::string* error) {
  if (name == "raw")
    *out = OutputFormat::kRaw;
  else if (name == "default")
    *out = OutputFormat::kDefault;
  else if (name.substr(0, 6) == "interp")
    *out = OutputFormat::kInterpret;
  else if (name == "csv")
    *out = OutputFormat::kCsv;
  else if (name == "text")
    *out = OutputFormat::kText;
  else if (name == "json")
    *out = OutputFormat::kJson;
  else {
    if (error)
      *error = "--format: unknown format '" + std::string(name) +
               "' (raw, default, interpret, csv, text or json)";
    return false;
  }
  return true;
}

std::unique_ptr<EventFormatter> make_event_formatter(OutputFormat format) {
  switch (format) {
    case OutputFormat::kRaw:
      return std::make_unique<RawFormatter>();
    case OutputFormat::kDefault:
      return std::make_unique<DefaultFormatter>();
    case OutputFormat::kInterpret:
      return detail::make_interpret_formatter();
    case OutputFormat::kCsv:
    case OutputFormat::kText:
      return detail::make_normalized_formatter(format);
    case OutputFormat::kJson:
      return detail::make_json_formatter();
  }
  return nullptr;
}

void append_tty_escaped(std::string_view text, std::string* out) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20) {
      out->push_back('\\');
      out->push_back(static_cast<char>('0' + ((byte >> 6) & 7)));
      out->push_back(static_cast<char>('0' + ((byte >> 3) & 7)));
      out->push_back(static_cast<char>('0' + (byte & 7)));
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace contid
