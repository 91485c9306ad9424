// SPDX-License-Identifier: GPL-2.0-or-later
// The plugin's configuration files, read by contid/key_value_file.h (one
// `key = value` per line, '#' comments). Every problem is collected as a
// ConfigError naming file, line and key, so --check can list them all and
// a reload can refuse a bad config.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "contid/key_value_file.h"

namespace audisp_contid {

struct ConfigError {
  std::string file;
  std::uint64_t line = 0;  // 0 when the problem is about the whole file
  std::string key;         // empty when no key is involved
  std::string message;

  // "FILE:LINE: key 'KEY': MESSAGE" (parts omitted when empty/zero).
  std::string to_string() const;
};

class ConfigErrors {
 public:
  void add(std::string file, std::uint64_t line, std::string key, std::string message);
  bool empty() const { return errors_.empty(); }
  std::size_t count() const { return errors_.size(); }
  const std::vector<ConfigError>& all() const { return errors_; }
  // Every error on its own line, then "N error(s) in M file(s)".
  std::string report() const;

 private:
  std::vector<ConfigError> errors_;
};

using ConfigEntry = contid::KeyValueEntry;

// The entries of one file, in order. Duplicate keys and lines without '='
// are reported; the first occurrence of a key wins.
struct ConfigFile {
  std::string path;
  std::vector<ConfigEntry> entries;
};

// Reads and splits `path`. False (with an error naming the file) if it
// cannot be read; syntax problems are added to *errors but still return true.
bool read_config_file(const std::string& path, ConfigFile* out, ConfigErrors* errors);

// Value helpers: each returns false and adds an error naming file/line/key.
bool parse_yes_no(const std::string& file, const ConfigEntry& entry, bool* out,
                  ConfigErrors* errors);
bool parse_unsigned(const std::string& file, const ConfigEntry& entry, std::uint64_t min,
                    std::uint64_t max, std::uint64_t* out, ConfigErrors* errors);
bool parse_seconds(const std::string& file, const ConfigEntry& entry, double min, double max,
                   double* out, ConfigErrors* errors);
// Octal file mode such as 0640 (at most 07777).
bool parse_file_mode(const std::string& file, const ConfigEntry& entry, unsigned* out,
                     ConfigErrors* errors);

// Splits "a, b ,c" on commas (or blanks), dropping empty items.
std::vector<std::string> split_list(const std::string& value);

}  // namespace audisp_contid
