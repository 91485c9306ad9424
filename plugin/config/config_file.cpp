// SPDX-License-Identifier: GPL-2.0-or-later
#include "config/config_file.h"

#include <charconv>
#include <set>
#include <sstream>

namespace audisp_contid {

std::string ConfigError::to_string() const {
  std::string out = file;
  if (line != 0) {
    out += ':';
    out += std::to_string(line);  // not ":" + string&&: GCC 12 bug 105329 (-Wrestrict)
  }
  out += ": ";
  if (!key.empty()) out += "key '" + key + "': ";
  out += message;
  return out;
}

void ConfigErrors::add(std::string file, std::uint64_t line, std::string key, std::string message) {
  errors_.push_back({std::move(file), line, std::move(key), std::move(message)});
}

std::string ConfigErrors::report() const {
  std::string out;
  std::set<std::string> files;
  for (const auto& error : errors_) {
    out += error.to_string() + "\n";
    files.insert(error.file);
  }
  out += std::to_string(errors_.size()) + (errors_.size() == 1 ? " error" : " errors") + " in " +
         std::to_string(files.size()) + (files.size() == 1 ? " file" : " files") + "\n";
  return out;
}

bool read_config_file(const std::string& path, ConfigFile* out, ConfigErrors* errors) {
  contid::KeyValueFile file;
  std::string error;
  if (!contid::read_key_value_file(path, &file, &error)) {
    errors->add(path, 0, "", error);
    return false;
  }
  for (auto& problem : file.problems) {
    errors->add(path, problem.line, std::move(problem.key), std::move(problem.message));
  }
  out->path = path;
  out->entries = std::move(file.entries);
  return true;
}

bool parse_yes_no(const std::string& file, const ConfigEntry& entry, bool* out,
                  ConfigErrors* errors) {
  if (entry.value == "yes") {
    *out = true;
    return true;
  }
  if (entry.value == "no") {
    *out = false;
    return true;
  }
  errors->add(file, entry.line, entry.key, "expected yes or no, got '" + entry.value + "'");
  return false;
}

bool parse_unsigned(const std::string& file, const ConfigEntry& entry, std::uint64_t min,
                    std::uint64_t max, std::uint64_t* out, ConfigErrors* errors) {
  std::uint64_t value = 0;
  const char* begin = entry.value.data();
  const char* end = begin + entry.value.size();
  const auto result = std::from_chars(begin, end, value);
  if (entry.value.empty() || result.ec != std::errc() || result.ptr != end || value < min ||
      value > max) {
    errors->add(file, entry.line, entry.key,
                "expected a number from " + std::to_string(min) + " to " + std::to_string(max) +
                    ", got '" + entry.value + "'");
    return false;
  }
  *out = value;
  return true;
}

bool parse_seconds(const std::string& file, const ConfigEntry& entry, double min, double max,
                   double* out, ConfigErrors* errors) {
  double value = 0;
  const char* begin = entry.value.data();
  const char* end = begin + entry.value.size();
  const auto result = std::from_chars(begin, end, value);
  if (entry.value.empty() || result.ec != std::errc() || result.ptr != end || value < min ||
      value > max) {
    std::ostringstream message;
    message << "expected seconds from " << min << " to " << max << ", got '" << entry.value << "'";
    errors->add(file, entry.line, entry.key, message.str());
    return false;
  }
  *out = value;
  return true;
}

bool parse_file_mode(const std::string& file, const ConfigEntry& entry, unsigned* out,
                     ConfigErrors* errors) {
  unsigned value = 0;
  const char* begin = entry.value.data();
  const char* end = begin + entry.value.size();
  const auto result = std::from_chars(begin, end, value, 8);
  if (entry.value.empty() || result.ec != std::errc() || result.ptr != end || value > 07777) {
    errors->add(file, entry.line, entry.key,
                "expected an octal mode such as 0640, got '" + entry.value + "'");
    return false;
  }
  *out = value;
  return true;
}

std::vector<std::string> split_list(const std::string& value) {
  std::vector<std::string> items;
  std::string current;
  for (char c : value) {
    if (c == ',' || c == ' ' || c == '\t') {
      if (!current.empty()) items.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) items.push_back(std::move(current));
  return items;
}

}  // namespace audisp_contid
