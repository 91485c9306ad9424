// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/key_value_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>

namespace contid {
namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r");
  return text.substr(first, last - first + 1);
}

}  // namespace

const KeyValueEntry* KeyValueFile::find(const std::string& key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

bool read_key_value_file(const std::string& path, KeyValueFile* out, std::string* error) {
  std::ifstream in(path);
  if (!in) {
    *error = std::string("cannot read: ") + std::strerror(errno);
    return false;
  }
  out->path = path;
  out->entries.clear();
  out->problems.clear();
  std::set<std::string> seen;
  std::string raw;
  std::uint64_t line_number = 0;
  while (std::getline(in, raw)) {
    ++line_number;
    const std::string line = trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const auto equals = line.find('=');
    if (equals == std::string::npos) {
      out->problems.push_back({line_number, "", "expected 'key = value', got '" + line + "'"});
      continue;
    }
    KeyValueEntry entry{trim(line.substr(0, equals)), trim(line.substr(equals + 1)), line_number};
    if (entry.key.empty()) {
      out->problems.push_back({line_number, "", "missing key before '='"});
      continue;
    }
    if (!seen.insert(entry.key).second) {
      out->problems.push_back({line_number, entry.key, "given more than once"});
      continue;
    }
    out->entries.push_back(std::move(entry));
  }
  return true;
}

}  // namespace contid
