// SPDX-License-Identifier: GPL-2.0-or-later
// Counts of distinct items, ranked as aureport's --summary tables rank them:
// by hits, descending; ties keep first-seen order (string items) or
// ascending value order (numeric items), as aureport's lists do.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace aureport_ext {

class RankedCounter {
 public:
  // numeric: items are integers in text form and tie-break by value.
  explicit RankedCounter(bool numeric = false) : numeric_(numeric) {}

  void add(const std::string& item, std::uint64_t hits = 1) {
    auto [it, inserted] = index_.try_emplace(item, entries_.size());
    if (inserted) entries_.push_back({item, 0});
    entries_[it->second].second += hits;
  }

  std::size_t distinct() const { return entries_.size(); }

  std::vector<std::pair<std::string, std::uint64_t>> ranked() const {
    auto out = entries_;
    if (numeric_) {
      std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return std::stoll(a.first) < std::stoll(b.first);
      });
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
  }

 private:
  bool numeric_;
  std::vector<std::pair<std::string, std::uint64_t>> entries_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace aureport_ext
