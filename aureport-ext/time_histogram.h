// SPDX-License-Identifier: GPL-2.0-or-later
// Event counts over time with bounded memory: bins of `width_ms` (a power of
// two milliseconds, aligned to multiples of it); when more than kMaxBins are
// in use, the width doubles and neighbours merge. Histograms with different
// widths can be re-binned into any common power-of-two width at least as
// wide, because every bin lies inside exactly one wider aligned bin.
#pragma once

#include <cstdint>
#include <map>

namespace aureport_ext {

class TimeHistogram {
 public:
  static constexpr std::size_t kMaxBins = 4096;

  void add(std::int64_t ms) {
    ++bins_[floor_div(ms, width_ms_)];
    if (bins_.size() > kMaxBins) widen();
  }
  std::int64_t width_ms() const { return width_ms_; }
  // Calls visit(start_ms, count) for each non-empty bin.
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const auto& [index, count] : bins_) visit(index * width_ms_, count);
  }

  static std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
  }

 private:
  void widen() {
    std::map<std::int64_t, std::uint64_t> merged;
    for (const auto& [index, count] : bins_) merged[floor_div(index, 2)] += count;
    bins_.swap(merged);
    width_ms_ *= 2;
  }

  std::int64_t width_ms_ = 1;
  std::map<std::int64_t, std::uint64_t> bins_;
};

}  // namespace aureport_ext
