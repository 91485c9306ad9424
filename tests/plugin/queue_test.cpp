// Route queues: drop_oldest counting, spill ordering and persistence.
#include <gtest/gtest.h>

#include <filesystem>

#include "event_queue.h"
#include "spill_file.h"

namespace audisp_contid {
namespace {

QueuedEvent item(std::uint64_t n) {
  QueuedEvent e;
  e.text = std::make_shared<const std::string>("event " + std::to_string(n) + "\n");
  e.ids = {n % 3, n};
  e.sequence = n;
  return e;
}

std::vector<std::uint64_t> drain(EventQueue& queue) {
  std::vector<std::uint64_t> out;
  std::vector<QueuedEvent> batch;
  while (queue.try_pop(&batch, 7) > 0) {
    for (const auto& e : batch) {
      EXPECT_EQ(*e.text, "event " + std::to_string(e.sequence) + "\n");
      EXPECT_EQ(e.ids, (std::vector<contid::ContainerId>{e.sequence % 3, e.sequence}));
      out.push_back(e.sequence);
    }
    batch.clear();
  }
  return out;
}

std::string spill_path() {
  return (std::filesystem::temp_directory_path() /
          ("contid-spill-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name()) /
          "route.spill")
      .string();
}

TEST(EventQueue, DropOldestKeepsNewestAndCounts) {
  EventQueue queue(10, nullptr);
  for (std::uint64_t n = 0; n < 25; ++n) queue.push(item(n));
  const auto counters = queue.counters();
  EXPECT_EQ(counters.pushed, 25u);
  EXPECT_EQ(counters.dropped_oldest, 15u);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t n = 15; n < 25; ++n) expected.push_back(n);
  EXPECT_EQ(drain(queue), expected);
}

TEST(EventQueue, SpillKeepsOrderAcrossMemoryAndFile) {
  const std::string path = spill_path();
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  auto spill = std::make_unique<SpillFile>(path);
  std::string error;
  ASSERT_TRUE(spill->open(&error)) << error;
  EventQueue queue(4, std::move(spill));
  std::vector<std::uint64_t> expected;
  std::vector<std::uint64_t> got;
  std::vector<QueuedEvent> batch;
  std::uint64_t n = 0;
  // Interleave pushes and pops so memory, file and the switch back mix.
  for (int round = 0; round < 20; ++round) {
    for (int i = 0; i < 9; ++i) {
      expected.push_back(n);
      queue.push(item(n++));
    }
    queue.try_pop(&batch, 5);
    for (const auto& e : batch) got.push_back(e.sequence);
    batch.clear();
  }
  for (auto s : drain(queue)) got.push_back(s);
  EXPECT_EQ(got, expected);
  const auto counters = queue.counters();
  EXPECT_EQ(counters.dropped_oldest, 0u);
  EXPECT_GT(counters.spilled, 0u);
  EXPECT_EQ(counters.spilled, counters.replayed);
  EXPECT_EQ(std::filesystem::file_size(path), 0u);  // truncated once read back
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

TEST(SpillFile, LeftoversAreReplayedByTheNextRunAndTornTailCut) {
  const std::string path = spill_path();
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  std::string error;
  {
    SpillFile spill(path);
    ASSERT_TRUE(spill.open(&error)) << error;
    for (std::uint64_t n = 0; n < 5; ++n) ASSERT_TRUE(spill.append(item(n)));
    QueuedEvent first;
    ASSERT_TRUE(spill.read_next(&first));
    EXPECT_EQ(first.sequence, 0u);
  }
  // A crash mid-append leaves a partial item at the end.
  {
    FILE* f = std::fopen(path.c_str(), "ab");
    std::fputs("torn", f);
    std::fclose(f);
  }
  SpillFile again(path);
  ASSERT_TRUE(again.open(&error)) << error;
  EXPECT_EQ(again.torn_items(), 1u);
  // The first run closed cleanly after reading item 0: items 1..4 remain.
  EXPECT_EQ(again.size(), 4u);
  QueuedEvent e;
  for (std::uint64_t n = 1; n < 5; ++n) {
    ASSERT_TRUE(again.read_next(&e));
    EXPECT_EQ(e.sequence, n);
  }
  EXPECT_FALSE(again.read_next(&e));
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

}  // namespace
}  // namespace audisp_contid
