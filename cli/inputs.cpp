// SPDX-License-Identifier: GPL-2.0-or-later
// Input resolution (see inputs.h).
#include "inputs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "contid/log_input.h"

namespace contid_cli {
namespace {

// Why `path` cannot be read: errno's text, or `otherwise` when it can.
std::string why_unreadable(const std::string& path, const char* otherwise) {
  return access(path.c_str(), R_OK) == 0 ? otherwise : std::strerror(errno);
}

}  // namespace

bool stdin_is_pipe() {
  struct stat st {};
  return fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode);
}

bool resolve_inputs(const SharedOptions& options, const std::string& auditd_conf, Inputs* inputs,
                    std::string* error) {
  *inputs = Inputs{};
  for (const std::string& path : options.inputs) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) {
      *error = "-if: cannot read '" + path + "': " + std::strerror(errno);
      return false;
    }
    if (!S_ISDIR(st.st_mode)) {
      inputs->files.push_back(path);
      continue;
    }
    const std::vector<std::string> set = contid::rotated_log_set(path);
    if (set.empty()) {
      *error = "-if: no audit.log files in directory '" + path + "'";
      return false;
    }
    inputs->files.insert(inputs->files.end(), set.begin(), set.end());
  }
  if (!options.inputs.empty()) return true;
  if (!options.input_logs && stdin_is_pipe()) {
    inputs->from_stdin = true;
    return true;
  }
  const std::string log_file = contid::configured_log_file(auditd_conf);
  inputs->files = contid::rotated_log_set(log_file);
  if (inputs->files.empty()) {
    *error = "cannot read '" + log_file + "': " + why_unreadable(log_file, "no log files");
    return false;
  }
  return true;
}

bool load_registrations(const SharedOptions& options, const std::vector<std::string>& files,
                        contid::RegistrationStore* store, contid::Diagnostics* diagnostics,
                        std::string* error) {
  for (const std::string& file : options.registrations) {
    if (!store->load(file, diagnostics)) {
      *error = "--registrations: cannot read '" + file +
               "': " + why_unreadable(file, "not a regular file");
      return false;
    }
  }
  if (options.registrations.empty())
    for (const std::string& file : contid::registration_files_beside(files))
      store->load(file, diagnostics);
  return true;
}

}  // namespace contid_cli
