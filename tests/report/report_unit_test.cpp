// SPDX-License-Identifier: GPL-2.0-or-later
// Unit tests of aureport-ext's pieces: event facts, ranking, the time
// histogram, the container report's rows and the text/json layouts.
#include <gtest/gtest.h>

#include <sstream>

#include "container_report.h"
#include "contid/attribution.h"
#include "contid/event.h"
#include "contid/event_reader.h"
#include "event_facts.h"
#include "ranked_counter.h"
#include "report_sink.h"
#include "time_histogram.h"

namespace aureport_ext {
namespace {

EventFacts facts_of(const std::string& text) {
  std::vector<contid::Event> events = contid::events_from_text(text);
  EXPECT_EQ(events.size(), 1u);
  return extract_facts(events.front());
}

TEST(EventFacts, SyscallFieldsAndWrittenFile) {
  EventFacts f = facts_of(
      "type=SYSCALL msg=audit(1700000000.250:7): arch=c000003e syscall=257 success=yes exit=3 "
      "a0=ffffff9c a1=1 a2=241 a3=0 items=2 ppid=1 pid=42 auid=4294967295 uid=1000 gid=0 "
      "euid=0 tty=pts1 ses=1 comm=\"sh\" exe=2F62696E2F7368 key=\"k1\"\n"
      "type=CWD msg=audit(1700000000.250:7): cwd=\"/home\"\n"
      "type=PATH msg=audit(1700000000.250:7): item=0 name=\"./\" nametype=PARENT\n"
      "type=PATH msg=audit(1700000000.250:7): item=1 name=\"./out\" nametype=CREATE\n");
  EXPECT_EQ(f.serial, 7u);
  EXPECT_EQ(f.milliseconds, 250u);
  EXPECT_EQ(f.syscall, 257);
  EXPECT_EQ(f.success, Outcome::kSuccess);
  EXPECT_EQ(f.pid, 42);
  EXPECT_EQ(f.auid, -1);  // 4294967295 as aureport prints it
  EXPECT_EQ(f.uid, 1000);
  EXPECT_EQ(f.exe, "/bin/sh");  // hex decoded
  EXPECT_EQ(f.terminal, "pts1");
  ASSERT_EQ(f.keys.size(), 1u);
  EXPECT_EQ(f.keys[0], "k1");
  ASSERT_EQ(f.files.size(), 2u);
  EXPECT_EQ(f.files[1], "/home/./out");  // relative names joined to cwd, as aureport
  EXPECT_TRUE(f.writes_files);
  EXPECT_EQ(f.written_files(), std::vector<std::string>{"/home/./out"});
  EXPECT_FALSE(f.failed_syscall);
}

TEST(EventFacts, FailedConnectAndHexKeyList) {
  EventFacts f = facts_of(
      "type=SYSCALL msg=audit(1700000000.000:8): arch=c000003e syscall=42 success=no "
      "exit=-115 a0=3 a1=0 a2=10 a3=0 items=0 ppid=1 pid=5 auid=0 uid=0 comm=\"curl\" "
      "exe=\"/usr/bin/curl\" key=6E6574016F7574\n");
  EXPECT_TRUE(f.connect);
  EXPECT_TRUE(f.failed_syscall);
  EXPECT_FALSE(f.writes_files);
  EXPECT_EQ(f.keys, (std::vector<std::string>{"net", "out"}));
}

TEST(EventFacts, UserRecordResultAndContainerOpName) {
  EventFacts user = facts_of(
      "type=USER_AUTH msg=audit(1700000000.000:9): pid=9 uid=0 auid=1000 ses=2 "
      "msg='op=PAM:authentication acct=\"bob\" exe=\"/usr/bin/su\" hostname=? addr=10.0.0.1 "
      "terminal=pts/0 res=failed'\n");
  EXPECT_EQ(user.success, Outcome::kFailed);
  EXPECT_EQ(user.hostname, "10.0.0.1");  // "?" hostname falls back to addr=
  EXPECT_EQ(user.exe, "/usr/bin/su");
  EXPECT_EQ(user.acct, "bob");

  EventFacts op = facts_of(
      "type=UNKNOWN[1020] msg=audit(1700000000.000:10): op=set opid=77 contid=5 old-contid=-1\n"
      "type=SYSCALL msg=audit(1700000000.000:10): arch=c000003e syscall=1 success=no exit=-17 "
      "a0=1 a1=0 a2=1 a3=0 items=0 ppid=1 pid=6 auid=0 uid=0 comm=\"runc\" "
      "exe=\"/usr/bin/runc\"\n");
  EXPECT_EQ(op.success, Outcome::kFailed);
  EXPECT_EQ(op.first_type_name, "CONTAINER_OP");
}

TEST(RankedCounter, RanksByHitsKeepingAureportTieOrder) {
  RankedCounter strings;
  for (const char* s : {"b", "a", "c", "a", "c"}) strings.add(s);
  auto ranked = strings.ranked();
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].first, "a");  // tie with c: first seen first
  EXPECT_EQ(ranked[1].first, "c");
  EXPECT_EQ(ranked[2].first, "b");

