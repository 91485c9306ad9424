// SPDX-License-Identifier: GPL-2.0-or-later
// The command-line tokenizer of ausearch-ext and aureport-ext: a table of
// option spellings in, a list of (option, values) out.
//
// Both tools take ausearch's spellings: single-dash long options (-if, -ts,
// -ui), double-dash long options, and "--name=value". As in ausearch and
// aureport 3.0.9 (src/ausearch-options.c, aureport-options.c), a spelling
// must be given exactly as the table has it: no abbreviations ("--inp"), no
// clusters ("-ri"), and "-input"/"--if" are unknown. A separate value word
// never starts with '-', except a negative number where the table allows one
// ("-ul -1"); "--name=value" takes any value. -ts/-te take one or two words.
//
// Not thread-safe: it drives glibc's getopt_long_only, whose state is global.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace contid_cli {

enum class Argument {
  kNone,        // a flag
  kWord,        // one value that does not start with '-'
  kSignedWord,  // one value; a negative number ("-1") is also taken
  kTimeWords,   // one or two words (date and/or time)
};

struct OptionSpec {
  int id;                                   // the tool's own name for the option
  std::vector<std::string_view> spellings;  // with their dashes: {"-if", "--input"}
  Argument argument = Argument::kNone;
};

// One option as given: its id, the spelling used and its value word(s).
struct GivenOption {
  int id;
  std::string spelling;
  std::vector<std::string> values;
};

// Why a command line could not be split. `token` is the offending word.
struct SyntaxError {
  enum class Kind {
    kUnknownOption,    // not in the table (or abbreviated)
    kMissingArgument,  // kWord/kSignedWord option without its value
    kMissingTime,      // kTimeWords option without a date or time
    kUnexpectedWord,   // a word that is not an option nor an option's value
  };
  Kind kind;
  std::string token;
};

// The message for `error`, worded as ausearch words it (after "PROGRAM: "):
// "unknown option '--x' (see --help)", "argument is required for -k",
// "-ts requires either date and/or time", "unexpected argument 'x' (see
// --help)".
std::string describe(const SyntaxError& error);

// Splits args (argv without argv[0]) by `table`. Returns false with *error
// on the first problem; options already split are left in *out.
bool split_command_line(const std::vector<std::string>& args, std::span<const OptionSpec> table,
                        std::vector<GivenOption>* out, SyntaxError* error);

}  // namespace contid_cli
