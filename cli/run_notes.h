// SPDX-License-Identifier: GPL-2.0-or-later
// What ausearch-ext and aureport-ext print on stderr after a run, in one
// order and wording for both:
//   1. with --debug, every kept input problem "PROGRAM: FILE:LINE: CATEGORY:
//      MESSAGE" (and "(N more not listed)" beyond the kept ones);
//   2. the summary, one line per category (Diagnostics::summary);
//   3. without --debug, "PROGRAM: N input problem(s); --debug lists them".
// Nothing at all when there was no problem.
#pragma once

#include "contid/diagnostics.h"

namespace contid_cli {

void print_diagnostics(const char* program, const contid::Diagnostics& diagnostics, bool debug);

// Says once, on stderr, when the input held no container record and the
// running kernel cannot produce any (every event is then a host event).
void note_missing_kernel_support(const char* program, bool container_records_seen);

}  // namespace contid_cli
