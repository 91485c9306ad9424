// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/event_assembler.h"

#include <gtest/gtest.h>

#include "contid/attribution.h"
#include "contid/contid_selector.h"
#include "contid/event_reader.h"

namespace contid {
namespace {

struct Assembled {
  std::vector<Event> events;
  Diagnostics diagnostics;
};

// Feeds `text` line by line; with `flush` false, events still open stay open.
std::unique_ptr<Assembled> assemble(std::string_view text, bool flush = true,
                                    ReaderOptions options = {}) {
  auto out = std::make_unique<Assembled>();
  EventReader reader(
      options, [&](Event&& e) { out->events.push_back(std::move(e)); }, &out->diagnostics);
  std::uint64_t n = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    reader.add_line(text.substr(pos, nl - pos), SourceLocation{"t", ++n});
    pos = nl + 1;
  }
  if (flush) reader.finish();
  return out;
}

std::vector<std::string> types_of(const Event& e) {
  std::vector<std::string> names;
  for (const auto& r : e.records()) names.emplace_back(r.type_name);
  return names;
}

// design.md / userspace-anchors.md §0.2, layout 1: auparse splits this in two.
TEST(Assembler, ContainerOpStaysWithItsSyscall) {
  auto a = assemble(
      "type=UNKNOWN[1020] msg=audit(100.001:10): op=set opid=200 contid=5 old-contid=-1\n"
      "type=SYSCALL msg=audit(100.001:10): arch=c000003e syscall=1 success=yes exit=1 pid=150 "
      "comm=\"runc\"\n"
      "type=PROCTITLE msg=audit(100.001:10): proctitle=72756E63\n"
      "type=EOE msg=audit(100.001:10): \n");
  ASSERT_EQ(a->events.size(), 1u);
  EXPECT_EQ(types_of(a->events[0]),
            (std::vector<std::string>{"UNKNOWN[1020]", "SYSCALL", "PROCTITLE", "EOE"}));
  auto attribution = attribute(a->events[0]);
  ASSERT_EQ(attribution.operations.size(), 1u);
  EXPECT_EQ(attribution.operations[0].op, "set");
  EXPECT_EQ(attribution.operations[0].opid, 200);
  EXPECT_EQ(attribution.operations[0].contid, 5u);
  EXPECT_TRUE(attribution.operations[0].old_contid.empty());
  EXPECT_EQ(attribution.operations[0].success, true);
  EXPECT_EQ(attribution.operations[0].exit, 1);
  EXPECT_FALSE(attribution.subject);
}

// Layout 2: v10/v11, CONTAINER_ID first; SYSCALL ends in record=1.
TEST(Assembler, ContainerIdBeforeSyscall) {
  auto a = assemble(
      "type=UNKNOWN[1340] msg=audit(100.001:11): record=1 contid=4,^2,^1\n"
      "type=SYSCALL msg=audit(100.001:11): arch=c000003e syscall=257 success=no exit=-13 key=\"k\" "
      "record=1\n"
      "type=CWD msg=audit(100.001:11): cwd=\"/\"\n"
      "type=PROCTITLE msg=audit(100.001:11): proctitle=6361740a\n");
  ASSERT_EQ(a->events.size(), 1u);
  auto attribution = attribute(a->events[0]);
  ASSERT_TRUE(attribution.subject);
  EXPECT_EQ(attribution.subject->ids, (std::vector<ContainerId>{4, 2, 1}));
  EXPECT_TRUE(attribution.problems.empty());
}

// Layout 3: v9, CONTAINER_ID after PROCTITLE (which ends an event for auparse).
TEST(Assembler, ContainerIdAfterProctitleJoinsByLookAhead) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:12): arch=c000003e syscall=59 success=yes exit=0\n"
      "type=PROCTITLE msg=audit(100.001:12): proctitle=6c73\n"
      "type=UNKNOWN[1340] msg=audit(100.001:12): contid=123458\n"
      "type=SYSCALL msg=audit(100.002:13): arch=c000003e syscall=59 success=yes exit=0\n"
      "type=PROCTITLE msg=audit(100.002:13): proctitle=6c73\n");
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[0].records().size(), 3u);
  auto attribution = attribute(a->events[0]);
  ASSERT_TRUE(attribution.subject);
  EXPECT_EQ(attribution.subject->innermost(), 123458u);
  EXPECT_FALSE(attribute(a->events[1]).has_container());
}

