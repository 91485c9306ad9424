// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/registration_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "contid/event_reader.h"

namespace contid {
namespace {

// What stock auditd 3.0.9 writes for a registration event, and what its
// plugin (the registrations route) kept of the same event.
constexpr const char* kStockLog =
    "type=UNKNOWN[1020] msg=lost\n"
    "type=SYSCALL msg=audit(1700000000.100:7): arch=c000003e syscall=1 success=yes exit=4 "
    "pid=42 auid=0 uid=0\n"
    "type=PROCTITLE msg=audit(1700000000.100:7): proctitle=6F7263\n"
    "type=UNKNOWN[1020] msg=lost\n"
    "type=SYSCALL msg=audit(1700000000.200:8): arch=c000003e syscall=1 success=no exit=-18 "
    "pid=42 auid=0 uid=0\n";
constexpr const char* kKept =
    "type=UNKNOWN[1020] msg=audit(1700000000.100:7): op=set opid=43 contid=5 old-contid=-1\n"
    "type=SYSCALL msg=audit(1700000000.100:7): arch=c000003e syscall=1 success=yes exit=4 "
    "pid=42 auid=0 uid=0\n";

class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/registration-store-XXXXXX";
    path_ = mkdtemp(name);
  }
  ~TempDir() { std::system(("rm -rf '" + path_ + "'").c_str()); }
  std::string write(const std::string& name, const std::string& text) const {
    std::string file = path_ + "/" + name;
    std::ofstream(file) << text;
    return file;
  }

 private:
  std::string path_;
};

struct Read {
  std::vector<Event> events;
  std::uint64_t lost = 0, restored = 0;
  Diagnostics diagnostics;
};

Read read_with(const std::string& log, RegistrationStore* store) {
  Read out;
  EventReader reader(
      ReaderOptions{}, [&](Event&& e) { out.events.push_back(std::move(e)); }, &out.diagnostics);
  if (store) reader.restore_registrations(store);
  reader.read_file(log);
  reader.finish();
  out.lost = reader.lost_by_auditd();
  out.restored = reader.restored();
  return out;
}

// Writes `log` and the registrations file beside it, loads the store, reads.
Read read_beside(const TempDir& dir, RegistrationStore* store, const char* log, const char* kept) {
  const std::string log_file = dir.write("audit.log", log);
  EXPECT_TRUE(store->load(dir.write(kRegistrationsFileName, kept), nullptr));
  return read_with(log_file, store);
}

TEST(RegistrationStore, KeepsOnlyContainerOperationsByKey) {
  TempDir dir;
  RegistrationStore store(ContainerRecordNumbers{});
  ASSERT_TRUE(store.load(dir.write(kRegistrationsFileName, kKept), nullptr));
  EXPECT_EQ(store.size(), 1u);  // the SYSCALL of the kept event is not kept
  EXPECT_FALSE(store.load(dir.write("x", "") + ".missing", nullptr));
}

TEST(RegistrationStore, PutsTheRecordBackInFrontOfItsEvent) {
  TempDir dir;
  RegistrationStore store(ContainerRecordNumbers{});
  Read got = read_beside(dir, &store, kStockLog, kKept);
  ASSERT_EQ(got.events.size(), 2u);
  EXPECT_EQ(got.events[0].records().size(), 3u);
  EXPECT_EQ(got.events[0].records()[0].body, "op=set opid=43 contid=5 old-contid=-1");
  EXPECT_EQ(got.events[1].records().size(), 1u);  // serial 8 was not kept
  EXPECT_EQ(got.lost, 2u);
  EXPECT_EQ(got.restored, 1u);
  EXPECT_EQ(got.diagnostics.total(), 0u);  // msg=lost is counted, not malformed
  EXPECT_NE(describe_lost_registrations(got.lost, got.restored, store).find("1 restored"),
            std::string::npos);
}

TEST(RegistrationStore, NothingLostNothingSaid) {
  RegistrationStore store(ContainerRecordNumbers{});
  EXPECT_EQ(describe_lost_registrations(1, 1, store), "");
  EXPECT_NE(describe_lost_registrations(2, 0, store).find("none restored"), std::string::npos);
}

TEST(RegistrationStore, ALogThatKeptTheTextIsNotDoubled) {
  TempDir dir;
  // A patched auditd logs the record itself: the kept copy must not be added.
  RegistrationStore store(ContainerRecordNumbers{});
  Read got = read_beside(dir, &store, kKept, kKept);
  ASSERT_EQ(got.events.size(), 1u);
  EXPECT_EQ(got.events[0].records().size(), 2u);
  EXPECT_EQ(got.restored, 0u);
}

TEST(RegistrationStore, FilesBesideInputsOncePerDirectory) {
  TempDir dir;
  const std::string a = dir.write("audit.log", kStockLog);
  const std::string b = dir.write("audit.log.1", kStockLog);
  EXPECT_TRUE(registration_files_beside({a, b}).empty());
  const std::string kept = dir.write(kRegistrationsFileName, kKept);
  EXPECT_EQ(registration_files_beside({a, b}), std::vector<std::string>{kept});
}

}  // namespace
}  // namespace contid
