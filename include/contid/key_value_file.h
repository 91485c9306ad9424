// SPDX-License-Identifier: GPL-2.0-or-later
// Reading audit-style configuration files (auditd.conf, audisp-contid.conf,
// route files): one `key = value` per line. Blank lines and lines whose
// first non-blank character is '#' are ignored; blanks around key and value
// are dropped. A line without '=' or without a key is a problem, and so is
// a key given again (the first occurrence wins, as in auditd). Problems are
// collected with their line, never stopping the read.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace contid {

struct KeyValueEntry {
  std::string key;
  std::string value;
  std::uint64_t line = 0;  // 1-based
};

struct KeyValueProblem {
  std::uint64_t line = 0;
  std::string key;  // empty when the line has none
  std::string message;
};

struct KeyValueFile {
  std::string path;
  std::vector<KeyValueEntry> entries;  // in file order, each key once
  std::vector<KeyValueProblem> problems;

  // The entry for `key`, or null.
  const KeyValueEntry* find(const std::string& key) const;
};

// Reads and splits `path`. False with *error ("cannot read: REASON") if it
// cannot be opened; syntax problems go to out->problems and still return true.
bool read_key_value_file(const std::string& path, KeyValueFile* out, std::string* error);

}  // namespace contid