// Layout 4: a USER record followed by the sender's CONTAINER_ID record=1.
TEST(Assembler, UserMessageTakesTrailingContainerId) {
  auto a = assemble(
      "type=USER_LOGIN msg=audit(100.001:14): pid=9 uid=0 auid=0 ses=1 msg='op=login acct=\"root\" "
      "res=success'\n"
      "type=UNKNOWN[1340] msg=audit(100.001:14): record=1 contid=77\n");
  ASSERT_EQ(a->events.size(), 1u);
  auto attribution = attribute(a->events[0]);
  ASSERT_TRUE(attribution.subject);
  EXPECT_EQ(attribution.subject->innermost(), 77u);
  EXPECT_TRUE(attribution.problems.empty());
}

// Layout 5: NETFILTER_PKT with the netns list.
TEST(Assembler, NetfilterPacketGetsNetnsList) {
  auto a = assemble(
      "type=UNKNOWN[1340] msg=audit(100.001:15): record=1 contid=2,^1,3,^1\n"
      "type=NETFILTER_PKT msg=audit(100.001:15): mark=0x0 saddr=127.0.0.1 daddr=127.0.0.1 proto=1 "
      "record=1\n");
  ASSERT_EQ(a->events.size(), 1u);
  auto attribution = attribute(a->events[0]);
  EXPECT_FALSE(attribution.subject);
  ASSERT_EQ(attribution.netns.size(), 2u);
  EXPECT_EQ(attribution.netns[0].ids, (std::vector<ContainerId>{2, 1}));
  EXPECT_EQ(attribution.netns[1].ids, (std::vector<ContainerId>{3, 1}));
}

TEST(Assembler, SignalTargetsLinkedByRecordNumber) {
  auto a = assemble(
      "type=UNKNOWN[1340] msg=audit(100.001:16): record=1 contid=10\n"
      "type=SYSCALL msg=audit(100.001:16): arch=c000003e syscall=62 success=yes exit=0 record=1\n"
      "type=UNKNOWN[1340] msg=audit(100.001:16): record=2 contid=20,^10\n"
      "type=OBJ_PID msg=audit(100.001:16): opid=321 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\" "
      "record=2\n"
      "type=OBJ_PID msg=audit(100.001:16): opid=322 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"\n"
      "type=PROCTITLE msg=audit(100.001:16): proctitle=6b696c6c\n");
  ASSERT_EQ(a->events.size(), 1u);
  auto attribution = attribute(a->events[0]);
  ASSERT_TRUE(attribution.subject);
  EXPECT_EQ(attribution.subject->innermost(), 10u);
  ASSERT_EQ(attribution.targets.size(), 1u);
  EXPECT_EQ(attribution.targets[0].pid, 321);
  EXPECT_EQ(attribution.targets[0].chain.ids, (std::vector<ContainerId>{20, 10}));
}

TEST(Assembler, OldLayoutTargetByPosition) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:17): arch=c000003e syscall=62 success=yes exit=0\n"
      "type=OBJ_PID msg=audit(100.001:17): opid=321 ocomm=\"sleep\"\n"
      "type=UNKNOWN[1340] msg=audit(100.001:17): contid=20\n"
      "type=UNKNOWN[1340] msg=audit(100.001:17): contid=10\n"
      "type=EOE msg=audit(100.001:17): \n");
  ASSERT_EQ(a->events.size(), 1u);
  auto attribution = attribute(a->events[0]);
  ASSERT_EQ(attribution.targets.size(), 1u);
  EXPECT_EQ(attribution.targets[0].chain.innermost(), 20u);
  ASSERT_TRUE(attribution.subject);
  EXPECT_EQ(attribution.subject->innermost(), 10u);
}

