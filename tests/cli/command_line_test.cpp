// SPDX-License-Identifier: GPL-2.0-or-later
// contid_cli::split_command_line: ausearch's spelling rules on top of
// getopt_long_only, and the shared options' values.
#include "command_line.h"

#include <gtest/gtest.h>

#include "shared_options.h"

namespace contid_cli {
namespace {

enum Id { kFlag, kWordOpt, kSigned, kTime };

const OptionSpec kTable[] = {
    {kFlag, {"-r", "--raw"}},
    {kWordOpt, {"-if", "--input"}, Argument::kWord},
    {kSigned, {"-ul", "--loginuid"}, Argument::kSignedWord},
    {kTime, {"-ts", "--start"}, Argument::kTimeWords},
};

struct Split {
  bool ok;
  std::vector<GivenOption> given;
  SyntaxError error{};
};

Split split(std::vector<std::string> args) {
  Split s;
  s.ok = split_command_line(args, kTable, &s.given, &s.error);
  return s;
}

TEST(SplitCommandLine, SingleAndDoubleDashSpellingsAndValues) {
  Split s = split({"-if", "a.log", "--input=b.log", "-r", "-ul", "-1", "-ts", "01/02/2024", "10:00",
                   "--start", "today"});
  ASSERT_TRUE(s.ok);
  ASSERT_EQ(s.given.size(), 6u);
  EXPECT_EQ(s.given[0].id, kWordOpt);
  EXPECT_EQ(s.given[0].spelling, "-if");
  EXPECT_EQ(s.given[0].values, std::vector<std::string>{"a.log"});
  EXPECT_EQ(s.given[1].spelling, "--input");
  EXPECT_EQ(s.given[1].values, std::vector<std::string>{"b.log"});
  EXPECT_EQ(s.given[2].id, kFlag);
  EXPECT_EQ(s.given[3].values, std::vector<std::string>{"-1"});
  EXPECT_EQ(s.given[4].values, (std::vector<std::string>{"01/02/2024", "10:00"}));
  EXPECT_EQ(s.given[5].values, std::vector<std::string>{"today"});
}

TEST(SplitCommandLine, OnlyExactSpellings) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--inp", "x"},
                                        {"-input", "x"},
                                        {"--if", "x"},
                                        {"-rr"},
                                        {"-if=x"},
                                        {"--raw=1"},
                                        {"-z"}}) {
    Split s = split(args);
    EXPECT_FALSE(s.ok) << args[0];
    EXPECT_EQ(s.error.kind, SyntaxError::Kind::kUnknownOption) << args[0];
    EXPECT_EQ(s.error.token, args[0]);
  }
}

TEST(SplitCommandLine, MissingValues) {
  Split end = split({"-r", "-if"});
  EXPECT_FALSE(end.ok);
  EXPECT_EQ(end.error.kind, SyntaxError::Kind::kMissingArgument);
  EXPECT_EQ(end.error.token, "-if");
  Split option_as_value = split({"-if", "-r"});  // a value word is not an option
  EXPECT_FALSE(option_as_value.ok);
  EXPECT_EQ(option_as_value.error.kind, SyntaxError::Kind::kMissingArgument);
  Split not_a_number = split({"-ul", "-x"});
  EXPECT_FALSE(not_a_number.ok);
  EXPECT_EQ(not_a_number.error.kind, SyntaxError::Kind::kMissingArgument);
  Split time = split({"-ts"});
  EXPECT_FALSE(time.ok);
  EXPECT_EQ(time.error.kind, SyntaxError::Kind::kMissingTime);
  EXPECT_EQ(time.error.token, "-ts");
  Split attached = split({"--input=-odd-name"});  // "=value" takes anything
  EXPECT_TRUE(attached.ok);
}

TEST(SplitCommandLine, StrayWords) {
  Split s = split({"-r", "stray"});
  EXPECT_FALSE(s.ok);
  EXPECT_EQ(s.error.kind, SyntaxError::Kind::kUnexpectedWord);
  EXPECT_EQ(s.error.token, "stray");
  EXPECT_TRUE(split({}).ok);
}

// The tokenizer restarts cleanly on every call (getopt's state is global).
TEST(SplitCommandLine, RepeatedCalls) {
  EXPECT_FALSE(split({"-if"}).ok);
  Split s = split({"-if", "a"});
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.given.size(), 1u);
}

SharedOptions shared(std::vector<std::string> args, bool* ok, std::string* error) {
  std::vector<OptionSpec> table(shared_option_table().begin(), shared_option_table().end());
  std::vector<GivenOption> given;
  SyntaxError syntax{};
  SharedOptions options;
  *ok = split_command_line(args, table, &given, &syntax) &&
        apply_shared_options(given, contid::TimeContext{1700000000, 1600000000}, &options, error);
  return options;
}

TEST(SharedOptions, Values) {
  bool ok = false;
  std::string error;
  SharedOptions o =
      shared({"-if", "a", "-if", "b", "--contid", "7", "--contid-exact", "--record-numbers", "v11",
              "--eoe-timeout", "30", "--debug", "-ts", "recent"},
             &ok, &error);
  ASSERT_TRUE(ok) << error;
  EXPECT_EQ(o.inputs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(o.selector.ids, std::vector<contid::ContainerId>{7});
  EXPECT_TRUE(o.selector.exact);
  EXPECT_EQ(o.numbers.container_id, 1336);
  EXPECT_EQ(o.eoe_timeout_seconds, 30u);
  EXPECT_TRUE(o.debug);
  EXPECT_EQ(o.start, std::optional<std::time_t>(1700000000 - 600));
}

TEST(SharedOptions, EoeTimeoutIsWholeSecondsUpTo3600) {
  for (const char* bad : {"0", "1.5", "3601", "x"}) {
    bool ok = true;
    std::string error;
    shared({"--eoe-timeout", bad}, &ok, &error);
    EXPECT_FALSE(ok) << bad;
    EXPECT_NE(error.find("--eoe-timeout"), std::string::npos) << error;
  }
}

TEST(SharedOptions, HelpWinsOverBadValues) {
  bool ok = false;
  std::string error;
  SharedOptions o = shared({"--contid", "x", "-h"}, &ok, &error);
  EXPECT_TRUE(ok) << error;
  EXPECT_TRUE(o.help);
}

}  // namespace
}  // namespace contid_cli