  RankedCounter numbers(true);
  for (const char* s : {"30", "4", "100"}) numbers.add(s);
  ranked = numbers.ranked();
  EXPECT_EQ(ranked[0].first, "4");  // ties in ascending value, like aureport's ilist
  EXPECT_EQ(ranked[2].first, "100");
}

TEST(TimeHistogram, WidensWithinBoundAndKeepsTotals) {
  TimeHistogram h;
  std::uint64_t added = 0;
  for (std::int64_t ms = 0; ms < 100000; ms += 3) {
    h.add(1700000000000 + ms);
    ++added;
  }
  std::uint64_t total = 0, bins = 0;
  h.for_each([&](std::int64_t start, std::uint64_t n) {
    EXPECT_EQ(start % h.width_ms(), 0);
    total += n;
    ++bins;
  });
  EXPECT_EQ(total, added);
  EXPECT_LE(bins, TimeHistogram::kMaxBins);
  EXPECT_GT(h.width_ms(), 1);
  EXPECT_EQ(TimeHistogram::floor_div(-1, 4), -1);
}

// A sink that keeps what it was given.
class RecordingSink : public ReportSink {
 public:
  void begin_table(const TableSpec& spec) override { tables.push_back({spec, {}}); }
  void add_row(const std::vector<std::string>& cells) override {
    tables.back().second.push_back(cells);
  }
  void end_table() override {}
  bool finish() override { return true; }
  std::vector<std::pair<TableSpec, std::vector<std::vector<std::string>>>> tables;
};

TEST(ContainerReport, NestedIdsHostAndTotals) {
  std::vector<contid::Event> events = contid::events_from_text(
      "type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=59 success=yes exit=0 "
      "a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=2 auid=0 uid=0 comm=\"a\" exe=\"/a\" record=1\n"
      "type=UNKNOWN[1340] msg=audit(1700000000.000:1): record=1 contid=4,^2\n"
      "type=SYSCALL msg=audit(1700000001.000:2): arch=c000003e syscall=2 success=no exit=-2 "
      "a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=3 auid=0 uid=5 comm=\"b\" exe=\"/b\" record=1\n"
      "type=UNKNOWN[1340] msg=audit(1700000001.000:2): record=1 contid=2\n"
      "type=SYSCALL msg=audit(1700000002.000:3): arch=c000003e syscall=2 success=yes exit=3 "
      "a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=4 auid=0 uid=0 comm=\"c\" exe=\"/c\"\n");
  ASSERT_EQ(events.size(), 3u);
  ContainerReport report(ContainerReportOptions{});
  for (const contid::Event& e : events) {
    contid::Attribution a = contid::attribute(e);
    report.add(e, extract_facts(e), a);
  }
  RecordingSink sink;
  report.write(&sink);
  ASSERT_EQ(sink.tables.size(), 2u);
  const auto& rows = sink.tables[1].second;
  ASSERT_EQ(rows.size(), 4u);  // 2, 4, host, total
  EXPECT_EQ(rows[0][0], "2");  // 2 events (its own and its nested 4's)
  EXPECT_EQ(rows[0][4], "2");
  EXPECT_EQ(rows[0][5], "1");  // one failed syscall
  EXPECT_EQ(rows[0][9], "2");  // uids 0 and 5
  EXPECT_EQ(rows[1][0], "4");
  EXPECT_EQ(rows[1][1], "2");  // parent chain
  EXPECT_EQ(rows[1][6], "1");  // one exec
  EXPECT_EQ(rows[2][0], "host");
  EXPECT_EQ(rows[2][4], "1");
  EXPECT_EQ(rows[3][0], "total");
  EXPECT_EQ(rows[3][4], "3");  // every event once
}

TEST(TextSink, AureportLayout) {
  std::ostringstream out;
  auto sink = make_text_sink(out);
  TableSpec spec;
  spec.title = "Key Report";
  spec.columns = {"date", "time", "key", "event"};
  spec.rule_width = 10;
  sink->begin_table(spec);
  sink->add_row({"01/02/24", "10:00:00", "k", "7"});
  sink->end_table();
  EXPECT_EQ(out.str(),
            "\nKey Report\n==========\n# date time key event\n==========\n"
            "1. 01/02/24 10:00:00 k 7\n");
  std::ostringstream empty;
  auto empty_sink = make_text_sink(empty);
  empty_sink->begin_table(spec);
  empty_sink->end_table();
  EXPECT_NE(empty.str().find("<no events of interest were found>\n\n"), std::string::npos);
}

TEST(JsonSink, StringsNumbersAndEscapes) {
  std::ostringstream out;
  auto sink = make_json_sink(out);
  TableSpec spec;
  spec.name = "t";
  spec.title = "T";
  spec.columns = {"contid", "events", "exe"};
  spec.numeric = {false, true, false};
  sink->begin_table(spec);
  sink->add_row({"18446744073709551614", "12", "/a\"b\n"});
  sink->add_row({"7", "?", "x"});  // a non-number in a numeric column stays a string
  sink->end_table();
  ASSERT_TRUE(sink->finish());
  const std::string json = out.str();
  EXPECT_NE(json.find(R"({"contid":"18446744073709551614","events":12,"exe":"/a\"b\n"})"),
            std::string::npos);
  EXPECT_NE(json.find(R"("events":"?")"), std::string::npos);
}

}  // namespace
}  // namespace aureport_ext
