// SPDX-License-Identifier: GPL-2.0-or-later
// ausearch-ext: ausearch with container ids.
//
// Pipeline: EventReader (lines -> records -> events) -> SearchCriteria ->
// attribute() + ContidSelector -> EventFormatter -> buffered stdout.
// Exit status as ausearch: 0 when an event matched, 1 otherwise (with
// "<no matches>" on stderr unless the format is raw) or on an error.
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "contid/container_records.h"
#include "contid/diagnostics.h"
#include "contid/event_format.h"
#include "contid/event_reader.h"
#include "contid/record.h"
#include "contid/registration_store.h"
#include "inputs.h"
#include "options.h"
#include "output.h"
#include "run_notes.h"

namespace ausearch_ext {
namespace {

constexpr const char* kProgram = "ausearch-ext";

class Search {
 public:
  Search(const AusearchOptions& options, OutputBuffer* output)
      : options_(options),
        output_(output),
        formatter_(contid::make_event_formatter(options.format)),
        need_attribution_(!options.common.selector.empty() || formatter_->needs_attribution()),
        check_criteria_(!options.criteria.empty()) {}

  void on_event(contid::Event&& event) {
    if (!container_records_seen_) container_records_seen_ = contid::carries_container_record(event);
    if (check_criteria_ && !options_.criteria.matches(event)) return;
    contid::Attribution attribution;
    if (need_attribution_) {
      attribution = contid::attribute(event);
      for (const std::string& problem : attribution.problems)
        diagnostics_.report(event.where(), "container-record", problem);
      const contid::ContidSelector& selector = options_.common.selector;
      if (!selector.empty() && !selector.matches(attribution)) return;
    }
    ++matches_;
    formatter_->format(event, attribution, output_->buffer());
    output_->commit();
  }
  // True once --just-one has its event: the reader is stopped.
  bool done() const { return options_.just_one && matches_ > 0; }

  contid::Diagnostics* diagnostics() { return &diagnostics_; }
  std::uint64_t matches() const { return matches_; }
  // True once an event read held a container record; a selective read also
  // reports the container records it skipped (note_container_record()).
  bool container_records_seen() const { return container_records_seen_; }
  void note_container_record() { container_records_seen_ = true; }

 private:
  const AusearchOptions& options_;
  OutputBuffer* output_;
  std::unique_ptr<contid::EventFormatter> formatter_;
  const bool need_attribution_;
  const bool check_criteria_;
  contid::Diagnostics diagnostics_;
  std::uint64_t matches_ = 0;
  bool container_records_seen_ = false;
};

int run(int argc, char** argv) {
  std::setlocale(LC_ALL, "");
  std::vector<std::string> args(argv + 1, argv + argc);
  AusearchOptions options;
  std::string message;
  if (args.empty()) {
    std::fputs(help_text().c_str(), stdout);
    return 1;  // as ausearch without arguments
  }
  switch (parse_command_line(args, &options, &message)) {
    case ParseOutcome::kExitOk:
      std::fputs(message.c_str(), stdout);
      return 0;
    case ParseOutcome::kError:
      std::fprintf(stderr, "%s: %s\n", kProgram, message.c_str());
      return 1;
    case ParseOutcome::kRun:
      break;
  }

  const contid_cli::SharedOptions& common = options.common;
  contid_cli::Inputs inputs;
  if (!contid_cli::resolve_inputs(common, contid_cli::kDefaultAuditdConf, &inputs, &message)) {
    std::fprintf(stderr, "%s: %s\n", kProgram, message.c_str());
    return 1;
  }

  OutputBuffer output(stdout, options.line_buffered);
  Search search(options, &output);
  contid::ReaderOptions assembler;
  assembler.numbers = common.numbers;
  assembler.eoe_timeout_seconds = common.eoe_timeout_seconds;
  assembler.ausearch_order = true;  // print events in the order ausearch does
  contid::EventReader reader(
      assembler,
      [&search, &reader](contid::Event&& event) {
        search.on_event(std::move(event));
        if (search.done()) reader.stop();
      },
      search.diagnostics());
  contid::RegistrationStore registrations(common.numbers);
  if (!contid_cli::load_registrations(common, inputs.files, &registrations, search.diagnostics(),
                                      &message)) {
    std::fprintf(stderr, "%s: %s\n", kProgram, message.c_str());
    return 1;
  }
  reader.restore_registrations(&registrations);
  if (inputs.from_stdin) {
    reader.read_fd(STDIN_FILENO, "stdin");
  } else {
    // --contid ID/any: only events holding a container record that names
    // a selected id can match, so the reader skips everything else unparsed.
    const bool selective = !common.selector.empty() && !common.selector.unset;
    const auto may_select = [&common, &search](const contid::Record& record) {
      if (record.is_container_record()) search.note_container_record();
      return common.selector.may_match_record(record);
    };
    for (const std::string& file : inputs.files) {
      if (selective)
        reader.read_file_selective(file, may_select);
      else
        reader.read_file(file);
    }
  }
  reader.finish();
  const bool written = output.flush();
  contid_cli::print_diagnostics(kProgram, *search.diagnostics(), common.debug);
  const std::string lost = contid::describe_lost_registrations(reader.lost_by_auditd(),
                                                               reader.restored(), registrations);
  if (!lost.empty()) std::fprintf(stderr, "%s: %s\n", kProgram, lost.c_str());
  contid_cli::note_missing_kernel_support(kProgram, search.container_records_seen());
  if (!written) {
    std::fprintf(stderr, "%s: error writing output: %s\n", kProgram, std::strerror(errno));
    return 1;
  }
  if (search.matches() == 0) {
    if (options.format != contid::OutputFormat::kRaw) std::fputs("<no matches>\n", stderr);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ausearch_ext

int main(int argc, char** argv) {
  return ausearch_ext::run(argc, argv);
}
