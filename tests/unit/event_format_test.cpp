// SPDX-License-Identifier: GPL-2.0-or-later
// Output formats (include/contid/event_format.h).
#include "contid/event_format.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "contid/attribution.h"
#include "contid/event.h"
#include "contid/event_reader.h"
#include "contid/json_writer.h"
#include "scoped_tz.h"

namespace contid {
namespace {

const std::string kSyscall =
    "type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes exit=0 "
    "a0=1 a1=2 a2=3 a3=4 items=0 ppid=1 pid=100 auid=4294967295 uid=0 gid=0 euid=0 suid=0 "
    "fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"ls\" exe=\"/usr/bin/ls\" "
    "key=\"exec_k\" record=1";
const std::string kContainerId =
    "type=UNKNOWN[1340] msg=audit(1700000000.123:456): record=1 contid=4,^2,^1";
const std::string kProctitle = "type=PROCTITLE msg=audit(1700000000.123:456): proctitle=6C73";

class EventFormatTest : public ::testing::Test {
 protected:
  std::string render(OutputFormat format, const std::string& text) {
    std::vector<Event> events = events_from_text(text);
    EXPECT_FALSE(events.empty());
    auto formatter = make_event_formatter(format);
    std::string out;
    for (const Event& e : events) formatter->format(e, attribute(e), &out);
    return out;
  }

