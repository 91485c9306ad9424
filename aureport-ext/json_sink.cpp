// SPDX-License-Identifier: GPL-2.0-or-later
// JSON output: {"reports":[{"name":..,"title":..,"columns":[..],"rows":[{..}]}]}.
// Rows are objects keyed by column name; container ids are strings, counts
// are numbers. Rows are streamed, never buffered.
#include <ostream>

#include "contid/json_writer.h"
#include "report_sink.h"

namespace aureport_ext {
namespace {

std::string json_quote(std::string_view text) {
  std::string out;
  contid::append_json_string(text, &out);
  return out;
}

// True for an optional '-' followed by decimal digits (all our numbers).
bool is_json_integer(const std::string& text) {
  std::size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
  if (start == text.size()) return false;
  for (std::size_t i = start; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

class JsonSink : public ReportSink {
 public:
  explicit JsonSink(std::ostream& out) : out_(out) { out_ << "{\"reports\":["; }

  void begin_table(const TableSpec& spec) override {
    spec_ = spec;
    rows_ = 0;
    if (tables_++) out_ << ',';
    out_ << "\n{\"name\":" << json_quote(spec.name) << ",\"title\":" << json_quote(spec.title)
         << ",\"columns\":[";
    for (std::size_t i = 0; i < spec.columns.size(); ++i) {
      out_ << (i ? "," : "") << json_quote(spec.columns[i]);
    }
    out_ << "],\"rows\":[";
  }

  void add_row(const std::vector<std::string>& cells) override {
    out_ << (rows_++ ? ",\n" : "\n") << '{';
    for (std::size_t i = 0; i < cells.size() && i < spec_.columns.size(); ++i) {
      out_ << (i ? "," : "") << json_quote(spec_.columns[i]) << ':';
      if (spec_.is_numeric(i) && is_json_integer(cells[i])) {
        out_ << cells[i];
      } else {
        out_ << json_quote(cells[i]);
      }
    }
    out_ << '}';
  }

  void end_table() override { out_ << "]}"; }

  bool finish() override {
    out_ << "\n]}\n";
    out_.flush();
    return static_cast<bool>(out_);
  }

 private:
  std::ostream& out_;
  TableSpec spec_;
  int tables_ = 0;
  std::uint64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ReportSink> make_json_sink(std::ostream& out) {
  return std::make_unique<JsonSink>(out);
}

}  // namespace aureport_ext
