// SPDX-License-Identifier: GPL-2.0-or-later
// libauparse's feed API is the oracle for event grouping: our assembler must
// group every event exactly as auparse does, except events holding container
// records, which auparse splits (design.md).
#include <auparse.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "contid/container_records.h"
#include "contid/event_reader.h"

namespace contid {
namespace {

// An event as a comparable value: key and record types in order.
struct Grouping {
  std::string node;
  std::int64_t seconds;
  unsigned milliseconds;
  std::uint64_t serial;
  std::vector<int> types;
  bool operator<(const Grouping& o) const {
    return std::tie(node, seconds, milliseconds, serial, types) <
           std::tie(o.node, o.seconds, o.milliseconds, o.serial, o.types);
  }
  bool operator==(const Grouping&) const = default;
};

void collect(auparse_state_t* au, auparse_cb_event_t type, void* data) {
  if (type != AUPARSE_CB_EVENT_READY) return;
  auto* out = static_cast<std::vector<Grouping>*>(data);
  const au_event_t* ts = auparse_get_timestamp(au);
  Grouping g{
      ts->host ? ts->host : "", static_cast<std::int64_t>(ts->sec), ts->milli, ts->serial, {}};
  if (auparse_first_record(au) <= 0) return;
  do {
    int t = auparse_get_type(au);
    if (t != 1320) g.types.push_back(t);  // auparse consumes EOE
  } while (auparse_next_record(au) > 0);
  out->push_back(std::move(g));
}

std::vector<Grouping> auparse_groupings(const std::string& text) {
  std::vector<Grouping> out;
  auparse_state_t* au = auparse_init(AUSOURCE_FEED, nullptr);
  auparse_add_callback(au, collect, &out, nullptr);
  auparse_feed(au, text.data(), text.size());
  auparse_flush_feed(au);
  auparse_destroy(au);
  return out;
}

struct Ours {
  std::vector<Grouping> plain;  // events without container records
  std::size_t with_containers = 0;
};

Ours our_groupings(const std::string& text) {
  Ours ours;
  auto events = events_from_text(text);
  for (const Event& e : events) {
    bool container = false;
    Grouping g{
        std::string(e.key().node), e.key().seconds, e.key().milliseconds, e.key().serial, {}};
    for (const Record& r : e.records()) {
      if (r.is_container_record()) container = true;
      if (r.type != 1320) g.types.push_back(r.type);
    }
    if (container) {
      ++ours.with_containers;
    } else {
      ours.plain.push_back(std::move(g));
    }
  }
  return ours;
}

// auparse's groupings minus every event that shares a key with a container event.
std::vector<Grouping> without_container_keys(std::vector<Grouping> groups,
                                             const std::string& text) {
  std::set<std::tuple<std::string, std::int64_t, unsigned, std::uint64_t>> container_keys;
  for (const Event& e : events_from_text(text)) {
    for (const Record& r : e.records()) {
      if (r.is_container_record()) {
        container_keys.emplace(std::string(e.key().node), e.key().seconds, e.key().milliseconds,
                               e.key().serial);
        break;
      }
    }
  }
  std::erase_if(groups, [&](const Grouping& g) {
    return container_keys.count({g.node, g.seconds, g.milliseconds, g.serial}) > 0;
  });
  return groups;
}

void expect_same_as_auparse(const std::string& text, const std::string& what) {
  auto theirs = without_container_keys(auparse_groupings(text), text);
  auto ours = our_groupings(text);
  std::sort(theirs.begin(), theirs.end());
  std::sort(ours.plain.begin(), ours.plain.end());
  std::vector<Grouping> only_theirs, only_ours;
  std::set_difference(theirs.begin(), theirs.end(), ours.plain.begin(), ours.plain.end(),
                      std::back_inserter(only_theirs));
  std::set_difference(ours.plain.begin(), ours.plain.end(), theirs.begin(), theirs.end(),
                      std::back_inserter(only_ours));
  for (const auto& g : only_theirs)
    ADD_FAILURE() << what << ": only auparse has event serial " << g.serial << " with "
                  << g.types.size() << " records";
  for (const auto& g : only_ours)
    ADD_FAILURE() << what << ": only we have event serial " << g.serial << " with "
                  << g.types.size() << " records";
  ASSERT_EQ(ours.plain.size(), theirs.size()) << what;
  for (std::size_t i = 0; i < theirs.size(); ++i) {
    EXPECT_EQ(ours.plain[i], theirs[i]) << what << ": event serial " << theirs[i].serial;
  }
}

TEST(AuparseOracle, InlineRealisticLog) {
  const std::string text =
      "type=DAEMON_START msg=audit(1795476843.859:4697): op=start ver=3.0.9 format=enriched "
      "pid=2606 res=success\n"
      "type=CONFIG_CHANGE msg=audit(1795476844.857:3): op=set audit_enabled=1 old=1 "
      "auid=4294967295 ses=4294967295 res=1\n"
      "type=SYSCALL msg=audit(1795476844.857:3): arch=c000003e syscall=44 success=yes exit=60 "
      "comm=\"auditctl\" key=(null)\n"
      "type=PROCTITLE msg=audit(1795476844.857:3): proctitle=617564697463746C002D650031\n"
      "type=SYSCALL msg=audit(1795476844.865:5): arch=c000003e syscall=257 success=yes exit=3 "
      "key=\"k1\"\n"
      "type=CWD msg=audit(1795476844.865:5): cwd=\"/tmp/ad\"\n"
      "type=PATH msg=audit(1795476844.865:5): item=0 name=\"/etc/ld.so.cache\" inode=409603 "
      "nametype=NORMAL\n"
      "type=PROCTITLE msg=audit(1795476844.865:5): proctitle=6C73\n"
      "type=USER_START msg=audit(1795476845.000:7): pid=1 uid=0 msg='op=PAM:session_open "
      "acct=\"root\" res=success'\n"
      "type=SYSCALL msg=audit(1795476845.100:8): arch=c000003e syscall=62 success=yes exit=0 "
      "key=(null)\n"
      "type=OBJ_PID msg=audit(1795476845.100:8): opid=99 oauid=-1 ouid=0 oses=-1 ocomm=\"sleep\"\n"
      "type=PROCTITLE msg=audit(1795476845.100:8): proctitle=6B696C6C\n"
      "type=UNKNOWN[1340] msg=audit(1795476845.200:9): record=1 contid=3\n"
      "type=SYSCALL msg=audit(1795476845.200:9): arch=c000003e syscall=59 success=yes exit=0 "
      "record=1\n"
      "type=PROCTITLE msg=audit(1795476845.200:9): proctitle=6C73\n"
      "type=UNKNOWN[1020] msg=audit(1795476845.300:10): op=set opid=5 contid=3 old-contid=-1\n"
      "type=SYSCALL msg=audit(1795476845.300:10): arch=c000003e syscall=1 success=yes exit=1\n"
      "type=PROCTITLE msg=audit(1795476845.300:10): proctitle=72756E63\n"
      "type=DAEMON_END msg=audit(1795476846.000:4698): op=terminate auid=0 res=success\n";
  expect_same_as_auparse(text, "inline");
  EXPECT_EQ(our_groupings(text).with_containers, 2u);
  // auparse splits the CONTAINER_OP event; we do not.
  EXPECT_EQ(auparse_groupings(text).size(), events_from_text(text).size() + 1);
}

// Every log shipped under tests/data (real auditd logs, samples) is a case.
TEST(AuparseOracle, ShippedLogs) {
  namespace fs = std::filesystem;
  std::size_t files = 0;
  const char* extra = std::getenv("CONTID_ORACLE_DIR");
  for (const auto& entry : fs::recursive_directory_iterator(extra ? extra : CONTID_TEST_DATA_DIR)) {
    if (!entry.is_regular_file()) continue;
    const std::string path = entry.path().string();
    if (entry.path().extension() != ".log" || path.find("/bad/") != std::string::npos) continue;
    if (entry.file_size() > 16 * 1024 * 1024) continue;
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    expect_same_as_auparse(buffer.str(), path);
    ++files;
  }
  RecordProperty("files", static_cast<int>(files));
}

}  // namespace
}  // namespace contid
