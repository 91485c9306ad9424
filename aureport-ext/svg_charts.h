// SPDX-License-Identifier: GPL-2.0-or-later
// Inline SVG charts for the html report. Pure functions of their data; no
// scripts, fonts or anything fetched from elsewhere.
#pragma once

#include <string>

#include "report_sink.h"

namespace aureport_ext {

// A line per series over the time buckets, with axes and a legend.
std::string render_time_series_svg(const TimeSeriesChart& chart);
// Per group, one horizontal bar per labelled value.
std::string render_bar_chart_svg(const BarChart& chart);

}  // namespace aureport_ext
