// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/diagnostics.h"

namespace contid {

std::string SourceLocation::to_string() const {
  if (line == 0) return source;
  return source + ":" + std::to_string(line);
}

void Diagnostics::report(SourceLocation where, std::string category, std::string message) {
  ++total_;
  ++counts_[category];
  if (kept_.size() < max_kept_)
    kept_.push_back(Diagnostic{std::move(where), std::move(category), std::move(message)});
}

std::string Diagnostics::summary(const std::string& program) const {
  std::string out;
  for (const auto& [category, count] : counts_) {
    out += program + ": " + std::to_string(count) + " " + category;
    for (const auto& d : kept_) {
      if (d.category == category) {
        out += " (first at " + d.where.to_string() + ": " + d.message + ")";
        break;
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace contid