  test::ScopedTz utc_{"UTC"};
};

TEST_F(EventFormatTest, RawIsTheLogInArrivalOrder) {
  const std::string log = kContainerId + "\n" + kSyscall + "\n" + kProctitle + "\n";
  EXPECT_EQ(render(OutputFormat::kRaw, log), log);
}

TEST_F(EventFormatTest, RawMarksRecordsOfAnEnrichedEventLikeAusearch) {
  const std::string enriched = kSyscall + "\x1d" + "ARCH=x86_64 SYSCALL=execve";
  const std::string log = enriched + "\n" + kProctitle + "\n";
  // ausearch --raw restores the separator at the end of every record of an
  // ENRICHED event, so the PROCTITLE line gains a trailing 0x1d.
  EXPECT_EQ(render(OutputFormat::kRaw, log), enriched + "\n" + kProctitle + "\x1d\n");
}

TEST_F(EventFormatTest, DefaultReversesAndStripsEnrichedPart) {
  const std::string log =
      kContainerId + "\n" + kSyscall + "\x1d" + "ARCH=x86_64\n" + kProctitle + "\n";
  EXPECT_EQ(render(OutputFormat::kDefault, log), "----\ntime->Tue Nov 14 22:13:20 2023\n" +
                                                     kProctitle + "\n" + kSyscall + "\n" +
                                                     kContainerId + "\n");
}

TEST_F(EventFormatTest, DefaultEscapesControlBytes) {
  const std::string log =
      "type=USER msg=audit(1700000000.500:7): pid=1 uid=0 auid=0 ses=1 msg='text=a\tb res=1'\n";
  const std::string out = render(OutputFormat::kDefault, log);
  EXPECT_NE(out.find("text=a\\011b"), std::string::npos) << out;
}

TEST_F(EventFormatTest, DefaultPrintsADaemonRecordAlone) {
  const std::string line =
      "type=DAEMON_START msg=audit(1700000000.000:1): op=start ver=3.0.9 format=raw "
      "kernel=6.1.0 auid=4294967295 pid=1 uid=0 ses=4294967295 res=success";
  EXPECT_EQ(render(OutputFormat::kDefault, line + "\n"),
            "----\ntime->Tue Nov 14 22:13:20 2023\n" + line + "\n");
}

TEST_F(EventFormatTest, InterpretNamesContainerRecordsAndRendersChains) {
  const std::string op =
      "type=UNKNOWN[1020] msg=audit(1700000000.123:456): op=set opid=200 contid=5 "
      "old-contid=-1";
  const std::string v8 = "type=UNKNOWN[1340] msg=audit(1700000000.123:456): record=1 contid=4^2^1";
  const std::string out =
      render(OutputFormat::kInterpret, op + "\n" + v8 + "\n" + kSyscall + "\n" + kProctitle + "\n");
  EXPECT_EQ(out.rfind("----\n", 0), 0u) << out;
  EXPECT_NE(out.find("type=CONTAINER_OP msg=audit(11/14/23 22:13:20.123:456) : op=set opid=200 "
                     "contid=5 old-contid=unset \n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("type=CONTAINER_ID msg=audit(11/14/23 22:13:20.123:456) : record=1 "
                     "contid=4,^2,^1 \n"),
            std::string::npos)
      << out;
  // Reverse order: PROCTITLE first, CONTAINER_OP last.
  EXPECT_LT(out.find("type=PROCTITLE"), out.find("type=SYSCALL"));
  EXPECT_LT(out.find("type=SYSCALL"), out.find("type=CONTAINER_OP"));
}

TEST_F(EventFormatTest, InterpretUsesLibauparseValues) {
  const std::string out = render(OutputFormat::kInterpret, kSyscall + "\n" + kProctitle + "\n");
  for (const char* part : {"type=SYSCALL msg=audit(11/14/23 22:13:20.123:456) : arch=x86_64 ",
                           " syscall=execve ", " auid=unset ", " uid=root ", " key=exec_k ",
                           "type=PROCTITLE msg=audit(11/14/23 22:13:20.123:456) : proctitle=ls \n"})
    EXPECT_NE(out.find(part), std::string::npos) << part << "\n" << out;
}

TEST_F(EventFormatTest, InterpretKeepsUserMessageText) {
  const std::string out =
      render(OutputFormat::kInterpret,
             "type=USER msg=audit(1700000000.500:7): pid=5 uid=0 auid=4294967295 ses=4294967295 "
             "msg='text=hello user msg exe=\"/usr/sbin/auditctl\" hostname=? addr=? terminal=? "
             "res=success'\n");
  EXPECT_NE(out.find(": pid=5 uid=root auid=unset ses=unset msg='text=hello user msg "
                     "exe=/usr/sbin/auditctl hostname=? addr=? terminal=? res=success' \n"),
            std::string::npos)
      << out;
}

TEST_F(EventFormatTest, InterpretSplitsKeyLists) {
  std::string syscall = kSyscall;
  syscall.replace(syscall.find("key=\"exec_k\""), 12, "key=6B31016B32");
  const std::string out = render(OutputFormat::kInterpret, syscall + "\n" + kProctitle + "\n");
  EXPECT_NE(out.find(" key=k1 key=k2 "), std::string::npos) << out;
}

TEST_F(EventFormatTest, CsvHasHeaderOnceAndARowPerEvent) {
  const std::string other =
      "type=SYSCALL msg=audit(1700000001.000:457" + kSyscall.substr(kSyscall.find("): "));
  const std::string out =
      render(OutputFormat::kCsv, kSyscall + "\n" + kProctitle + "\n" + other + "\n" +
                                     "type=PROCTITLE msg=audit("
                                     "1700000001.000:457): proctitle=6C73\n");
  const std::string header =
      "NODE,EVENT,DATE,TIME,SERIAL_NUM,EVENT_KIND,SESSION,SUBJ_PRIME,SUBJ_SEC,SUBJ_KIND,"
      "ACTION,RESULT,OBJ_PRIME,OBJ_SEC,OBJ_KIND,HOW\n";
  ASSERT_EQ(out.rfind(header, 0), 0u) << out;
  EXPECT_EQ(out.find(header, 1), std::string::npos);
  EXPECT_NE(out.find(",SYSCALL,11/14/23,22:13:20,456,"), std::string::npos) << out;
  EXPECT_NE(out.find(",SYSCALL,11/14/23,22:13:21,457,"), std::string::npos) << out;
}

TEST_F(EventFormatTest, CsvLeavesContainerRecordsOutOfNormalization) {
  const std::string op =
      "type=UNKNOWN[1020] msg=audit(1700000000.123:456): op=set opid=200 contid=5 "
      "old-contid=-1";
  const std::string out = render(
      OutputFormat::kCsv, op + "\n" + kContainerId + "\n" + kSyscall + "\n" + kProctitle + "\n");
  // One row, named by the SYSCALL (libauparse would split the CONTAINER_OP
  // off into a row of its own with an empty EVENT column).
  std::size_t rows = 0;
  for (char c : out) rows += c == '\n';
  EXPECT_EQ(rows, 2u) << out;
  EXPECT_NE(out.find("\n,SYSCALL,11/14/23,22:13:20,456,"), std::string::npos) << out;
}

TEST_F(EventFormatTest, TextIsASentence) {
  const std::string out = render(OutputFormat::kText, kSyscall + "\n" + kProctitle + "\n");
  EXPECT_EQ(out.rfind("At 22:13:20 11/14/23 ", 0), 0u) << out;
  EXPECT_NE(out.find("successfully executed"), std::string::npos) << out;
  EXPECT_EQ(out.back(), '\n');
}

TEST_F(EventFormatTest, JsonCarriesRecordsAndAttribution) {
  const std::string big =
      "type=UNKNOWN[1340] msg=audit(1700000000.123:456): record=1 "
      "contid=18446744073709551614,^9007199254740993";
  const std::string out = render(
      OutputFormat::kJson, big + "\n" + kSyscall + "\x1d" + "ARCH=x86_64\n" + kProctitle + "\n");
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1) << "one line per event";
  EXPECT_EQ(out.rfind("{\"node\":null,\"time\":\"1700000000.123\",\"serial\":456,", 0), 0u) << out;
  EXPECT_NE(out.find("{\"type\":\"CONTAINER_ID\",\"number\":1340,\"fields\":{\"record\":\"1\","
                     "\"contid\":\"18446744073709551614,^9007199254740993\"}}"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\"key\":\"exec_k\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"enriched\":{\"ARCH\":\"x86_64\"}"), std::string::npos) << out;
  EXPECT_NE(out.find("\"containers\":{\"subject\":[\"18446744073709551614\",\"9007199254740993\"]"),
            std::string::npos)
      << out;
}

TEST(EventFormatJson, StringEscaping) {
  std::string out;
  append_json_string("a\"b\\c\n\x01\xc3\xa9\xff", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\\u00ff\"");
}

TEST(EventFormatJson, AttributionOfOperations) {
  Attribution a;
  ContainerOperation op;
  op.op = "set";
  op.opid = 42;
  op.contid = 7;
  op.old_contid = {ContainerChain{{3, 1}}};
  op.success = false;
  op.exit = -17;
  a.operations.push_back(op);
  a.netns = {ContainerChain{{2, 1}}, ContainerChain{{3, 1}}};
  std::string out;
  append_attribution_json(a, &out);
  EXPECT_EQ(out,
            "{\"subject\":null,\"targets\":[],\"netns\":[[\"2\",\"1\"],[\"3\",\"1\"]],"
            "\"operations\":[{\"op\":\"set\",\"opid\":42,\"contid\":\"7\",\"old_contid\":"
            "[[\"3\",\"1\"]],\"success\":false,\"exit\":-17}]}");
}

TEST(EventFormatParse, Names) {
  OutputFormat f = OutputFormat::kRaw;
  std::string error;
  EXPECT_TRUE(parse_output_format("interp", &f, &error));
  EXPECT_EQ(f, OutputFormat::kInterpret);
  EXPECT_TRUE(parse_output_format("interpret", &f, &error));
  EXPECT_TRUE(parse_output_format("json", &f, &error));
  EXPECT_EQ(f, OutputFormat::kJson);
  EXPECT_TRUE(parse_output_format("default", &f, &error));
  EXPECT_EQ(f, OutputFormat::kDefault);
  EXPECT_FALSE(parse_output_format("xml", &f, &error));
  EXPECT_NE(error.find("xml"), std::string::npos);
}

TEST(EventFormatEscape, Tty) {
  std::string out;
  append_tty_escaped(std::string_view("a\x1d"
                                      "b\x7f\xe9",
                                      5),
                     &out);
  EXPECT_EQ(out, "a\\035b\x7f\xe9");
}

}  // namespace
}  // namespace contid
