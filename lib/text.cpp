// SPDX-License-Identifier: GPL-2.0-or-later
#include "text.h"

namespace contid {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::uint32_t> parse_audit_id(std::string_view text) {
  if (auto v = parse_integer<std::int64_t>(text)) {
    if (*v == -1) return UINT32_MAX;
    if (*v >= 0 && *v <= UINT32_MAX) return static_cast<std::uint32_t>(*v);
  }
  return std::nullopt;
}

bool is_quoted(std::string_view text) {
  return text.size() >= 2 && text.front() == '"' && text.back() == '"';
}

std::string_view unquote(std::string_view text) {
  return is_quoted(text) ? text.substr(1, text.size() - 2) : text;
}

std::optional<std::string> decode_hex(std::string_view text) {
  if (text.empty() || text.size() % 2 != 0) return std::nullopt;
  std::string bytes;
  bytes.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes.push_back(static_cast<char>(high * 16 + low));
  }
  return bytes;
}

std::string decode_field_value(std::string_view text) {
  if (is_quoted(text)) return std::string(unquote(text));
  if (auto bytes = decode_hex(text)) return std::move(*bytes);
  return std::string(text);
}

std::string_view trim_blanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace contid
