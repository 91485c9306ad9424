// SPDX-License-Identifier: GPL-2.0-or-later
// The container report's charts (see container_charts.h).
#include "container_charts.h"

#include <algorithm>

namespace aureport_ext {
namespace {

constexpr std::size_t kChartBuckets = 48;  // at most, over the report's span
constexpr std::size_t kTopExes = 5;

// Events over time: a power-of-two bucket width (ms) no narrower than any
// row's histogram bins, and giving at most kChartBuckets buckets.
TimeSeriesChart timeline(const std::vector<ChartedRow>& rows, const ContainerRow& total) {
  TimeSeriesChart chart;
  chart.title = "Events over time per container";
  const std::int64_t start_ms = total.first.to_ms(), end_ms = total.last.to_ms();
  std::int64_t width = 1;
  for (const auto& [label, row] : rows) width = std::max(width, row->over_time.width_ms());
  auto bucket_count = [&] {
    return TimeHistogram::floor_div(end_ms, width) - TimeHistogram::floor_div(start_ms, width) + 1;
  };
  while (bucket_count() > static_cast<std::int64_t>(kChartBuckets)) width *= 2;
  const std::int64_t first = TimeHistogram::floor_div(start_ms, width);
  const auto buckets = static_cast<std::size_t>(bucket_count());
  chart.start_ms = first * width;
  chart.bucket_ms = width;
  for (const auto& [label, row] : rows) {
    std::vector<std::uint64_t> counts(buckets, 0);
    row->over_time.for_each([&](std::int64_t bin_start, std::uint64_t n) {
      counts[static_cast<std::size_t>(TimeHistogram::floor_div(bin_start, width) - first)] += n;
    });
    chart.series.emplace_back(label, std::move(counts));
  }
  return chart;
}

// The kTopExes executables with most events, ties by name.
std::vector<std::pair<std::string, std::uint64_t>> top_exes(const ContainerRow& row) {
  std::vector<std::pair<std::string, std::uint64_t>> exes(row.exes.begin(), row.exes.end());
  std::sort(exes.begin(), exes.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (exes.size() > kTopExes) exes.resize(kTopExes);
  return exes;
}

std::vector<std::pair<std::string, std::uint64_t>> failures(const ContainerRow& row) {
  return {{"failed syscalls", row.failed_syscalls},
          {"AVC denials", row.avc_denials},
          {"failed registrations", row.failed_registrations}};
}

}  // namespace

void add_container_charts(const std::vector<ChartedRow>& rows, const ContainerRow& total,
                          ReportSink* sink) {
  sink->add_chart(timeline(rows, total));
  BarChart exes{"Top executables per container", {}};
  BarChart failed{"Failures per container", {}};
  for (const auto& [label, row] : rows) {
    exes.groups.emplace_back(label, top_exes(*row));
    failed.groups.emplace_back(label, failures(*row));
  }
  sink->add_chart(exes);
  sink->add_chart(failed);
}

}  // namespace aureport_ext
