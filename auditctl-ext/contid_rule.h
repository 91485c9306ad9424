// SPDX-License-Identifier: GPL-2.0-or-later
// Audit rules with the container id field (-F contid=ID, -F contid!=ID).
//
// Debian's libaudit 3.0.9 and auditctl do not know field 27 (AUDIT_CONTID of
// the audit container id series), so auditctl refuses "unknown field:
// contid". A rule line that has the field is built here with libaudit's own
// builders (audit_rule_syscallbyname_data, audit_rule_fieldpair_data,
// audit_rule_interfield_comp_data: every other field is parsed exactly as
// auditctl parses it); the contid fields are appended last, each as the
// kernel series expects: value = 8, followed by the u64 id (host order) in
// the rule's buffer. Lines without the field are not built here at all: the
// tool hands them to auditctl itself.
#pragma once

#include <libaudit.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace auditctl_ext {

inline constexpr int kAuditContidField = 27;          // AUDIT_CONTID
inline constexpr std::uint64_t kUnsetContid = ~0ULL;  // "-1"

// The words of one auditctl rule line, split on blanks as auditctl -R does.
std::vector<std::string> split_rule_words(const std::string& line);

// True when `words` hold a "-F contid..." field (as one word after -F, or
// joined "-Fcontid=...").
bool has_contid_field(const std::vector<std::string>& words);

struct RuleDataFree {
  void operator()(audit_rule_data* rule) const { audit_rule_free_data(rule); }
};
using RuleData = std::unique_ptr<audit_rule_data, RuleDataFree>;

// A rule built from words: what to send and how.
struct BuiltRule {
  RuleData data;
  bool add = true;  // -a/-A (else -d)
  int flags = 0;    // list, with AUDIT_FILTER_PREPEND for -A
  int action = 0;   // AUDIT_ALWAYS / AUDIT_NEVER
};

// Builds the rule of one line (with contid fields, or, for the tests that
// compare this builder with auditctl, without). Accepts the rule
// options auditctl accepts on such a line: -a/-A/-d LIST,ACTION, -S, -F,
// -C, -k. False with *error saying what is wrong (auditctl's wording for the
// fields libaudit rejects).
bool build_contid_rule(const std::vector<std::string>& words, BuiltRule* out, std::string* error);

// The contid fields of a rule from the kernel, as "-F contid=ID" words in
// field order (ID "-1" for the unset id); empty if it has none.
std::vector<std::string> contid_words(const audit_rule_data& rule);

}  // namespace auditctl_ext