TEST(Assembler, UringopIsNeverAContainerRecord) {
  auto a = assemble(
      "type=URINGOP msg=audit(100.001:18): uring_op=18 success=yes exit=0 items=0 ppid=1 pid=2\n"
      "type=EOE msg=audit(100.001:18): \n");
  ASSERT_EQ(a->events.size(), 1u);
  ReaderOptions v11;
  std::string error;
  ASSERT_TRUE(parse_record_numbers("v11", &v11.numbers, &error));
  EXPECT_EQ(v11.numbers.container_id, 1336);
  auto a11 = assemble(
      "type=URINGOP msg=audit(100.001:18): uring_op=18 success=yes exit=0 items=0 ppid=1 pid=2\n"
      "type=EOE msg=audit(100.001:18): \n",
      true, v11);
  EXPECT_FALSE(attribute(a11->events[0]).has_container());
  // A real v11 CONTAINER_ID with number 1336 is recognised by its shape.
  const char* v11_text =
      "type=URINGOP msg=audit(100.001:19): record=1 contid=9\n"
      "type=SYSCALL msg=audit(100.001:19): arch=c000003e syscall=2 record=1\n";
  auto b11 = assemble(v11_text, true, v11);
  auto b = assemble(v11_text);
  EXPECT_TRUE(attribute(b11->events[0]).has_container());
  EXPECT_FALSE(attribute(b->events[0]).has_container());
}

// design.md: records named CONTAINER_ID (a log written by a v11-aware
// auditd) are the configured number's, not the default's (review §10.4).
TEST(Assembler, NamedContainerRecordsFollowTheConfiguredNumbers) {
  ReaderOptions v11;
  std::string error;
  ASSERT_TRUE(parse_record_numbers("v11", &v11.numbers, &error));
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:20): arch=c000003e syscall=2 record=1\n"
      "type=CONTAINER_ID msg=audit(100.001:20): record=1 contid=7\n",
      true, v11);
  ASSERT_EQ(a->events.size(), 1u);
  EXPECT_EQ(a->events[0].records()[1].type, 1336);
  auto attribution = attribute(a->events[0]);
  ASSERT_TRUE(attribution.subject);
  EXPECT_EQ(attribution.subject->innermost(), 7u);
}

// ausearch --just-one: once the sink stops the reader, nothing more is
// delivered or read, and finish() flushes nothing.
TEST(Assembler, StoppedReaderDeliversNothingMore) {
  std::vector<std::uint64_t> serials;
  Diagnostics diagnostics;
  EventReader* self = nullptr;
  EventReader reader(
      ReaderOptions{},
      [&](Event&& e) {
        serials.push_back(e.key().serial);
        self->stop();
      },
      &diagnostics);
  self = &reader;
  const char* lines[] = {
      "type=LOGIN msg=audit(100.001:30): pid=1 uid=0 old-auid=4294967295 auid=0",
      "type=LOGIN msg=audit(100.001:31): pid=2 uid=0 old-auid=4294967295 auid=0",
      "type=LOGIN msg=audit(100.001:32): pid=3 uid=0 old-auid=4294967295 auid=0",
      "not a record",
  };
  std::uint64_t n = 0;
  for (const char* line : lines) reader.add_line(line, SourceLocation{"t", ++n});
  reader.finish();
  EXPECT_EQ(serials, std::vector<std::uint64_t>{30});
  EXPECT_TRUE(reader.stopped());
  EXPECT_EQ(diagnostics.total(), 0u);
}

TEST(Assembler, InterleavedEventsAreSeparatedAndOrderedByFirstRecord) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:20): syscall=1\n"
      "type=SYSCALL msg=audit(100.001:21): syscall=2\n"
      "type=CWD msg=audit(100.001:20): cwd=\"/a\"\n"
      "type=CWD msg=audit(100.001:21): cwd=\"/b\"\n"
      "type=PROCTITLE msg=audit(100.001:21): proctitle=62\n"
      "type=PROCTITLE msg=audit(100.001:20): proctitle=61\n"
      "type=DAEMON_START msg=audit(100.005:1): op=start\n");
  ASSERT_EQ(a->events.size(), 3u);
  EXPECT_EQ(a->events[0].key().serial, 20u);
  EXPECT_EQ(a->events[0].records().size(), 3u);
  EXPECT_EQ(a->events[1].key().serial, 21u);
  EXPECT_EQ(a->events[1].records().size(), 3u);
  EXPECT_EQ(a->events[1].records()[1].field("cwd"), "\"/b\"");
}

