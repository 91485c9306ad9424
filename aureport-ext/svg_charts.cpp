// SPDX-License-Identifier: GPL-2.0-or-later
// Inline SVG charts (see svg_charts.h).
#include "svg_charts.h"

#include <algorithm>
#include <cstdio>

#include "html_escape.h"
#include "value_format.h"

namespace aureport_ext {
namespace {

constexpr const char* kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr std::size_t kPaletteSize = sizeof kPalette / sizeof kPalette[0];

std::string num(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", value);
  return buf;
}

}  // namespace

std::string render_time_series_svg(const TimeSeriesChart& chart) {
  const double width = 900, height = 320, left = 60, right = 160, top = 20, bottom = 40;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  std::size_t buckets = 0;
  std::uint64_t peak = 1;
  for (const auto& [name, counts] : chart.series) {
    buckets = std::max(buckets, counts.size());
    for (std::uint64_t c : counts) peak = std::max(peak, c);
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                    num(width) + "\" height=\"" + num(height) + "\" role=\"img\" aria-label=\"" +
                    html_escape(chart.title) + "\">\n";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height) +
         "\" fill=\"#ffffff\"/>\n";
  // Axes and labels.
  svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\"" +
         num(left + plot_w) + "\" y2=\"" + num(top + plot_h) + "\" stroke=\"#333\"/>\n";
  svg += "<line x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" +
         num(top + plot_h) + "\" stroke=\"#333\"/>\n";
  svg += "<text x=\"" + num(left - 6) + "\" y=\"" + num(top + 10) +
         "\" text-anchor=\"end\" font-size=\"11\">" + std::to_string(peak) + "</text>\n";
  svg += "<text x=\"" + num(left - 6) + "\" y=\"" + num(top + plot_h) +
         "\" text-anchor=\"end\" font-size=\"11\">0</text>\n";
  const std::int64_t end_ms = chart.start_ms + static_cast<std::int64_t>(buckets) * chart.bucket_ms;
  auto stamp = [](std::int64_t ms) {
    std::int64_t s = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    return format_timestamp_ms(s, static_cast<std::uint32_t>(ms - s * 1000));
  };
  svg += "<text x=\"" + num(left) + "\" y=\"" + num(height - 12) + "\" font-size=\"11\">" +
         html_escape(stamp(chart.start_ms)) + "</text>\n";
  svg += "<text x=\"" + num(left + plot_w) + "\" y=\"" + num(height - 12) +
         "\" text-anchor=\"end\" font-size=\"11\">" + html_escape(stamp(end_ms)) + "</text>\n";
  svg += "<text x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(height - 12) +
         "\" text-anchor=\"middle\" font-size=\"11\">events per " +
         std::to_string(chart.bucket_ms) + " ms</text>\n";
  auto x_at = [&](std::size_t i) {
    return buckets <= 1 ? left + plot_w / 2
                        : left + plot_w * static_cast<double>(i) / static_cast<double>(buckets - 1);
  };
  auto y_at = [&](std::uint64_t v) {
    return top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(peak);
  };
  std::size_t index = 0;
  for (const auto& [name, counts] : chart.series) {
    const char* color = kPalette[index % kPaletteSize];
    std::string points, markers;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      points += num(x_at(i)) + "," + num(y_at(counts[i])) + " ";
      if (counts[i]) {
        markers += "<circle r=\"3\" cx=\"" + num(x_at(i)) + "\" cy=\"" + num(y_at(counts[i])) +
                   "\" fill=\"" + color + "\"/>";
      }
    }
    svg += "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"" + std::string(color) +
           "\" points=\"" + points + "\"><title>" + html_escape(name) + "</title></polyline>\n" +
           markers + "\n";
    double ly = top + 14.0 * static_cast<double>(index) + 8;
    svg += "<rect x=\"" + num(left + plot_w + 12) + "\" y=\"" + num(ly - 8) +
           "\" width=\"10\" height=\"10\" fill=\"" + color + "\"/>";
    svg += "<text x=\"" + num(left + plot_w + 26) + "\" y=\"" + num(ly + 1) +
           "\" font-size=\"11\">" + html_escape(name) + "</text>\n";
    ++index;
  }
  svg += "</svg>\n";
  return svg;
}

std::string render_bar_chart_svg(const BarChart& chart) {
  const double width = 900, label_w = 260, bar_h = 14, gap = 4, group_gap = 14, top = 10;
  const double bar_max = width - label_w - 80;
  std::uint64_t peak = 1;
  double height = top;
  for (const auto& [group, bars] : chart.groups) {
    height +=
        18 + static_cast<double>(std::max<std::size_t>(bars.size(), 1)) * (bar_h + gap) + group_gap;
    for (const auto& bar : bars) peak = std::max(peak, bar.second);
  }
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" +
                    num(width) + "\" height=\"" + num(height) + "\" role=\"img\" aria-label=\"" +
                    html_escape(chart.title) + "\">\n";
  svg += "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height) +
         "\" fill=\"#ffffff\"/>\n";
  double y = top;
  for (const auto& [group, bars] : chart.groups) {
    svg += "<text x=\"4\" y=\"" + num(y + 12) + "\" font-size=\"12\" font-weight=\"bold\">" +
           html_escape(group) + "</text>\n";
    y += 18;
    if (bars.empty()) {
      svg += "<text x=\"" + num(label_w) + "\" y=\"" + num(y + 11) +
             "\" font-size=\"11\" fill=\"#666\">(none)</text>\n";
      y += bar_h + gap;
    }
    std::size_t index = 0;
    for (const auto& [label, value] : bars) {
      double w = bar_max * static_cast<double>(value) / static_cast<double>(peak);
      svg += "<text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 11) +
             "\" text-anchor=\"end\" font-size=\"11\">" + html_escape(label) + "</text>";
      svg += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y) + "\" width=\"" +
             num(std::max(w, value ? 1.0 : 0.0)) + "\" height=\"" + num(bar_h) + "\" fill=\"" +
             kPalette[index % kPaletteSize] + "\"><title>" + html_escape(label) + ": " +
             std::to_string(value) + "</title></rect>";
      svg += "<text x=\"" + num(label_w + w + 6) + "\" y=\"" + num(y + 11) +
             "\" font-size=\"11\">" + std::to_string(value) + "</text>\n";
      y += bar_h + gap;
      ++index;
    }
    y += group_gap;
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace aureport_ext
