// SPDX-License-Identifier: GPL-2.0-or-later
#include "state_report.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "file_util.h"
#include "unique_fd.h"

namespace audisp_contid {

std::string container_state_lines(const contid::ContainerLedger& ledger) {
  std::string out;
  for (const auto& [id, e] : ledger.containers()) {
    out += "container = " + std::to_string(id);
    out += " owner_pid=" + (e.owner_pid ? std::to_string(*e.owner_pid) : std::string("?"));
    out += " parent=" +
           (e.parents.empty() ? std::string("-") : contid::format_container_id(e.parents.front()));
    out += " first_seen=" + std::to_string(e.first_seen.seconds);
    out += " last_seen=" + std::to_string(e.last_seen.seconds);
    out += " events=" + std::to_string(e.events);
    out += " life_started=" + std::to_string(e.life_started.seconds);
    out += " life_events=" + std::to_string(e.life_events);
    out += " registrations=" + std::to_string(e.registrations);
    out += " failed_registrations=" + std::to_string(e.failed_registrations);
    out += " drops=" + std::to_string(e.drops) + "\n";
  }
  return out;
}

std::string format_state_report(const StateReportParts& parts) {
  std::string out = "audisp-contid state\n";
  out += parts.totals;
  if (!parts.diagnostics.empty()) out += "\n[input problems]\n" + parts.diagnostics;
  out += "\n[routes]\n" + parts.routes;
  out += "\n[containers]\n" + parts.containers;
  return out;
}

bool write_state_file(const std::string& path, const std::string& text, std::string* error) {
  make_parent_directory(path);  // a failure shows in open(2)
  const std::string temporary = path + ".tmp";
  UniqueFd fd(open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640));
  if (!fd) {
    *error = "cannot write state file " + temporary + ": " + std::strerror(errno);
    return false;
  }
  if (const int failed = write_all(fd.get(), text.data(), text.size())) {
    *error = "cannot write state file " + temporary + ": " + std::strerror(failed);
    return false;
  }
  fd.reset();
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    *error = "cannot rename " + temporary + " to " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace audisp_contid
