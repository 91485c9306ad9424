// SPDX-License-Identifier: GPL-2.0-or-later
// Route queues: drop_oldest counting, spill ordering and persistence.
#include <gtest/gtest.h>

#include <filesystem>

#include "routing/event_queue.h"
#include "routing/spill_file.h"

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

std::vector<std::uint64_t> range(std::uint64_t from, std::uint64_t to) {
  std::vector<std::uint64_t> out;
  for (std::uint64_t n = from; n < to; ++n) out.push_back(n);
  return out;
}

std::unique_ptr<SpillFile> open_spill(const std::string& path) {
  auto spill = std::make_unique<SpillFile>(path);
  std::string error;
  EXPECT_TRUE(spill->open(&error)) << error;
  return spill;
}

TEST(EventQueue, LeftoversOfTheLastRunComeBeforeNewEvents) {
  const std::string path = spill_path();
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  {
    auto spill = open_spill(path);
    for (std::uint64_t n = 0; n < 5; ++n) ASSERT_TRUE(spill->append(item(n)));
  }
  EventQueue queue(100, open_spill(path));
  EXPECT_EQ(queue.counters().spill_at_open, 5u);
  for (std::uint64_t n = 5; n < 12; ++n) queue.push(item(n));  // memory has room
  EXPECT_EQ(drain(queue), range(0, 12));
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

TEST(EventQueue, SaveAtExitPutsHeldAndQueuedEventsBeforeTheSpilledOnes) {
  const std::string path = spill_path();
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  {
    EventQueue queue(4, open_spill(path));
    for (std::uint64_t n = 0; n < 20; ++n) queue.push(item(n));  // 0-3 memory, 4-19 file
    std::vector<QueuedEvent> batch;
    ASSERT_EQ(queue.try_pop(&batch, 6), 6u);  // 0-3 and 4-5 (read back from the file)
    // The sink delivered 0-1 and still holds 2-5 at exit.
    std::vector<QueuedEvent> held(batch.begin() + 2, batch.end());
    queue.push(item(20));  // behind the file's 6-19
    queue.close();
    std::uint64_t count = 0;
    std::string error;
    ASSERT_TRUE(queue.save_at_exit(std::move(held), &count, &error)) << error;
    EXPECT_EQ(count, 4u);
    EXPECT_FALSE(queue.spills());
    const auto counters = queue.counters();
    EXPECT_EQ(counters.saved_at_exit, 4u);
    EXPECT_EQ(counters.spill_kept, 19u);  // 2-20
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".new"));
  // The next run: 2..20 once each, in order, then its own events.
  EventQueue next(4, open_spill(path));
  EXPECT_EQ(next.counters().spill_at_open, 19u);
  for (std::uint64_t n = 21; n < 30; ++n) next.push(item(n));
  EXPECT_EQ(drain(next), range(2, 30));
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

TEST(EventQueue, SpillAttachedLaterKeepsTheFileAheadOfMemory) {
  const std::string path = spill_path();
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
  {
    auto spill = open_spill(path);
    for (std::uint64_t n = 0; n < 3; ++n) ASSERT_TRUE(spill->append(item(n)));
  }
  // A reload's new worker: its predecessor still owns the file.
  EventQueue queue(2, nullptr, true);
  for (std::uint64_t n = 3; n < 10; ++n) queue.push(item(n));
  EXPECT_EQ(queue.counters().dropped_oldest, 0u);
  EXPECT_EQ(queue.counters().depth, 7u);  // over its depth until the file comes
  queue.attach_spill(open_spill(path));
  queue.push(item(10));
  EXPECT_EQ(drain(queue), range(0, 11));
  EXPECT_EQ(queue.counters().dropped_oldest, 0u);

  EventQueue without(2, nullptr, true);
  for (std::uint64_t n = 0; n < 7; ++n) without.push(item(n));
  without.attach_spill(nullptr);  // the file could not be opened: drop_oldest
  EXPECT_EQ(without.counters().dropped_oldest, 5u);
  EXPECT_EQ(drain(without), range(5, 7));
  std::filesystem::remove_all(std::filesystem::path(path).parent_path());
}

}  // namespace
}  // namespace audisp_contid
