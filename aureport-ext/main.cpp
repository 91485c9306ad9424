// aureport-ext: aureport's reports, per container. See aureport-ext(8).
#include <clocale>
#include <fstream>
#include <iostream>

#include "driver.h"
#include "options.h"
#include "report_sink.h"
#include "contid/kernel_support.h"
#include "contid/version.h"

namespace {

constexpr const char* kProgram = "aureport-ext";

std::unique_ptr<aureport_ext::ReportSink> make_sink(const aureport_ext::ReportOptions& options,
                                                std::ofstream* html) {
  switch (options.output) {
    case aureport_ext::OutputKind::kCsv: return aureport_ext::make_csv_sink(std::cout);
    case aureport_ext::OutputKind::kJson: return aureport_ext::make_json_sink(std::cout);
    case aureport_ext::OutputKind::kHtml:
      return aureport_ext::make_html_sink(*html, "aureport-ext container report");
    case aureport_ext::OutputKind::kText: break;
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
    return 2;
  }
  if (options.help) {
    std::cout << aureport_ext::usage_text();
    return 0;
  }
  if (options.version) {
    std::cout << CONTID_VERSION_LINE("aureport-ext") "\n";
    return 0;
  }
  std::ofstream html;
  if (options.output == aureport_ext::OutputKind::kHtml) {
    html.open(options.html_file, std::ios::out | std::ios::trunc);
    if (!html) {
      std::cerr << kProgram << ": --html: cannot write '" << options.html_file << "'\n";
      return 2;
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
  if (diagnostics.total() > 0) {
    std::cerr << diagnostics.summary(kProgram);
    std::cerr << kProgram << ": " << diagnostics.total() << " input problem(s)"
              << (options.debug ? "\n" : "; --debug lists them\n");
    if (options.debug) {
      for (const contid::Diagnostic& d : diagnostics.kept()) {
        std::cerr << kProgram << ": " << d.where.to_string() << ": " << d.category << ": "
                  << d.message << '\n';
      }
    }
  }
  if (!result.lost_registrations.empty())
    std::cerr << kProgram << ": " << result.lost_registrations << '\n';
  if (!result.container_records_seen) {
    const contid::KernelSupport kernel = contid::probe_kernel_support();
    if (!kernel.supported())
      std::cerr << kProgram << ": note: no container records in the input, and "
                << contid::describe_missing_support(kernel) << '\n';
  }
  return result.exit_code;
}
