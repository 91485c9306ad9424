// SPDX-License-Identifier: GPL-2.0-or-later
// make_bench_log OUT [MEGABYTES] [TARGET_ID]: writes an ENRICHED audit log of
// about MEGABYTES (default 100) for the search benchmark. Deterministic.
//
// Records have the shapes Debian auditd 3.0.9 writes (ENRICHED suffix after
// 0x1d, unknown types as UNKNOWN[n]) and the container layout of design.md:
// CONTAINER_ID (1340) record=1 before a SYSCALL ending in record=1,
// registrations as CONTAINER_OP (1020) + the writer's SYSCALL.
//
// Containers: 400 top-level ids (1000..1399), a quarter of them with a nested
// child (id + 10000, chain "child,^parent"); 70% of events run in one, 30% on
// the host. Keys: "bench_k0".."bench_k49" by event number, except that every
// event whose chain contains TARGET_ID (default 1007) has key
// "bench_target", so `ausearch -k bench_target` and `ausearch-ext --contid
// TARGET_ID` select the same events. Prints the number of events written
// and how many carry TARGET_ID.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// Deterministic pseudo-random numbers (64-bit LCG, high bits).
class Lcg {
 public:
  std::uint32_t next() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::uint32_t>(state_ >> 33);
  }

 private:
  std::uint64_t state_ = 42;
};

constexpr char kSeparator = '\x1d';
constexpr const char* kCredentials =
    "uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=3";
constexpr const char* kEnrichedIds =
    "AUID=\"root\" UID=\"root\" GID=\"root\" EUID=\"root\" SUID=\"root\" FSUID=\"root\" "
    "EGID=\"root\" SGID=\"root\" FSGID=\"root\"";

struct Writer {
  std::FILE* out;
  std::uint64_t bytes = 0;

  void line(const std::string& text) {
    std::fwrite(text.data(), 1, text.size(), out);
    std::fputc('\n', out);
    bytes += text.size() + 1;
  }
};

std::string header(const char* type, std::uint64_t ms, std::uint64_t serial) {
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "type=%s msg=audit(%llu.%03llu:%llu): ", type,
                static_cast<unsigned long long>(ms / 1000),
                static_cast<unsigned long long>(ms % 1000),
                static_cast<unsigned long long>(serial));
  return buffer;
}

std::string chain_text(std::uint64_t inner, std::uint64_t parent) {
  return parent ? std::to_string(inner) + ",^" + std::to_string(parent) : std::to_string(inner);
}

// One execve event of a task in container (inner, parent); inner 0 = host.
void exec_event(Writer& w, std::uint64_t ms, std::uint64_t serial, std::uint32_t pid,
                std::uint64_t inner, std::uint64_t parent, const std::string& key) {
  static const char* kPrograms[] = {"/usr/bin/true", "/usr/bin/ls", "/usr/bin/cat", "/usr/bin/sh"};
  const std::string program = kPrograms[pid % 4];
  const std::string comm = program.substr(program.rfind('/') + 1);
  if (inner != 0)
    w.line(header("UNKNOWN[1340]", ms, serial) + "record=1 contid=" + chain_text(inner, parent));
  w.line(header("SYSCALL", ms, serial) +
         "arch=c000003e syscall=59 success=yes exit=0 a0=55c86cc8e0d0 " +
         "a1=55c86cc8d2e0 a2=55c86cc8e490 a3=8 items=2 ppid=" + std::to_string(pid - 1) +
         " pid=" + std::to_string(pid) + " auid=0 " + kCredentials + " comm=\"" + comm +
         "\" exe=\"" + program + "\" key=\"" + key + "\"" + (inner != 0 ? " record=1" : "") +
         kSeparator + "ARCH=x86_64 SYSCALL=execve " + kEnrichedIds);
  w.line(header("EXECVE", ms, serial) + "argc=2 a0=\"" + comm + "\" a1=\"/srv/data/file" +
         std::to_string(pid % 97) + "\"");
  w.line(header("CWD", ms, serial) + "cwd=\"/srv/app\"");
  w.line(
      header("PATH", ms, serial) + "item=0 name=\"" + program +
      "\" inode=" + std::to_string(247000 + pid % 50) +
      " dev=fe:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 "
      "cap_fver=0 cap_frootid=0" +
      kSeparator + "OUID=\"root\" OGID=\"root\"");
  w.line(
      header("PATH", ms, serial) +
      "item=1 name=\"/lib64/ld-linux-x86-64.so.2\" inode=332383 dev=fe:00 "
      "mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 "
      "cap_frootid=0" +
      std::string(1, kSeparator) + "OUID=\"root\" OGID=\"root\"");
  w.line(header("PROCTITLE", ms, serial) + "proctitle=" + comm);
}

