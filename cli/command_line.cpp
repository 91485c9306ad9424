// SPDX-License-Identifier: GPL-2.0-or-later
// The option tokenizer (see command_line.h). glibc's getopt_long_only
// finds single-dash long options, "--name=value" and required values;
// this file adds what ausearch's own parser also demands: exact spellings,
// value words that are not options, and -ts/-te's optional second word.
#include "command_line.h"

#include <getopt.h>

#include <cctype>
#include <cstring>

namespace contid_cli {
namespace {

// getopt returns '?' and ':' for errors; rows are numbered above any char.
constexpr int kFirstRow = 256;

bool is_negative_number(std::string_view word) {
  return word.size() >= 2 && word[0] == '-' && std::isdigit(static_cast<unsigned char>(word[1]));
}

// True when `token` (up to any '=') is one of the row's spellings; the
// "=value" form is only a double-dash one's.
bool spelled_exactly(const OptionSpec& row, std::string_view token) {
  const std::size_t equals = token.find('=');
  const std::string_view name = token.substr(0, equals);
  for (std::string_view spelling : row.spellings) {
    if (spelling != name) continue;
    return equals == std::string_view::npos || spelling.starts_with("--");
  }
  return false;
}

}  // namespace

std::string describe(const SyntaxError& error) {
  switch (error.kind) {
    case SyntaxError::Kind::kUnknownOption:
      return "unknown option '" + error.token + "' (see --help)";
    case SyntaxError::Kind::kMissingArgument:
      return "argument is required for " + error.token;
    case SyntaxError::Kind::kMissingTime:
      return error.token + " requires either date and/or time";
    case SyntaxError::Kind::kUnexpectedWord:
      return "unexpected argument '" + error.token + "' (see --help)";
  }
  return error.token;
}

bool split_command_line(const std::vector<std::string>& args, std::span<const OptionSpec> table,
                        std::vector<GivenOption>* out, SyntaxError* error) {
  // getopt_long_only wants an argv[0] and writable words.
  std::vector<std::string> words;
  words.reserve(args.size() + 1);
  words.emplace_back("contid-cli");
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  argv.push_back(nullptr);
  const int argc = static_cast<int>(words.size());

  // One getopt entry per spelling, named without its dashes.
  std::vector<std::string> names;
  for (const OptionSpec& row : table)
    for (std::string_view spelling : row.spellings)
      names.emplace_back(spelling.substr(spelling.find_first_not_of('-')));
  std::vector<option> longopts;
  std::size_t name_index = 0;
  for (std::size_t row = 0; row < table.size(); ++row) {
    for (std::size_t k = 0; k < table[row].spellings.size(); ++k) {
      longopts.push_back({names[name_index++].c_str(),
                          table[row].argument == Argument::kNone ? no_argument : required_argument,
                          nullptr, kFirstRow + static_cast<int>(row)});
    }
  }
  longopts.push_back({nullptr, 0, nullptr, 0});

  opterr = 0;
  optind = 0;  // glibc: start over
  for (;;) {
    const int at = optind == 0 ? 1 : optind;
    const int c = getopt_long_only(argc, argv.data(), "+:", longopts.data(), nullptr);
    if (c == -1) break;
    const std::string& token = words[static_cast<std::size_t>(at)];
    const int code = c == ':' ? optopt : c;
    if (code < kFirstRow || !spelled_exactly(table[code - kFirstRow], token)) {
      *error = {SyntaxError::Kind::kUnknownOption, token};
      return false;
    }
    const OptionSpec& row = table[code - kFirstRow];
    GivenOption given{row.id, token.substr(0, token.find('=')), {}};
    if (row.argument != Argument::kNone) {
      const auto missing = row.argument == Argument::kTimeWords
                               ? SyntaxError::Kind::kMissingTime
                               : SyntaxError::Kind::kMissingArgument;
      // A separate value word must not look like an option.
      const bool separate = c == ':' || optarg == argv[static_cast<std::size_t>(optind - 1)];
      if (c == ':' || (separate && optarg[0] == '-' &&
                       !(row.argument == Argument::kSignedWord && is_negative_number(optarg)))) {
        *error = {missing, given.spelling};
        return false;
      }
      given.values.emplace_back(optarg);
      if (row.argument == Argument::kTimeWords && optind < argc && words[optind][0] != '-')
        given.values.push_back(words[optind++]);
    }
    out->push_back(std::move(given));
  }
  if (optind < argc) {
    *error = {SyntaxError::Kind::kUnexpectedWord, words[static_cast<std::size_t>(optind)]};
    return false;
  }
  return true;
}

}  // namespace contid_cli
