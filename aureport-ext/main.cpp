// SPDX-License-Identifier: GPL-2.0-or-later
// aureport-ext: aureport's reports, per container. See aureport-ext(8).
// Exit status as aureport: 0, or 1 on a bad option, an unreadable input or
// a per-event report kind that found no event.
#include <clocale>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "contid/version.h"
#include "driver.h"
#include "options.h"
#include "report_sink.h"
#include "run_notes.h"

namespace {

constexpr const char* kProgram = "aureport-ext";

std::unique_ptr<aureport_ext::ReportSink> make_sink(const aureport_ext::ReportOptions& options,
                                                    std::ofstream* html) {
  switch (options.format) {
    case aureport_ext::ReportFormat::kCsv:
      return aureport_ext::make_csv_sink(std::cout);
    case aureport_ext::ReportFormat::kJson:
      return aureport_ext::make_json_sink(std::cout);
    case aureport_ext::ReportFormat::kHtml:
      return aureport_ext::make_html_sink(*html, "aureport-ext container report");
    case aureport_ext::ReportFormat::kText:
      break;
  }
  return aureport_ext::make_text_sink(std::cout);
}

}  // namespace

int main(int argc, char** argv) {
  std::setlocale(LC_ALL, "");
  std::ios::sync_with_stdio(false);
  aureport_ext::ReportOptions options;
  std::string error;
  if (!aureport_ext::parse_report_options(argc, argv, &options, &error)) {
    std::cerr << kProgram << ": " << error << '\n';
    return 1;
  }
  if (options.common.help) {
    std::cout << aureport_ext::usage_text();
    return 0;
  }
  if (options.common.version) {
    std::cout << CONTID_VERSION_LINE("aureport-ext") "\n";
    return 0;
  }
  std::ofstream html;
  if (options.format == aureport_ext::ReportFormat::kHtml) {
    html.open(options.html_file, std::ios::out | std::ios::trunc);
    if (!html) {
      std::cerr << kProgram << ": --html: cannot write '" << options.html_file << "'\n";
      return 1;
    }
  }
  auto sink = make_sink(options, &html);
  contid::Diagnostics diagnostics;
  aureport_ext::RunResult result = aureport_ext::run_report(options, sink.get(), &diagnostics);
  if (!result.error.empty()) std::cerr << kProgram << ": " << result.error << '\n';
  if (!sink->finish()) {
    std::cerr << kProgram << ": error writing the report\n";
    return 1;
  }
  std::cerr.flush();  // run_notes writes through stdio
  contid_cli::print_diagnostics(kProgram, diagnostics, options.common.debug);
  if (!result.lost_registrations.empty())
    std::fprintf(stderr, "%s: %s\n", kProgram, result.lost_registrations.c_str());
  contid_cli::note_missing_kernel_support(kProgram, result.container_records_seen);
  return result.exit_code;
}