TEST(Assembler, InterleavedUserMessageStillGetsItsContainerId) {
  // Event 4 (earlier) is still open, so the complete USER event 5 waits for
  // delivery and its CONTAINER_ID, arriving after another record, joins it.
  auto a = assemble(
      "type=SYSCALL msg=audit(100.000:4): syscall=59 success=yes exit=0\n"
      "type=USER msg=audit(100.021:5): pid=1 uid=0 msg='text=hello'\n"
      "type=CWD msg=audit(100.000:4): cwd=\"/\"\n"
      "type=UNKNOWN[1340] msg=audit(100.021:5): record=1 contid=32\n"
      "type=PROCTITLE msg=audit(100.000:4): proctitle=6C73\n");
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[0].key().serial, 4u);  // timestamp order
  EXPECT_EQ(a->events[1].records().size(), 2u);
  EXPECT_EQ(attribute(a->events[1]).subject->innermost(), 32u);
  EXPECT_EQ(a->diagnostics.total(), 0u);
}

TEST(Assembler, ContainerRecordAfterDeliveryIsALateRecord) {
  // The USER event is complete and first in time: delivered at once, as
  // auparse does; its CONTAINER_ID then comes too late and is reported.
  auto a = assemble(
      "type=USER msg=audit(100.021:5): pid=1 uid=0 msg='text=hello'\n"
      "type=SYSCALL msg=audit(100.030:6): syscall=59 success=yes exit=0\n"
      "type=UNKNOWN[1340] msg=audit(100.021:5): record=1 contid=32\n");
  ASSERT_EQ(a->events.size(), 3u);
  EXPECT_EQ(a->diagnostics.counts().at("late-record"), 1u);
}

TEST(Assembler, EndedEventIsDeliveredBeforeAnEarlierStampedNextEvent) {
  // auditd writes DAEMON_START before kernel records stamped earlier.
  auto a = assemble(
      "type=DAEMON_START msg=audit(100.061:4076): op=start ver=3.0.9 res=success\n"
      "type=SYSCALL msg=audit(100.057:2348): syscall=44 success=yes exit=60\n"
      "type=PROCTITLE msg=audit(100.057:2348): proctitle=61\n");
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[0].key().serial, 4076u);
}

TEST(Assembler, SameKeyAfterAnEndingRecordStartsANewEventLikeAuparse) {
  auto a = assemble(
      "type=LOGIN msg=audit(100.001:6): pid=1 old-auid=4294967295 auid=0 res=1\n"
      "type=SYSCALL msg=audit(100.001:6): syscall=1 success=yes exit=5\n"
      "type=PROCTITLE msg=audit(100.001:6): proctitle=6C73\n"
      "type=EOE msg=audit(100.001:6): \n");
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[0].records().size(), 1u);
  EXPECT_EQ(a->events[1].records().size(), 3u);
}

TEST(Assembler, AusearchOrderHoldsSyscallEventsForTheTimeout) {
  const char* text =
      "type=SYSCALL msg=audit(100.525:1054): syscall=1 success=yes exit=1\n"
      "type=PROCTITLE msg=audit(100.525:1054): proctitle=61\n"
      "type=SYSCALL msg=audit(100.521:1055): syscall=1 success=yes exit=1\n"
      "type=PROCTITLE msg=audit(100.521:1055): proctitle=61\n";
  auto auparse_like = assemble(text);
  ASSERT_EQ(auparse_like->events.size(), 2u);
  EXPECT_EQ(auparse_like->events[0].key().serial, 1054u);  // delivered when complete
  ReaderOptions ausearch;
  ausearch.ausearch_order = true;
  auto ausearch_like = assemble(text, true, ausearch);
  ASSERT_EQ(ausearch_like->events.size(), 2u);
  EXPECT_EQ(ausearch_like->events[0].key().serial, 1055u);  // held, then timestamp order
  // Still held before the timeout; released once a record 2 s later arrives.
  auto held =
      assemble(std::string(text) + "type=LOGIN msg=audit(101.000:1056): auid=0\n", false, ausearch);
  EXPECT_TRUE(held->events.empty());
  auto released =
      assemble(std::string(text) + "type=LOGIN msg=audit(102.600:1056): auid=0\n", false, ausearch);
  EXPECT_EQ(released->events.size(), 2u);
}

TEST(Assembler, SameSerialOnDifferentNodesOrTimesAreDifferentEvents) {
  auto a = assemble(
      "node=a type=SYSCALL msg=audit(100.001:30): syscall=1\n"
      "node=b type=SYSCALL msg=audit(100.001:30): syscall=1\n"
      "type=SYSCALL msg=audit(100.002:30): syscall=1\n");
  ASSERT_EQ(a->events.size(), 3u);
  EXPECT_EQ(a->events[0].key().node, "a");
  EXPECT_EQ(a->events[1].key().node, "b");
}

