// SPDX-License-Identifier: GPL-2.0-or-later
#include "contid/key_value_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "contid/log_input.h"

namespace contid {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("contid-kv-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(KeyValueFile, EntriesProblemsAndFirstOccurrenceWins) {
  const std::string path = write_file("a.conf",
                                      "# comment\n"
                                      "\n"
                                      "  log_file =  /a.log \n"  // 3
                                      "no equals\n"              // 4
                                      "= value\n"                // 5
                                      "log_file = /b.log\n"      // 6
                                      "flush=none\n");           // 7
  KeyValueFile file;
  std::string error;
  ASSERT_TRUE(read_key_value_file(path, &file, &error)) << error;
  ASSERT_EQ(file.entries.size(), 2u);
  EXPECT_EQ(file.entries[0].key, "log_file");
  EXPECT_EQ(file.entries[0].value, "/a.log");
  EXPECT_EQ(file.entries[0].line, 3u);
  ASSERT_NE(file.find("flush"), nullptr);
  EXPECT_EQ(file.find("flush")->value, "none");
  EXPECT_EQ(file.find("absent"), nullptr);
  ASSERT_EQ(file.problems.size(), 3u);
  EXPECT_EQ(file.problems[0].line, 4u);
  EXPECT_EQ(file.problems[1].message, "missing key before '='");
  EXPECT_EQ(file.problems[2].key, "log_file");
  EXPECT_EQ(file.problems[2].message, "given more than once");
  EXPECT_EQ(configured_log_file(path), "/a.log");
  std::filesystem::remove(path);
}

TEST(KeyValueFile, MissingFileAndDefaultLogFile) {
  KeyValueFile file;
  std::string error;
  EXPECT_FALSE(read_key_value_file("/nonexistent/auditd.conf", &file, &error));
  EXPECT_EQ(error.rfind("cannot read: ", 0), 0u) << error;
  EXPECT_EQ(configured_log_file("/nonexistent/auditd.conf"), "/var/log/audit/audit.log");
  const std::string empty = write_file("b.conf", "log_file =\n");
  EXPECT_EQ(configured_log_file(empty), "/var/log/audit/audit.log");
  std::filesystem::remove(empty);
}

}  // namespace
}  // namespace contid
