// SPDX-License-Identifier: GPL-2.0-or-later
// Problems found in input: every one is counted and kept with its location,
// so tools can print a summary (and --debug the full list) without ever
// silently skipping data.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace contid {

// Where a line came from: a source name ("audit.log", "stdin") and a 1-based
// line number.
struct SourceLocation {
  std::string source;
  std::uint64_t line = 0;

  std::string to_string() const;  // "audit.log:42"
};

struct Diagnostic {
  SourceLocation where;
  std::string category;  // short fixed tag, e.g. "malformed-record"
  std::string message;   // human text naming what was wrong
};

// Collects diagnostics. Keeps at most `max_kept` full entries (the counts
// are always exact).
class Diagnostics {
 public:
  explicit Diagnostics(std::size_t max_kept = 1000) : max_kept_(max_kept) {}

  void report(SourceLocation where, std::string category, std::string message);

  std::uint64_t total() const { return total_; }
  const std::map<std::string, std::uint64_t>& counts() const { return counts_; }
  const std::vector<Diagnostic>& kept() const { return kept_; }

  // One line per category: "contid: 3 malformed-record (first at f:12: ...)".
  std::string summary(const std::string& program) const;

 private:
  std::size_t max_kept_;
  std::uint64_t total_ = 0;
  std::map<std::string, std::uint64_t> counts_;
  std::vector<Diagnostic> kept_;
};

}  // namespace contid