TEST(Assembler, StreamTimeoutCompletesEventsWithoutEnd) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:40): syscall=1\n"
      "type=CWD msg=audit(100.001:40): cwd=\"/\"\n"
      "type=SYSCALL msg=audit(101.000:41): syscall=1\n"
      "type=SYSCALL msg=audit(103.500:42): syscall=1\n",
      /*flush=*/false);
  // auparse's rule, time + 2 <= 103: 40 and 41 are complete; 42 is open.
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[0].key().serial, 40u);
  EXPECT_EQ(a->events[0].records().size(), 2u);
  EXPECT_EQ(a->events[1].key().serial, 41u);
}

TEST(Assembler, WallClockAgeCompletesQuietStreams) {
  std::vector<Event> events;
  EventAssembler assembler(
      AssemblerOptions{}, [&](Event&& e) { events.push_back(std::move(e)); }, nullptr);
  Record r;
  std::string error;
  ASSERT_TRUE(parse_record("type=SYSCALL msg=audit(100.001:50): syscall=1",
                           ContainerRecordNumbers{}, &r, &error));
  assembler.add(r, {});
  assembler.age(101);
  EXPECT_TRUE(events.empty());
  EXPECT_EQ(assembler.open_events(), 1u);
  assembler.age(103);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(assembler.open_events(), 0u);
}

TEST(Assembler, LateRecordIsNotMergedAndNotAnInputProblem) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:60): syscall=1\n"
      "type=EOE msg=audit(100.001:60): \n"
      "type=CWD msg=audit(100.001:60): cwd=\"/late\"\n");
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[1].records().size(), 1u);
  EXPECT_EQ(a->diagnostics.total(), 0u);
}

TEST(Assembler, LateContainerRecordIsReportedAndStandaloneEoeEaten) {
  auto a = assemble(
      "type=UNKNOWN[1340] msg=audit(100.042:61): record=1 contid=5\n"
      "type=SYSCALL msg=audit(100.042:61): syscall=1 record=1\n"
      "type=EOE msg=audit(100.042:61): \n"
      "type=UNKNOWN[1340] msg=audit(100.042:61): record=2 contid=6\n"
      "type=EOE msg=audit(100.050:62): \n");
  ASSERT_EQ(a->events.size(), 2u);
  EXPECT_EQ(a->events[0].records().size(), 3u);
  EXPECT_EQ(a->events[1].records().size(), 1u);
  EXPECT_EQ(a->diagnostics.counts().at("late-record"), 1u);
  EXPECT_NE(a->diagnostics.kept()[0].message.find("100.042:61"), std::string::npos);
}

TEST(Assembler, EnrichedRecordsKeepTheirInterpretedPart) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:70): arch=c000003e syscall=59 auid=0 key=\"x\" record=1\x1d"
      "ARCH=x86_64 AUID=\"root\"\n"
      "type=UNKNOWN[1340] msg=audit(100.001:70): record=1 contid=3\n"
      "type=PROCTITLE msg=audit(100.001:70): proctitle=6c73\n");
  ASSERT_EQ(a->events.size(), 1u);
  const Record& syscall = a->events[0].records()[0];
  EXPECT_EQ(syscall.enriched, "ARCH=x86_64 AUID=\"root\"");
  EXPECT_EQ(syscall.field("record"), "1");
  EXPECT_EQ(attribute(a->events[0]).subject->innermost(), 3u);
}

TEST(Assembler, MalformedLinesAreCountedAndDoNotDisturbNeighbours) {
  auto a = assemble(
      "type=SYSCALL msg=audit(100.001:80): syscall=1\n"
      "garbage \x01\x02 line\n"
      "type=PROCTITLE msg=audit(100.001:80): proctitle=61\n"
      "type=SYSCALL msg=audit(100.001): bad\n");
  ASSERT_EQ(a->events.size(), 1u);
  EXPECT_EQ(a->events[0].records().size(), 2u);
  EXPECT_EQ(a->diagnostics.counts().at("malformed-record"), 2u);
  ASSERT_FALSE(a->diagnostics.kept().empty());
  EXPECT_EQ(a->diagnostics.kept()[0].where.to_string(), "t:2");
}

TEST(Assembler, EventsSurviveMoves) {
  auto a = assemble("type=SYSCALL msg=audit(100.001:90): syscall=1 key=\"k\"\n");
  std::vector<Event> moved;
  for (auto& e : a->events) moved.push_back(std::move(e));
  a->events.clear();
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].records()[0].field("key"), "\"k\"");
  EXPECT_EQ(moved[0].key().serial, 90u);
}

