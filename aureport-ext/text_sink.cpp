// SPDX-License-Identifier: GPL-2.0-or-later
// Text output in aureport's layout: a blank line, the title, a `===` rule,
// the `# ...` header (or "total  item"), a rule, then the rows.
#include <ostream>

#include "report_sink.h"

namespace aureport_ext {
namespace {

class TextSink : public ReportSink {
 public:
  explicit TextSink(std::ostream& out) : out_(out) {}

  void begin_table(const TableSpec& spec) override {
    spec_ = spec;
    rows_ = 0;
    std::string header;
    if (spec.style == TableStyle::kDetailed) {
      header = "#";
      for (std::size_t i = 0; i < spec.columns.size(); ++i) {
        if (!spec.is_text_hidden(i)) header += " " + spec.columns[i];
      }
    } else if (spec.style == TableStyle::kRanked) {
      header = spec.ranked_header;
    }
    std::size_t width =
        spec.rule_width ? spec.rule_width : std::max(header.size(), spec.title.size());
    std::string rule(width, '=');
    out_ << '\n' << spec.title << '\n' << rule << '\n';
    if (!header.empty()) out_ << header << '\n' << rule << '\n';
  }

  void add_row(const std::vector<std::string>& cells) override {
    ++rows_;
    switch (spec_.style) {
      case TableStyle::kDetailed: {
        out_ << rows_ << '.';
        for (std::size_t i = 0; i < cells.size(); ++i) {
          if (!spec_.is_text_hidden(i)) out_ << ' ' << cells[i];
        }
        out_ << '\n';
        break;
      }
      case TableStyle::kRanked:
        out_ << cells.at(0) << "  " << cells.at(1) << '\n';
        break;
      case TableStyle::kLines:
        out_ << cells.at(0) << ": " << cells.at(1) << '\n';
        break;
      case TableStyle::kPlain:
        out_ << cells.at(0) << '\n';
        break;
    }
  }

  void end_table() override {
    bool listing = spec_.style == TableStyle::kDetailed || spec_.style == TableStyle::kRanked;
    if (listing && rows_ == 0) out_ << "<no events of interest were found>\n\n";
    if (spec_.style == TableStyle::kLines) out_ << '\n';
  }

  bool finish() override {
    out_.flush();
    return static_cast<bool>(out_);
  }

 private:
  std::ostream& out_;
  TableSpec spec_;
  std::uint64_t rows_ = 0;
};

}  // namespace

std::unique_ptr<ReportSink> make_text_sink(std::ostream& out) {
  return std::make_unique<TextSink>(out);
}

}  // namespace aureport_ext
