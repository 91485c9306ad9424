// SPDX-License-Identifier: GPL-2.0-or-later
// HTML output: one self-contained page (inline CSS and SVG, no scripts, no
// external resources) with the charts first, then every table.
#include <ostream>
#include <sstream>

#include "html_escape.h"
#include "report_sink.h"
#include "svg_charts.h"

namespace aureport_ext {
namespace {

constexpr const char* kStyle =
    "body{font-family:sans-serif;margin:24px;color:#222;background:#fafafa}"
    "h1{font-size:22px}h2{font-size:17px;margin-top:28px}"
    "table{border-collapse:collapse;background:#fff;font-size:13px}"
    "th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}"
    "td.n{text-align:right}th{background:#e8eef5}"
    "svg.chart{display:block;border:1px solid #ddd;margin:8px 0}"
    "p.empty{color:#666}";

class HtmlSink : public ReportSink {
 public:
  HtmlSink(std::ostream& out, std::string title) : out_(out), title_(std::move(title)) {}

  void begin_table(const TableSpec& spec) override {
    spec_ = spec;
    rows_ = 0;
    tables_ << "<h2>" << html_escape(spec.title) << "</h2>\n<table class=\""
            << html_escape(spec.name) << "\">\n<tr>";
    for (const std::string& c : spec.columns) tables_ << "<th>" << html_escape(c) << "</th>";
    tables_ << "</tr>\n";
  }

  void add_row(const std::vector<std::string>& cells) override {
    ++rows_;
    tables_ << "<tr>";
    for (std::size_t i = 0; i < cells.size(); ++i) {
      tables_ << (spec_.is_numeric(i) ? "<td class=\"n\">" : "<td>") << html_escape(cells[i])
              << "</td>";
    }
    tables_ << "</tr>\n";
  }

  void end_table() override {
    tables_ << "</table>\n";
    if (rows_ == 0) tables_ << "<p class=\"empty\">no events of interest were found</p>\n";
  }

  void add_chart(const TimeSeriesChart& chart) override {
    charts_ << "<h2>" << html_escape(chart.title) << "</h2>\n" << render_time_series_svg(chart);
  }

  void add_chart(const BarChart& chart) override {
    charts_ << "<h2>" << html_escape(chart.title) << "</h2>\n" << render_bar_chart_svg(chart);
  }

  bool finish() override {
    out_ << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; img-src data:\">\n"
         << "<title>" << html_escape(title_) << "</title>\n<style>" << kStyle
         << "</style>\n</head>\n<body>\n<h1>" << html_escape(title_) << "</h1>\n"
         << charts_.str() << tables_.str() << "</body>\n</html>\n";
    out_.flush();
    return static_cast<bool>(out_);
  }

 private:
  std::ostream& out_;
  std::string title_;
  TableSpec spec_;
  std::uint64_t rows_ = 0;
  std::ostringstream charts_, tables_;
};

}  // namespace

std::unique_ptr<ReportSink> make_html_sink(std::ostream& out, std::string page_title) {
  return std::make_unique<HtmlSink>(out, std::move(page_title));
}

}  // namespace aureport_ext
