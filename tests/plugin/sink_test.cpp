// SPDX-License-Identifier: GPL-2.0-or-later
// Sinks driven directly: file templates and rotation, exec restart with
// redelivery of unread events, socket peer checks.
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "sinks/exec_sink.h"
#include "sinks/file_sink.h"
#include "sinks/socket_sink.h"
#include "sinks/syslog_sink.h"

namespace audisp_contid {
namespace {

namespace fs = std::filesystem;

QueuedEvent event(std::uint64_t n, std::vector<contid::ContainerId> ids = {}) {
  QueuedEvent e;
  e.text = std::make_shared<const std::string>("type=TEST msg=audit(1.000:" + std::to_string(n) +
                                               "): n=" + std::to_string(n) + "\n");
  e.ids = std::move(ids);
  e.sequence = n;
  return e;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path scratch() {
  const fs::path dir =
      fs::temp_directory_path() / ("contid-sink-" + std::to_string(::getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(PathTemplate, ExpandsIdsRouteAndPercent) {
  EXPECT_EQ(expand_path_template("/l/%r/c-%c.log", "web", "42"), "/l/web/c-42.log");
  EXPECT_EQ(expand_path_template("/l/100%%-%c", "r", "unset"), "/l/100%-unset");
}

TEST(FileSink, OneFilePerContainerAndUnset) {
  const fs::path dir = scratch();
  FileSinkConfig config;
  config.path_template = (dir / "%r" / "%c.log").string();
  config.mode = 0640;
  FileSink sink("tenants", config);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  std::vector<QueuedEvent> batch;
  batch.push_back(event(1, {5}));
  batch.push_back(event(2, {5, 7}));  // carries both: one copy in each file
  batch.push_back(event(3, {}));
  sink.deliver(batch);
  sink.stop(nullptr);
  EXPECT_EQ(slurp(dir / "tenants/5.log"), *event(1).text + *event(2).text);
  EXPECT_EQ(slurp(dir / "tenants/7.log"), *event(2).text);
  EXPECT_EQ(slurp(dir / "tenants/unset.log"), *event(3).text);
  struct stat info {};
  ASSERT_EQ(stat((dir / "tenants/5.log").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0640u);
  EXPECT_EQ(sink.counters().delivered, 3u);
  fs::remove_all(dir);
}

TEST(FileSink, RotatesBySizeKeepingNumFiles) {
  const fs::path dir = scratch();
  FileSinkConfig config;
  config.path_template = (dir / "r.log").string();
  config.max_file_size_mb = 1;
  config.num_files = 3;
  config.flush = FlushMode::kIncremental;
  FileSink sink("r", config);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  const std::string line(1000, 'x');
  for (int round = 0; round < 40; ++round) {
    std::vector<QueuedEvent> batch;
    for (int i = 0; i < 100; ++i) {
      QueuedEvent e;
      e.text = std::make_shared<const std::string>(line + "\n");
      batch.push_back(e);
    }
    sink.deliver(batch);
  }
  sink.stop(nullptr);
  EXPECT_TRUE(fs::exists(dir / "r.log"));
  EXPECT_TRUE(fs::exists(dir / "r.log.1"));
  EXPECT_TRUE(fs::exists(dir / "r.log.2"));
  EXPECT_FALSE(fs::exists(dir / "r.log.3"));
  for (const char* name : {"r.log", "r.log.1", "r.log.2"}) {
    EXPECT_LE(fs::file_size(dir / name), 1024u * 1024u) << name;
    EXPECT_EQ(fs::file_size(dir / name) % (line.size() + 1), 0u) << "event split across files";
  }
  EXPECT_EQ(fs::file_size(dir / "r.log.1"), (1024u * 1024u / 1001u) * 1001u);
  fs::remove_all(dir);
}

// Runs the sink's loop the way a route worker does until `done` or timeout.
template <typename Done>
bool pump_until(Sink& sink, Done done, std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    sink.wait(-1, 50);
  }
  return true;
}

TEST(ExecSink, CrashingChildGetsUnreadEventsAgain) {
  const fs::path dir = scratch();
  const fs::path out = dir / "received";
  const fs::path script = dir / "child.sh";
  // Reads one line at a time (no read-ahead), appends it, exits after 7.
  std::ofstream(script) << "#!/bin/sh\nn=0\nwhile IFS= read -r line; do\n"
                           "  printf '%s\\n' \"$line\" >> '"
                        << out.string()
                        << "'\n"
                           "  n=$((n+1)); [ $n -ge 7 ] && exit 3\ndone\n";
  fs::permissions(script, fs::perms(0755));
  ExecSinkConfig config;
  config.path = script.string();
  config.restart_min_seconds = 0.01;
  config.restart_max_seconds = 0.02;
  ExecSink sink(config);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  constexpr int kEvents = 30;
  std::vector<QueuedEvent> batch;
  for (int n = 0; n < kEvents; ++n) batch.push_back(event(static_cast<std::uint64_t>(n)));
  sink.deliver(batch);
  std::string expected;
  for (int n = 0; n < kEvents; ++n) expected += *event(static_cast<std::uint64_t>(n)).text;
  ASSERT_TRUE(pump_until(sink, [&] {
    return fs::exists(out) && slurp(out).size() >= expected.size();
  })) << slurp(out);
  sink.stop(nullptr);
  EXPECT_EQ(slurp(out), expected);  // every event once, in order, over 5 children
  EXPECT_NE(sink.report().find("restarts = 4"), std::string::npos) << sink.report();
  EXPECT_EQ(sink.counters().lost, 0u);
  fs::remove_all(dir);
}

std::vector<std::uint64_t> sequences(const std::vector<QueuedEvent>& events) {
  std::vector<std::uint64_t> out;
  for (const auto& e : events) out.push_back(e.sequence);
  return out;
}

TEST(ExecSink, StopHandsBackWhatTheProgramDidNotRead) {
  const fs::path dir = scratch();
  const fs::path script = dir / "stuck.sh";
  // Never reads; ends on the SIGTERM stop() sends after the EOF grace time.
  std::ofstream(script) << "#!/bin/sh\nexec sleep 1000\n";
  fs::permissions(script, fs::perms(0755));
  ExecSinkConfig config;
  config.path = script.string();
  ExecSink sink(config);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  // 3000 events of ~40 bytes: more than a 64 KiB pipe holds, so some are
  // in the pipe (unread) and the rest still pending when the sink stops.
  constexpr std::uint64_t kEvents = 3000;
  std::vector<QueuedEvent> batch;
  for (std::uint64_t n = 0; n < kEvents; ++n) batch.push_back(event(n, {n}));
  sink.deliver(batch);
  EXPECT_FALSE(sink.ready() && !sink.has_pending());
  std::vector<QueuedEvent> held;
  sink.stop(&held);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t n = 0; n < kEvents; ++n) expected.push_back(n);
  EXPECT_EQ(sequences(held), expected);
  ASSERT_EQ(held.size(), kEvents);
  EXPECT_EQ(held[7].ids, std::vector<contid::ContainerId>{7});
  EXPECT_EQ(*held[7].text, *event(7).text);
  EXPECT_EQ(sink.counters().delivered, 0u);
  EXPECT_EQ(sink.counters().lost, 0u);
  std::vector<QueuedEvent> again;
  sink.stop(&again);
  EXPECT_TRUE(again.empty());
  fs::remove_all(dir);
}

int connect_to(const std::string& path) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

std::string read_some(int fd, std::size_t want) {
  std::string out;
  char buffer[4096];
  while (out.size() < want) {
    const ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

TEST(SocketSink, ClientsGetEventsAndPeerCredentialsAreChecked) {
  const fs::path dir = scratch();
  SocketSinkConfig config;
  config.path = (dir / "s.sock").string();
  config.mode = 0660;
  config.allow_uid = {getuid()};
  SocketSink sink(config, false);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  struct stat info {};
  ASSERT_EQ(stat(config.path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0660u);
  const int a = connect_to(config.path);
  const int b = connect_to(config.path);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  std::vector<QueuedEvent> batch = {event(1), event(2)};
  sink.deliver(batch);
  const std::string expected = *event(1).text + *event(2).text;
  EXPECT_EQ(read_some(a, expected.size()), expected);
  EXPECT_EQ(read_some(b, expected.size()), expected);
  close(a);
  close(b);
  sink.stop(nullptr);

  SocketSinkConfig strict = config;
  strict.allow_uid = {getuid() + 4242};
  strict.allow_gid = {getgid() + 4242};
  SocketSink closed_sink(strict, false);
  ASSERT_TRUE(closed_sink.start(&error)) << error;
  const int c = connect_to(strict.path);
  ASSERT_GE(c, 0);
  std::vector<QueuedEvent> more = {event(3)};
  closed_sink.deliver(more);  // accepts (and rejects) before delivering
  char byte;
  EXPECT_EQ(read(c, &byte, 1), 0);  // closed without any event
  EXPECT_NE(closed_sink.report().find("clients_rejected = 1"), std::string::npos)
      << closed_sink.report();
  close(c);
  closed_sink.stop(nullptr);
  EXPECT_FALSE(fs::exists(strict.path));
  fs::remove_all(dir);
}

std::size_t open_descriptors() {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator("/proc/self/fd"), fs::directory_iterator()));
}

// A start that fails after bind (chown refused: this thread has no
// CAP_CHOWN, as a non-root plugin) leaves no descriptor, socket or private
// directory behind, however often the route retries.
TEST(SocketSink, FailedStartAfterBindLeaksNothing) {
  const fs::path dir = scratch();
  SocketSinkConfig config;
  config.path = (dir / "s.sock").string();
  config.owner = getuid() + 4242;
  std::vector<std::string> errors;
  std::size_t before = 0;
  std::size_t after = 0;
  std::thread([&] {
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct caps[2]{};
    ASSERT_EQ(syscall(SYS_capget, &header, caps), 0);
    caps[0].effective &= ~(1u << CAP_CHOWN);  // this thread only
    ASSERT_EQ(syscall(SYS_capset, &header, caps), 0);
    SocketSink sink(config, false);
    before = open_descriptors();
    for (int attempt = 0; attempt < 5; ++attempt) {
      std::string error;
      EXPECT_FALSE(sink.start(&error));
      errors.push_back(error);
    }
    after = open_descriptors();
  }).join();
  EXPECT_EQ(after, before);
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0].rfind("cannot chown " + config.path + ": ", 0), 0u) << errors[0];
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 0)
      << "left in " << dir;
  fs::remove_all(dir);
}

TEST(SocketSink, StopHandsBackFromTheSlowestClientsPosition) {
  const fs::path dir = scratch();
  SocketSinkConfig config;
  config.path = (dir / "s.sock").string();
  SocketSink sink(config, false);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  const int reader = connect_to(config.path);
  const int stuck = connect_to(config.path);
  ASSERT_GE(reader, 0);
  ASSERT_GE(stuck, 0);
  // 1 KiB events, far more than the stuck client's socket buffer takes.
  const std::string filler(1000, 'x');
  constexpr std::uint64_t kEvents = 2000;
  std::string all;
  std::vector<QueuedEvent> batch;
  for (std::uint64_t n = 0; n < kEvents; ++n) {
    QueuedEvent e = event(n);
    e.text = std::make_shared<const std::string>(e.text->substr(0, e.text->size() - 1) + " " +
                                                 filler + "\n");
    all += *e.text;
    batch.push_back(std::move(e));
  }
  sink.deliver(batch);
  // The reader takes everything it is sent while the sink keeps pumping.
  std::string got;
  char buffer[65536];
  ASSERT_TRUE(pump_until(sink, [&] {
    const ssize_t n = recv(reader, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) got.append(buffer, static_cast<std::size_t>(n));
    return got.size() >= all.size();
  }));
  EXPECT_EQ(got, all);
  EXPECT_TRUE(sink.has_pending());  // the stuck client lags
  std::vector<QueuedEvent> held;
  sink.stop(&held);
  ASSERT_FALSE(held.empty());
  // The stuck client's buffer holds whole events up to a point; held starts
  // with the first event it did not get whole, and runs to the end.
  std::string stuck_got;
  for (;;) {
    const ssize_t n = read(stuck, buffer, sizeof buffer);
    if (n <= 0) break;
    stuck_got.append(buffer, static_cast<std::size_t>(n));
  }
  const std::uint64_t whole =
      static_cast<std::uint64_t>(std::count(stuck_got.begin(), stuck_got.end(), '\n'));
  EXPECT_EQ(held.front().sequence, whole);
  EXPECT_EQ(held.back().sequence, kEvents - 1);
  EXPECT_EQ(held.size(), kEvents - whole);
  EXPECT_EQ(all.compare(0, stuck_got.size(), stuck_got), 0);
  EXPECT_EQ(sink.counters().delivered, whole);
  EXPECT_EQ(sink.counters().lost, 0u);
  close(reader);
  close(stuck);
  fs::remove_all(dir);
}

TEST(SocketSink, SpillRouteHoldsEventsForTheNextClient) {
  const fs::path dir = scratch();
  SocketSinkConfig config;
  config.path = (dir / "s.sock").string();
  SocketSink sink(config, true);
  std::string error;
  ASSERT_TRUE(sink.start(&error)) << error;
  EXPECT_FALSE(sink.ready());  // no client: the route's queue keeps the events
  const int first = connect_to(config.path);
  ASSERT_GE(first, 0);
  ASSERT_TRUE(pump_until(sink, [&] { return sink.ready(); }));
  const std::string filler(1000, 'x');
  constexpr std::uint64_t kEvents = 2000;
  std::vector<QueuedEvent> batch;
  for (std::uint64_t n = 0; n < kEvents; ++n) {
    QueuedEvent e = event(n);
    e.text = std::make_shared<const std::string>("n=" + std::to_string(n) + " " + filler + "\n");
    batch.push_back(std::move(e));
  }
  sink.deliver(batch);
  // The first client never reads and goes away: what it was not sent waits.
  close(first);
  ASSERT_TRUE(pump_until(sink, [&] { return !sink.ready(); }));
  EXPECT_TRUE(sink.has_pending());
  const std::uint64_t delivered = sink.counters().delivered;
  EXPECT_LT(delivered, kEvents);
  const int second = connect_to(config.path);
  ASSERT_GE(second, 0);
  std::string got;
  char buffer[65536];
  ASSERT_TRUE(pump_until(sink, [&] {
    const ssize_t n = recv(second, buffer, sizeof buffer, MSG_DONTWAIT);
    if (n > 0) got.append(buffer, static_cast<std::size_t>(n));
    return !sink.has_pending() && n <= 0;
  }));
  // Whole events, from the first one the first client did not get whole.
  std::string expected;
  for (std::uint64_t n = delivered; n < kEvents; ++n) {
    expected += "n=" + std::to_string(n) + " " + filler + "\n";
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(sink.counters().lost, 0u);
  EXPECT_EQ(sink.counters().delivered, kEvents);
  std::vector<QueuedEvent> held;
  sink.stop(&held);
  EXPECT_TRUE(held.empty());
  close(second);
  fs::remove_all(dir);
}

TEST(SyslogSink, KeepsEventsWhileNoSyslogSocketExists) {
  const fs::path dir = scratch();
  const std::string log_socket = (dir / "log").string();
  SyslogSink sink("r", SyslogSinkConfig{}, log_socket);
  std::string error;
  ASSERT_TRUE(sink.start(&error));
  std::vector<QueuedEvent> batch{event(1), event(2)};
  sink.deliver(batch);
  EXPECT_FALSE(sink.ready());
  EXPECT_TRUE(sink.has_pending());
  EXPECT_EQ(sink.counters().delivered, 0u);
  EXPECT_EQ(sink.counters().errors, 1u);
  sink.wait(-1, 1);  // still missing: counted once, not per retry
  EXPECT_EQ(sink.counters().errors, 1u);

  const int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof address.sun_path, "%s", log_socket.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  sink.wait(-1, 1);
  EXPECT_TRUE(sink.ready());
  EXPECT_EQ(sink.counters().delivered, 2u);
  EXPECT_EQ(sink.counters().lost, 0u);
  close(fd);
  fs::remove(log_socket);
  std::vector<QueuedEvent> more{event(3)};
  sink.deliver(more);
  std::vector<QueuedEvent> held;
  sink.stop(&held);
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].sequence, 3u);
  fs::remove_all(dir);
}

TEST(FileSink, KeepsEventsWhileItsDirectoryIsAFileAndWritesThemInOrderLater) {
  const fs::path dir = scratch();
  { std::ofstream(dir / "plain") << ""; }
  FileSinkConfig config;
  config.path_template = (dir / "plain" / "x.log").string();
  FileSink sink("r", config);
  std::string error;
  ASSERT_TRUE(sink.start(&error));
  std::vector<QueuedEvent> batch{event(1), event(2)};
  sink.deliver(batch);
  EXPECT_FALSE(sink.ready());
  EXPECT_EQ(sink.counters().delivered, 0u);
  EXPECT_EQ(sink.counters().errors, 1u);
  EXPECT_NE(sink.report().find("kept_events = 2"), std::string::npos) << sink.report();
  fs::remove(dir / "plain");
  for (int i = 0; i < 40 && !sink.ready(); ++i) sink.wait(-1, 50);
  ASSERT_TRUE(sink.ready());
  EXPECT_EQ(sink.counters().delivered, 2u);
  EXPECT_EQ(sink.counters().errors, 1u);
  EXPECT_EQ(slurp(dir / "plain" / "x.log"),
            "type=TEST msg=audit(1.000:1): n=1\ntype=TEST msg=audit(1.000:2): n=2\n");
  sink.stop(nullptr);
  EXPECT_EQ(sink.counters().lost, 0u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace audisp_contid
