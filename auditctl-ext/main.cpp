// SPDX-License-Identifier: GPL-2.0-or-later
// auditctl-ext: auditctl with the container id rule field.
//
//   auditctl-ext -R FILE [-c]   load a rules file (auditctl -R syntax)
//   auditctl-ext -l             list the rules as auditctl -l, contid shown
//   auditctl-ext RULE...        one rule, e.g. -a always,exit -S openat -F contid=5 -k k
//   auditctl-ext ARGS...        anything else: auditctl ARGS
//   auditctl-ext --libaudit RULE...  build RULE here even without contid
//                               (to compare this builder with auditctl)
//
// Lines and commands without "-F contid" are run by the real auditctl, so they
// behave exactly as auditctl makes them; those with it are built with
// libaudit (contid_rule.h) and sent over the audit netlink socket.
#include <libaudit.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "contid/kernel_support.h"
#include "contid/version.h"
#include "contid_rule.h"

extern char** environ;

namespace auditctl_ext {
namespace {

constexpr const char* kProgram = "auditctl-ext";

std::string auditctl_path() {
  if (const char* env = std::getenv("AUDITCTL_EXT_AUDITCTL")) return env;  // tests
  return access("/sbin/auditctl", X_OK) == 0 ? "/sbin/auditctl" : "auditctl";
}

// Runs auditctl WORDS; its output goes where ours goes, or into *captured.
int run_auditctl(const std::vector<std::string>& words, std::string* captured = nullptr) {
  const std::string path = auditctl_path();
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const std::string& w : words) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  int pipe_fds[2] = {-1, -1};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (captured) {
    if (pipe(pipe_fds) != 0) return 1;
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  }
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (captured) close(pipe_fds[1]);
  if (rc != 0) {
    std::fprintf(stderr, "%s: cannot run %s: %s\n", kProgram, path.c_str(), std::strerror(rc));
    if (captured) close(pipe_fds[0]);
    return 1;
  }
  if (captured) {
    char buf[65536];
    ssize_t n;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) captured->append(buf, n);
    close(pipe_fds[0]);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

// Why the kernel refused a contid rule, in words.
std::string refusal(int error) {
  std::string text = error == EEXIST ? "Rule exists" : std::strerror(error);
  if (error == EINVAL) {
    const contid::KernelSupport kernel = contid::probe_kernel_support();
    if (!kernel.supported()) text += ": " + contid::describe_missing_support(kernel);
  }
  return text;
}

// Builds and sends one rule with contid fields. 0 ok, 1 error (printed
// with `where` in front).
int send_contid_rule(const std::vector<std::string>& words, const std::string& where) {
  BuiltRule rule;
  std::string error;
  if (!build_contid_rule(words, &rule, &error)) {
    std::fprintf(stderr, "%s: %s%s\n", kProgram, where.c_str(), error.c_str());
    return 1;
  }
  const int fd = audit_open();
  if (fd < 0) {
    std::fprintf(stderr, "%s: %scannot open the audit netlink socket: %s\n", kProgram,
                 where.c_str(), std::strerror(errno));
    return 1;
  }
  const int rc = rule.add ? audit_add_rule_data(fd, rule.data.get(), rule.flags, rule.action)
                          : audit_delete_rule_data(fd, rule.data.get(), rule.flags, rule.action);
  const int saved = rc < 0 ? (rc < -1 ? -rc : errno) : 0;
  audit_close(fd);
  if (rc < 0) {
    std::fprintf(stderr, "%s: %sError sending %s rule data request (%s)\n", kProgram, where.c_str(),
                 rule.add ? "add" : "delete", refusal(saved).c_str());
    return 1;
  }
  return 0;
}

int run_words(const std::vector<std::string>& words, const std::string& where) {
  if (has_contid_field(words)) return send_contid_rule(words, where);
  const int rc = run_auditctl(words);
  if (rc != 0 && !where.empty())
    std::fprintf(stderr, "%s: %sauditctl refused this line (exit %d)\n", kProgram, where.c_str(),
                 rc);
  return rc;
}

// auditctl -R FILE, a line at a time; stops at the first error unless
// `keep_going` (auditctl's -c).
int load_file(const std::string& path, bool keep_going) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "%s: -R %s: %s\n", kProgram, path.c_str(), std::strerror(errno));
    return 1;
  }
  std::string line;
  unsigned number = 0, loaded = 0, failed = 0;
  while (std::getline(in, line)) {
    ++number;
    std::vector<std::string> words = split_rule_words(line);
    if (words.empty() || words[0].starts_with("#")) continue;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (run_words(words, where) == 0) {
      ++loaded;
    } else {
      ++failed;
      if (!keep_going) break;
    }
  }
  if (failed)
    std::fprintf(stderr, "%s: %s: %u line%s loaded, %u failed\n", kProgram, path.c_str(), loaded,
                 loaded == 1 ? "" : "s", failed);
  return failed ? 1 : 0;
}

