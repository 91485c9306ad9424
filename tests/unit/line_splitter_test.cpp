// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/line_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace contid {
namespace {

struct Collected {
  std::vector<std::pair<std::uint64_t, std::string>> lines;  // (line number, text)
  Diagnostics diagnostics;
};

// Feeds `text` in pieces of `piece` bytes (0: all at once), then finishes.
Collected split(const std::string& text, std::size_t piece = 0) {
  Collected out;
  LineSplitter splitter("in", &out.diagnostics,
                        [&](std::string_view line, const SourceLocation& where) {
                          EXPECT_EQ(where.source, "in");
                          out.lines.emplace_back(where.line, std::string(line));
                        });
  if (piece == 0) piece = text.size() + 1;
  for (std::size_t at = 0; at < text.size(); at += piece) {
    splitter.feed(std::string_view(text).substr(at, piece));
  }
  splitter.finish();
  return out;
}

std::vector<std::string> categories(const Diagnostics& diagnostics) {
  std::vector<std::string> out;
  for (const auto& entry : diagnostics.kept()) {
    out.push_back(entry.category + "@" + std::to_string(entry.where.line));
  }
  return out;
}

TEST(LineSplitter, SplitsLinesAndNumbersThem) {
  const Collected got = split("a\nbc\n\nd\n");
  const std::vector<std::pair<std::uint64_t, std::string>> want = {
      {1, "a"}, {2, "bc"}, {3, ""}, {4, "d"}};
  EXPECT_EQ(got.lines, want);
  EXPECT_EQ(got.diagnostics.total(), 0u);
}

TEST(LineSplitter, CutsAnywhereGiveTheSameLines) {
  const std::string text = "type=A msg=1\ntype=B msg=22\nlast";
  const Collected whole = split(text);
  for (std::size_t piece = 1; piece <= text.size(); ++piece) {
    const Collected cut = split(text, piece);
    EXPECT_EQ(cut.lines, whole.lines) << "pieces of " << piece;
    EXPECT_EQ(categories(cut.diagnostics), categories(whole.diagnostics)) << "pieces of " << piece;
  }
}

TEST(LineSplitter, LastLineWithoutNewlineIsDeliveredAndReported) {
  const Collected got = split("a\nb");
  ASSERT_EQ(got.lines.size(), 2u);
  EXPECT_EQ(got.lines[1], (std::pair<std::uint64_t, std::string>{2, "b"}));
  EXPECT_EQ(categories(got.diagnostics), std::vector<std::string>{"truncated-line@2"});
}

TEST(LineSplitter, LongLineIsSkippedWholeAtItsNumberHoweverItIsCut) {
  const std::string longest(kMaxLineLength, 'x');
  const std::string text = "a\n" + longest + "\n" + longest + "y\nb\n";
  for (std::size_t piece :
       {std::size_t{0}, std::size_t{1000}, kMaxLineLength, kMaxLineLength + 1}) {
    const Collected got = split(text, piece);
    ASSERT_EQ(got.lines.size(), 3u) << "pieces of " << piece;
    EXPECT_EQ(got.lines[0].second, "a");
    EXPECT_EQ(got.lines[1].first, 2u);  // exactly kMaxLineLength: kept
    EXPECT_EQ(got.lines[1].second.size(), kMaxLineLength);
    EXPECT_EQ(got.lines[2], (std::pair<std::uint64_t, std::string>{4, "b"}));
    EXPECT_EQ(categories(got.diagnostics), std::vector<std::string>{"line-too-long@3"})
        << "pieces of " << piece;
  }
}

TEST(LineSplitter, LongLastLineIsOnlySkipped) {
  const Collected got = split("a\n" + std::string(kMaxLineLength + 5, 'x'), 4096);
  ASSERT_EQ(got.lines.size(), 1u);
  EXPECT_EQ(categories(got.diagnostics), std::vector<std::string>{"line-too-long@2"});
}

TEST(LineSplitter, WorksWithoutDiagnostics) {
  std::vector<std::string> lines;
  LineSplitter splitter("in", nullptr, [&](std::string_view line, const SourceLocation&) {
    lines.emplace_back(line);
  });
  splitter.feed(std::string(kMaxLineLength + 1, 'x') + "\nok\nend");
  splitter.finish();
  EXPECT_EQ(lines, (std::vector<std::string>{"ok", "end"}));
  EXPECT_EQ(splitter.lines(), 3u);
}

TEST(LineSplitter, StopFlagEndsDeliveryAndReportsNothingMore) {
  std::vector<std::string> lines;
  Diagnostics diagnostics;
  bool stop = false;
  LineSplitter splitter("in", &diagnostics, [&](std::string_view line, const SourceLocation&) {
    lines.emplace_back(line);
    stop = line == "second";
  });
  splitter.set_stop_flag(&stop);
  splitter.feed("first\nsecond\nthird\n" + std::string(kMaxLineLength + 1, 'x') + "\nlast");
  splitter.feed("more\n");
  splitter.finish();
  EXPECT_EQ(lines, (std::vector<std::string>{"first", "second"}));
  EXPECT_EQ(diagnostics.total(), 0u);
}

}  // namespace
}  // namespace contid
