// SPDX-License-Identifier: GPL-2.0-or-later
// Registrations kept beside an auditd log, merged back into its events.
//
// Stock auditd 3.0.9 logs CONTAINER_OP (1020) and SET_CAPCONTID (1022) as
// "type=UNKNOWN[1020] msg=lost": the text, and even the event's time and
// serial, are gone from its log. Its plugins still get the full records, and
// audisp-contid's shipped "registrations" route writes those events to a
// file beside the log (contid-registrations.log). A RegistrationStore loads
// the container-op and set-capcontid records of such files by event key;
// the EventReader then puts each back in front of the first record of its
// event in the log, so a search, report or JSON output sees the event as
// the kernel sent it. Records of other types in those files are ignored.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "contid/container_records.h"
#include "contid/diagnostics.h"
#include "contid/record.h"

namespace contid {

// The file name audisp-contid's registrations route writes, beside the log.
inline constexpr const char* kRegistrationsFileName = "contid-registrations.log";

class RegistrationStore {
 public:
  // One restorable record: its line as the plugin received it, and where it
  // was read (for diagnostics).
  struct Line {
    std::string text;
    SourceLocation where;
  };

  explicit RegistrationStore(ContainerRecordNumbers numbers) : numbers_(numbers) {}

  // Loads FILE and its rotated set (FILE.1, FILE.2, ...). A file that does not
  // exist is not an error (false, nothing reported); malformed lines are
  // reported to *diagnostics as the reader would. True when FILE was read.
  bool load(const std::string& file, Diagnostics* diagnostics);

  bool empty() const { return by_key_.empty(); }
  std::size_t size() const { return records_; }
  const std::vector<std::string>& files() const { return files_; }

  // Removes and returns the kept records of `key`'s event (none: empty).
  std::vector<Line> take(const EventKey& key);

  // Calls visit(record) for every kept record (parsed; valid during the call).
  template <typename Visit>
  void for_each(Visit visit) const {
    for (const auto& [key, lines] : by_key_)
      for (const Line& line : lines) {
        Record record;
        std::string error;
        if (parse_record(line.text, numbers_, &record, &error)) visit(record);
      }
  }

 private:
  struct OwnedKey {
    std::string node;
    std::int64_t seconds = 0;
    std::uint32_t milliseconds = 0;
    std::uint64_t serial = 0;
    bool operator==(const OwnedKey&) const = default;
  };
  struct OwnedKeyHash {
    std::size_t operator()(const OwnedKey& k) const noexcept;
  };
  static OwnedKey own(const EventKey& key);

  ContainerRecordNumbers numbers_;
  std::unordered_map<OwnedKey, std::vector<Line>, OwnedKeyHash> by_key_;
  std::vector<std::string> files_;
  std::size_t records_ = 0;
};

// The registrations files beside `inputs` (DIR/contid-registrations.log for
// each input's directory, each once, those that exist), for tools that find
// them without being told.
std::vector<std::string> registration_files_beside(const std::vector<std::string>& inputs);

// One line (no newline) for `lost` msg=lost lines of which `restored` were put
// back from `store`'s files; empty when every one was restored.
std::string describe_lost_registrations(std::uint64_t lost, std::uint64_t restored,
                                        const RegistrationStore& store);

}  // namespace contid
