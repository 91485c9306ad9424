// SPDX-License-Identifier: GPL-2.0-or-later
// CSV output (RFC 4180): per table a header row of column names, then the
// rows; tables are separated by an empty line.
#include <ostream>

#include "report_sink.h"

namespace aureport_ext {
namespace {

void write_csv_cell(std::ostream& out, const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    out << cell;
    return;
  }
  out << '"';
  for (char c : cell) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

void write_csv_row(std::ostream& out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out << ',';
    write_csv_cell(out, cells[i]);
  }
  out << "\r\n";
}

class CsvSink : public ReportSink {
 public:
  explicit CsvSink(std::ostream& out) : out_(out) {}

  void begin_table(const TableSpec& spec) override {
    if (tables_++) out_ << "\r\n";
    write_csv_row(out_, spec.columns);
  }
  void add_row(const std::vector<std::string>& cells) override { write_csv_row(out_, cells); }
  void end_table() override {}
  bool finish() override {
    out_.flush();
    return static_cast<bool>(out_);
  }

 private:
  std::ostream& out_;
  int tables_ = 0;
};

}  // namespace

std::unique_ptr<ReportSink> make_csv_sink(std::ostream& out) {
  return std::make_unique<CsvSink>(out);
}

}  // namespace aureport_ext
