// SPDX-License-Identifier: GPL-2.0-or-later
// The selective fast path must select exactly what the full pipeline plus
// the selector selects, with the same diagnostics.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "contid/attribution.h"
#include "contid/contid_selector.h"
#include "contid/event_reader.h"

namespace contid {
namespace {

struct Selected {
  std::vector<std::string> events;  // text of each matching event
  std::map<std::string, std::uint64_t> diagnostics;
};

Selected run(const std::string& path, const ContidSelector& selector, bool selective) {
  Selected out;
  Diagnostics diagnostics;
  EventReader reader(
      ReaderOptions{},
      [&](Event&& e) {
        if (!selector.matches(attribute(e))) return;
        std::string text;
        for (const auto& r : e.records()) text.append(r.line).append("\n");
        out.events.push_back(text);
      },
      &diagnostics);
  if (selective) {
    reader.read_file_selective(path, [&](const Record& r) { return selector.may_match_record(r); });
  } else {
    reader.read_file(path);
  }
  reader.finish();
  out.diagnostics = diagnostics.counts();
  out.diagnostics.erase("late-record");  // depends on which other events are assembled
  return out;
}

void expect_same(const std::string& path, const ContidSelector& selector, const std::string& what) {
  Selected full = run(path, selector, false);
  Selected fast = run(path, selector, true);
  EXPECT_EQ(fast.events, full.events) << path << " " << what;
  EXPECT_EQ(fast.diagnostics, full.diagnostics) << path << " " << what;
}

std::string write_temp(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(SelectiveRead, InlineCases) {
  const std::string text =
      "type=UNKNOWN[1340] msg=audit(1.001:1): record=1 contid=4,^2,^1\n"
      "type=SYSCALL msg=audit(1.001:1): syscall=1 record=1\n"
      "type=SYSCALL msg=audit(1.002:2): syscall=1\n"
      "garbage line\n"
      "type=SYSCALL msg=audit(x.002:2): bad seconds\n"
      "type=USER msg=audit(1.003:3): pid=1 msg='text=hi'\n"
      "type=SYSCALL msg=audit(1.004:4): syscall=2\n"
      "type=UNKNOWN[1340] msg=audit(1.003:3): record=1 contid=9\n"
      "type=UNKNOWN[1020] msg=audit(1.005:5): op=set opid=5 contid=7 old-contid=2,^1\n"
      "type=SYSCALL msg=audit(1.005:5): syscall=1 success=yes exit=1\n"
      "node=n1 type=UNKNOWN[1340] msg=audit(1.006:6): record=1 contid=2\n"
      "node=n1 type=SYSCALL msg=audit(1.006:6): syscall=1 record=1\n"
      "type=PROCTITLE msg=audit(1.007:7): proctitle=61";  // truncated last line
  std::string path = write_temp("selective_inline.log", text);
  for (std::string ids : {"1", "2", "4", "9", "7", "3", "any"}) {
    ContidSelector selector;
    std::string error;
    ASSERT_TRUE(add_contid_selector_items(ids, &selector, &error));
    expect_same(path, selector, ids);
    selector.exact = true;
    expect_same(path, selector, ids + " exact");
  }
  ContidSelector two;
  two.ids = {2};
  EXPECT_EQ(run(path, two, true).events.size(), 3u);  // nested 4,^2,^1 + old-contid + node n1
}

TEST(SelectiveRead, ShippedLogs) {
  namespace fs = std::filesystem;
  for (const auto& entry : fs::recursive_directory_iterator(CONTID_TEST_DATA_DIR)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".log") continue;
    for (ContainerId id : {1, 2, 3, 30, 31, 100, 4242}) {
      ContidSelector selector;
      selector.ids = {id};
      expect_same(entry.path().string(), selector, std::to_string(id));
    }
  }
}

}  // namespace
}  // namespace contid
