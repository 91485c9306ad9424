// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/registration_store.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "contid/log_input.h"

namespace contid {

std::size_t RegistrationStore::OwnedKeyHash::operator()(const OwnedKey& k) const noexcept {
  return EventKeyHash{}(EventKey{k.node, k.seconds, k.milliseconds, k.serial});
}

RegistrationStore::OwnedKey RegistrationStore::own(const EventKey& key) {
  return OwnedKey{std::string(key.node), key.seconds, key.milliseconds, key.serial};
}

bool RegistrationStore::load(const std::string& file, Diagnostics* diagnostics) {
  struct stat st {};
  if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  for (const std::string& path : rotated_log_set(file)) {
    files_.push_back(path);
    read_file_lines(path, diagnostics, [&](std::string_view line, const SourceLocation& where) {
      Record record;
      std::string error;
      if (line.empty()) return;
      if (!parse_record(line, numbers_, &record, &error)) {
        if (diagnostics)
          diagnostics->report(where, "malformed-record", error + " (registrations file)");
        return;
      }
      const ContainerRecordKind kind = record.container_kind;
      if (kind != ContainerRecordKind::kContainerOp && kind != ContainerRecordKind::kSetCapContid)
        return;
      auto& lines = by_key_[own(record.key)];
      for (const Line& kept : lines)
        if (kept.text == line) return;  // the same record in two rotated files
      lines.push_back(Line{std::string(line), where});
      ++records_;
    });
  }
  return true;
}

std::vector<RegistrationStore::Line> RegistrationStore::take(const EventKey& key) {
  auto it = by_key_.find(own(key));
  if (it == by_key_.end()) return {};
  std::vector<Line> lines = std::move(it->second);
  by_key_.erase(it);
  records_ -= lines.size();
  return lines;
}

std::vector<std::string> registration_files_beside(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    std::filesystem::path dir = std::filesystem::path(input).parent_path();
    std::string candidate =
        (dir.empty() ? std::filesystem::path(".") : dir) / kRegistrationsFileName;
    struct stat st {};
    if (stat(candidate.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (std::find(out.begin(), out.end(), candidate) == out.end()) out.push_back(candidate);
  }
  return out;
}

std::string describe_lost_registrations(std::uint64_t lost, std::uint64_t restored,
                                        const RegistrationStore& store) {
  if (lost <= restored) return "";
  std::string text = std::to_string(lost) + " record" + (lost == 1 ? "" : "s") +
                     " logged by auditd as 'msg=lost' (stock auditd 3.0.9 keeps no text of "
                     "CONTAINER_OP and SET_CAPCONTID)";
  if (store.files().empty()) {
    text += "; none restored: no ";
    text += kRegistrationsFileName;
    text +=
        " beside the log (audisp-contid's registrations route writes it; --registrations "
        "names another)";
  } else {
    text += "; " + std::to_string(restored) + " restored from " + store.files().back() +
            ", the others are not in it";
  }
  return text;
}

}  // namespace contid
