// SPDX-License-Identifier: GPL-2.0-or-later
// End-of-run messages (see run_notes.h).
#include "run_notes.h"

#include <cstdio>

#include "contid/kernel_support.h"

namespace contid_cli {

void print_diagnostics(const char* program, const contid::Diagnostics& diagnostics, bool debug) {
  if (diagnostics.total() == 0) return;
  const auto total = static_cast<unsigned long long>(diagnostics.total());
  if (debug) {
    for (const contid::Diagnostic& d : diagnostics.kept())
      std::fprintf(stderr, "%s: %s: %s: %s\n", program, d.where.to_string().c_str(),
                   d.category.c_str(), d.message.c_str());
    if (diagnostics.kept().size() < diagnostics.total())
      std::fprintf(stderr, "%s: (%llu more not listed)\n", program,
                   total - static_cast<unsigned long long>(diagnostics.kept().size()));
  }
  std::fputs(diagnostics.summary(program).c_str(), stderr);
  if (!debug)
    std::fprintf(stderr, "%s: %llu input problem(s); --debug lists them\n", program, total);
}

void note_missing_kernel_support(const char* program, bool container_records_seen) {
  if (container_records_seen) return;
  const contid::KernelSupport kernel = contid::probe_kernel_support();
  if (kernel.supported()) return;
  std::fprintf(stderr, "%s: note: no container records in the input, and %s\n", program,
               contid::describe_missing_support(kernel).c_str());
}

}  // namespace contid_cli
