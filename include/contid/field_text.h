// SPDX-License-Identifier: GPL-2.0-or-later
// How audit records write their field values, read one way everywhere:
// integers, double quotes, and the hex encoding the kernel uses for strings
// with blanks or control bytes (audit_log_n_untrustedstring).
//
// Pure functions over text; no allocation except where a std::string is
// returned.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace contid {

// The whole of `text` as a T in `base`: digits only (a leading '-' only for
// a signed T), no blanks, no '+', no "0x". nullopt for anything else, for
// an empty text, or for a value that does not fit T.
template <typename T>
std::optional<T> parse_integer(std::string_view text, int base = 10) {
  T value{};
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), last, value, base);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  return value;
}

// The integer at the start of `text` (as strtol reads it, without blanks or
// '+'): "30abc" -> 30. nullopt when `text` does not start with one or its
// value does not fit T. For readers that follow aureport, which uses strtol.
template <typename T>
std::optional<T> parse_integer_prefix(std::string_view text, int base = 10) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (ec != std::errc() || ptr == text.data()) return std::nullopt;
  return value;
}

// A uid, gid or session field (or option value): a decimal u32, or "-1"
// for 4294967295 (the unset id, as the kernel prints it). nullopt otherwise.
std::optional<std::uint32_t> parse_audit_id(std::string_view text);

// True when `text` is at least two bytes long and starts and ends with '"'.
bool is_quoted(std::string_view text);

// `text` without its surrounding double quotes; unchanged when not quoted.
std::string_view unquote(std::string_view text);

// The bytes of a hex-encoded value ("2F746D70" -> "/tmp"): nullopt unless
// `text` is non-empty, of even length and all hex digits (either case).
std::optional<std::string> decode_hex(std::string_view text);

// A field value as text: quotes removed, else hex decoded, else as written
// ("(null)", "?" and other placeholders stay as they are).
std::string decode_field_value(std::string_view text);

}  // namespace contid