TEST(Selector, NestedExactUnsetAndAny) {
  auto a = assemble(
      "type=UNKNOWN[1340] msg=audit(1.001:1): record=1 contid=4,^2,^1\n"
      "type=SYSCALL msg=audit(1.001:1): syscall=1 record=1\n"
      "type=SYSCALL msg=audit(1.002:2): syscall=1\n"
      "type=UNKNOWN[1020] msg=audit(1.003:3): op=set opid=5 contid=9 old-contid=2,^1\n"
      "type=SYSCALL msg=audit(1.003:3): syscall=1 success=no exit=-17\n");
  ASSERT_EQ(a->events.size(), 3u);
  auto nested = attribute(a->events[0]);
  auto host = attribute(a->events[1]);
  auto op = attribute(a->events[2]);
  auto selector = [](std::string_view text, bool exact = false) {
    ContidSelector s;
    std::string error;
    EXPECT_TRUE(add_contid_selector_items(text, &s, &error)) << error;
    s.exact = exact;
    return s;
  };
  EXPECT_TRUE(selector("1").matches(nested));
  EXPECT_TRUE(selector("2").matches(nested));
  EXPECT_FALSE(selector("2", true).matches(nested));
  EXPECT_TRUE(selector("4", true).matches(nested));
  EXPECT_FALSE(selector("3").matches(nested));
  EXPECT_FALSE(selector("1").matches(host));
  EXPECT_TRUE(selector("unset").matches(host));
  EXPECT_TRUE(selector("host").matches(host));
  EXPECT_FALSE(selector("unset").matches(nested));
  EXPECT_TRUE(selector("any").matches(nested));
  EXPECT_FALSE(selector("any").matches(host));
  EXPECT_TRUE(selector("3,9").matches(op));       // the new id
  EXPECT_TRUE(selector("1").matches(op));         // in old-contid
  EXPECT_FALSE(selector("2", true).matches(op));  // old-contid is not innermost
  EXPECT_TRUE(selector("9", true).matches(op));
  EXPECT_EQ(op.operations[0].success, false);
  EXPECT_EQ(op.operations[0].exit, -17);
  EXPECT_EQ(selector("1,2,7").matching_ids(nested), (std::vector<ContainerId>{1, 2}));
  EXPECT_EQ(selector("any").matching_ids(nested), (std::vector<ContainerId>{1, 2, 4}));
  EXPECT_EQ(selector("any", true).matching_ids(nested), (std::vector<ContainerId>{4}));
}

TEST(Selector, BadValuesAreErrorsNamingThem) {
  ContidSelector s;
  std::string error;
  EXPECT_FALSE(add_contid_selector_items("12,abc", &s, &error));
  EXPECT_NE(error.find("'abc'"), std::string::npos);
  EXPECT_FALSE(add_contid_selector_items("18446744073709551616", &s, &error));
  EXPECT_NE(error.find("out of range"), std::string::npos);
  EXPECT_FALSE(add_contid_selector_items("-1", &s, &error));
  EXPECT_FALSE(add_contid_selector_items("", &s, &error));
  ContidSelector blanks;
  EXPECT_TRUE(add_contid_selector_items("5, 7 ,unset", &blanks, &error)) << error;
  EXPECT_EQ(blanks.ids, (std::vector<ContainerId>{5, 7}));
  EXPECT_TRUE(blanks.unset);
}

TEST(Attribution, MalformedContainerRecordsAreProblemsNotCrashes) {
  auto a = assemble(
      "type=UNKNOWN[1340] msg=audit(1.001:1): record=1 contid=4,^x\n"
      "type=UNKNOWN[1340] msg=audit(1.001:1): record=7 contid=18446744073709551616\n"
      "type=UNKNOWN[1020] msg=audit(1.001:1): op=set opid=5 contid=zz old-contid=^1\n"
      "type=SYSCALL msg=audit(1.001:1): syscall=1 record=1\n");
  ASSERT_EQ(a->events.size(), 1u);
  auto attribution = attribute(a->events[0]);
  EXPECT_FALSE(attribution.subject);
  EXPECT_GE(attribution.problems.size(), 4u);
}

}  // namespace
}  // namespace contid