// A registration: the orchestrator writes `inner` to /proc/PID/audit_containerid.
void registration_event(Writer& w, std::uint64_t ms, std::uint64_t serial, std::uint32_t pid,
                        std::uint64_t inner, std::uint64_t parent) {
  w.line(header("UNKNOWN[1020]", ms, serial) + "op=set opid=" + std::to_string(pid + 1) +
         " contid=" + std::to_string(inner) +
         " old-contid=" + (parent ? std::to_string(parent) : "-1"));
  if (parent != 0)
    w.line(header("UNKNOWN[1340]", ms, serial) + "record=1 contid=" + std::to_string(parent));
  w.line(header("SYSCALL", ms, serial) +
         "arch=c000003e syscall=1 success=yes exit=5 a0=1 a1=55c86cc8e0d0 " +
         "a2=5 a3=1000 items=0 ppid=1 pid=" + std::to_string(pid) + " auid=0 " + kCredentials +
         " comm=\"orchestrator\" exe=\"/usr/sbin/orchestrator\" key=(null)" +
         (parent ? " record=1" : "") + kSeparator + "ARCH=x86_64 SYSCALL=write " + kEnrichedIds);
  w.line(header("PROCTITLE", ms, serial) + "proctitle=orchestrator");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: make_bench_log OUT [MEGABYTES] [TARGET_ID]\n");
    return 2;
  }
  const std::uint64_t megabytes = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 100;
  const std::uint64_t target = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1007;
  if (megabytes == 0 || target == 0) {
    std::fprintf(stderr, "make_bench_log: MEGABYTES and TARGET_ID must be positive integers\n");
    return 2;
  }
  std::FILE* out = std::fopen(argv[1], "w");
  if (out == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

  Writer w{out};
  Lcg random;
  std::uint64_t ms = 1795400000000ULL, serial = 100000, events = 0, target_events = 0;
  const std::uint64_t limit = megabytes * 1024 * 1024;
  while (w.bytes < limit) {
    const std::uint32_t pid = 20000 + random.next() % 30000;
    std::uint64_t inner = 0, parent = 0;
    if (random.next() % 10 < 7) {
      inner = 1000 + random.next() % 400;
      if (inner % 4 == 0 && random.next() % 2 == 0) {
        parent = inner;
        inner += 10000;
      }
    }
    const bool carries_target = inner == target || parent == target;
    if (events % 50 == 0 && inner != 0) {
      registration_event(w, ms, serial, pid, inner, parent);
    } else {
      const std::string key =
          carries_target ? std::string("bench_target") : "bench_k" + std::to_string(events % 50);
      exec_event(w, ms, serial, pid, inner, parent, key);
    }
    target_events += carries_target ? 1 : 0;
    ++events;
    ++serial;
    ms += 1 + random.next() % 3;
  }
  if (std::fclose(out) != 0) {
    std::perror(argv[1]);
    return 1;
  }
  std::printf(
      "events=%llu target_events=%llu bytes=%llu\n", static_cast<unsigned long long>(events),
      static_cast<unsigned long long>(target_events), static_cast<unsigned long long>(w.bytes));
  return 0;
}
