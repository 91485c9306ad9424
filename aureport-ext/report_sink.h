// SPDX-License-Identifier: GPL-2.0-or-later
// The output side of aureport-ext: reports are streams of tables, and each
// output format (text, csv, json, html) is a ReportSink. Report code never
// formats output itself.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace aureport_ext {

// How a table is laid out in aureport's text format.
enum class TableStyle {
  kDetailed,  // title, rule, "# col col ...", rule, rows "N. cell cell ..."
  kRanked,    // title, rule, "total  item", rule, rows "count  item"
  kLines,     // title, rule, rows "label: value" (aureport's Summary Report)
  kPlain,     // title, rule, rows printed as their single cell (-t report)
};

struct TableSpec {
  std::string name;                  // machine name: "containers", "executables", ...
  std::string title;                 // "Executable Report"
  std::vector<std::string> columns;  // column names (csv/json keys, text header)
  TableStyle style = TableStyle::kDetailed;
  std::size_t rule_width = 0;  // text rule length; 0 = length of the header line
  std::string ranked_header;   // kRanked: "total  file"
  // Per column (may be shorter than columns: missing = false):
  std::vector<bool> numeric;      // json emits the value unquoted
  std::vector<bool> text_hidden;  // machine-only column, not in text output

  bool is_numeric(std::size_t i) const { return i < numeric.size() && numeric[i]; }
  bool is_text_hidden(std::size_t i) const { return i < text_hidden.size() && text_hidden[i]; }
};

// A time series for the html charts: per series name, counts per bucket.
struct TimeSeriesChart {
  std::string title;
  std::int64_t start_ms = 0;   // start of the first bucket, ms since the epoch
  std::int64_t bucket_ms = 1;  // width of each bucket
  std::vector<std::pair<std::string, std::vector<std::uint64_t>>> series;
};

// A grouped bar chart: per group (e.g. a container), labelled values.
struct BarChart {
  std::string title;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::uint64_t>>>> groups;
};

class ReportSink {
 public:
  virtual ~ReportSink() = default;
  virtual void begin_table(const TableSpec& spec) = 0;
  virtual void add_row(const std::vector<std::string>& cells) = 0;
  // Ends the table; text output notes a table without rows as aureport
  // does ("<no events of interest were found>").
  virtual void end_table() = 0;
  // Charts are drawn by the html sink only; others ignore them.
  virtual void add_chart(const TimeSeriesChart&) {}
  virtual void add_chart(const BarChart&) {}
  // Called once at the end; writes anything buffered. False on write error.
  virtual bool finish() = 0;
};

// Factories. Text, csv and json write to `out`; html buffers charts and
// writes the page to `out` in finish().
std::unique_ptr<ReportSink> make_text_sink(std::ostream& out);
std::unique_ptr<ReportSink> make_csv_sink(std::ostream& out);
std::unique_ptr<ReportSink> make_json_sink(std::ostream& out);
std::unique_ptr<ReportSink> make_html_sink(std::ostream& out, std::string page_title);

}  // namespace aureport_ext
