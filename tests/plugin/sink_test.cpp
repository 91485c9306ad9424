// Sinks driven directly: file templates and rotation, exec restart with
// redelivery of unread events, socket peer checks.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "exec_sink.h"
#include "file_sink.h"
#include "socket_sink.h"

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
  const fs::path dir = fs::temp_directory_path() /
                       ("contid-sink-" + std::to_string(::getpid()) + "-" +
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
  sink.stop();
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
  sink.stop();
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
                           "  printf '%s\\n' \"$line\" >> '" << out.string() << "'\n"
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
  ASSERT_TRUE(pump_until(sink, [&] { return fs::exists(out) && slurp(out).size() >= expected.size(); }))
      << slurp(out);
  sink.stop();
  EXPECT_EQ(slurp(out), expected);  // every event once, in order, over 5 children
  EXPECT_NE(sink.report().find("restarts = 4"), std::string::npos) << sink.report();
  EXPECT_EQ(sink.counters().lost, 0u);
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
  SocketSink sink(config);
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
  sink.stop();

  SocketSinkConfig strict = config;
  strict.allow_uid = {getuid() + 4242};
  strict.allow_gid = {getgid() + 4242};
  SocketSink closed_sink(strict);
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
  closed_sink.stop();
  EXPECT_FALSE(fs::exists(strict.path));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace audisp_contid