// The kernel's rules in list order (what auditctl -l prints, one line each).
bool fetch_rules(std::vector<std::vector<std::string>>* contids) {
  const int fd = audit_open();
  if (fd < 0) return false;
  bool ok = audit_request_rules_list_data(fd) > 0;
  while (ok) {
    audit_reply reply{};
    if (audit_get_reply(fd, &reply, GET_REPLY_BLOCKING, 0) <= 0) {
      ok = false;
      break;
    }
    if (reply.type == NLMSG_DONE) break;
    if (reply.type == NLMSG_ERROR && reply.error && reply.error->error) {
      ok = false;
      break;
    }
    if (reply.type == AUDIT_LIST_RULES && reply.ruledata)
      contids->push_back(contid_words(*reply.ruledata));
  }
  audit_close(fd);
  return ok;
}

// auditctl -l, with each " f27=8" of a contid field replaced by its value.
int list_rules() {
  std::string listing;
  const int rc = run_auditctl({"-l"}, &listing);
  if (rc != 0) {
    std::fputs(listing.c_str(), stdout);
    return rc;
  }
  std::vector<std::vector<std::string>> contids;
  if (!fetch_rules(&contids)) {
    std::fprintf(stderr, "%s: cannot read the rule list: %s\n", kProgram, std::strerror(errno));
    return 1;
  }
  std::size_t start = 0, index = 0;
  std::string out;
  while (start < listing.size()) {
    std::size_t end = listing.find('\n', start);
    if (end == std::string::npos) end = listing.size();
    std::string line = listing.substr(start, end - start);
    if (line != "No rules" && index < contids.size()) {
      for (const std::string& word : contids[index]) {
        const bool not_equal = word.find("!=") != std::string::npos;
        const std::string placeholder = not_equal ? " f27!=8" : " f27=8";
        const std::size_t at = line.find(placeholder);
        if (at != std::string::npos) line.replace(at, placeholder.size(), " " + word);
      }
      ++index;
    }
    out += line + "\n";
    start = end + 1;
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

int usage(FILE* to, int status) {
  std::fprintf(to,
               "usage: %s -R FILE [-c] | -l | RULE... | AUDITCTL-ARGS...\n"
               "  auditctl with the container id field: -F contid=ID, -F contid!=ID\n"
               "  (ID a decimal u64, or -1 for the unset id). Lines without it are run\n"
               "  by auditctl itself. See auditctl-ext(8).\n",
               kProgram);
  return status;
}

}  // namespace
}  // namespace auditctl_ext

int main(int argc, char** argv) {
  using namespace auditctl_ext;
  std::vector<std::string> words(argv + 1, argv + argc);
  if (words.empty()) return usage(stderr, 1);
  if (words.size() == 1 && (words[0] == "--version" || words[0] == "-v")) {
    std::puts(CONTID_VERSION_LINE("auditctl-ext"));
    return 0;
  }
  if (words.size() == 1 && (words[0] == "-h" || words[0] == "--help")) return usage(stdout, 0);
  if (words.size() == 1 && words[0] == "-l") return list_rules();
  if (words[0] == "--libaudit") return send_contid_rule({words.begin() + 1, words.end()}, "");
  if (words[0] == "-R" || (words.size() >= 2 && words[1] == "-R")) {
    bool keep_going = false;
    std::string file;
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (words[i] == "-c")
        keep_going = true;
      else if (words[i] == "-R" && i + 1 < words.size())
        file = words[++i];
      else
        return usage(stderr, 1);
    }
    if (file.empty()) return usage(stderr, 1);
    return load_file(file, keep_going);
  }
  return run_words(words, "");
}
