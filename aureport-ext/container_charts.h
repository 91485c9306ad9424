// SPDX-License-Identifier: GPL-2.0-or-later
// The three html charts of the container report, drawn from its rows:
// events over time per container, top executables per container, and
// failures per container. Only the html sink draws them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "container_row.h"
#include "report_sink.h"

namespace aureport_ext {

// A row to draw and its label ("1001", "host").
using ChartedRow = std::pair<std::string, const ContainerRow*>;

// Hands the three charts of `rows` (in drawing order) to sink->add_chart().
// The time buckets span `total`'s first..last event (total.events > 0).
void add_container_charts(const std::vector<ChartedRow>& rows, const ContainerRow& total,
                          ReportSink* sink);

}  // namespace aureport_ext
