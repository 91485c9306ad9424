// ausearch-ext: ausearch with container ids.
//
// Pipeline: EventReader (lines -> records -> events) -> SearchCriteria ->
// attribute() + ContidSelector -> EventFormatter -> buffered stdout.
// Exit status as ausearch: 0 when an event matched, 1 otherwise (with
// "<no matches>" on stderr unless the format is raw) or on an error.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "options.h"
#include "output.h"
#include "contid/container_records.h"
#include "contid/diagnostics.h"
#include "contid/event_format.h"
#include "contid/event_reader.h"
#include "contid/kernel_support.h"
#include "contid/log_input.h"
#include "contid/record.h"
#include "contid/registration_store.h"

namespace ausearch_ext {
namespace {

constexpr const char* kProgram = "ausearch-ext";

bool stdin_is_pipe() {
  struct stat st {};
  return fstat(STDIN_FILENO, &st) == 0 && S_ISFIFO(st.st_mode);
}

// Expands -if arguments (a directory means its rotated audit.log set).
// False with a message on stderr for a path that does not exist.
bool resolve_inputs(const AusearchOptions& options, std::vector<std::string>* files,
                    bool* use_stdin) {
  *use_stdin = false;
  if (!options.inputs.empty()) {
    for (const std::string& path : options.inputs) {
      struct stat st {};
      if (stat(path.c_str(), &st) != 0) {
        std::fprintf(stderr, "%s: %s: %s\n", kProgram, path.c_str(), std::strerror(errno));
        return false;
      }
      if (S_ISDIR(st.st_mode)) {
        auto set = contid::rotated_log_set(path);
        if (set.empty()) {
          std::fprintf(stderr, "%s: %s: no audit.log files in this directory\n", kProgram,
                       path.c_str());
          return false;
        }
        files->insert(files->end(), set.begin(), set.end());
      } else {
        files->push_back(path);
      }
    }
    return true;
  }
  if (!options.input_logs && stdin_is_pipe()) {
    *use_stdin = true;
    return true;
  }
  const std::string log_file = contid::configured_log_file();
  *files = contid::rotated_log_set(log_file);
  if (files->empty()) {
    std::fprintf(stderr, "%s: can't open %s: %s\n", kProgram, log_file.c_str(),
                 access(log_file.c_str(), R_OK) == 0 ? "no log files" : std::strerror(errno));
    return false;
  }
  return true;
}

// Loads --registrations, or the registrations files beside the inputs.
// False with a message for a named file that cannot be read.
bool load_registrations(const AusearchOptions& options, const std::vector<std::string>& files,
                        contid::RegistrationStore* store, contid::Diagnostics* diagnostics) {
  for (const std::string& file : options.registrations) {
    if (!store->load(file, diagnostics)) {
      std::fprintf(stderr, "%s: --registrations: %s: %s\n", kProgram, file.c_str(),
                   access(file.c_str(), R_OK) == 0 ? "not a regular file" : std::strerror(errno));
      return false;
    }
  }
  if (options.registrations.empty())
    for (const std::string& file : contid::registration_files_beside(files))
      store->load(file, diagnostics);
  return true;
}

class Search {
 public:
  Search(const AusearchOptions& options, OutputBuffer* output)
      : options_(options),
        output_(output),
        formatter_(contid::make_event_formatter(options.format)),
        need_attribution_(!options.selector.empty() || formatter_->needs_attribution()),
        check_criteria_(!options.criteria.empty()) {}

  void on_event(contid::Event&& event) {
    if (!container_records_seen_)
      container_records_seen_ = contid::carries_container_record(event);
    if (check_criteria_ && !options_.criteria.matches(event)) return;
    contid::Attribution attribution;
    if (need_attribution_) {
      attribution = contid::attribute(event);
      for (const std::string& problem : attribution.problems)
        diagnostics_.report(event.where(), "container-record", problem);
      if (!options_.selector.empty() && !options_.selector.matches(attribution)) return;
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

// Says once, on stderr, when the input held no container record and the
// running kernel cannot produce any (every event is then a host event).
void note_missing_kernel_support(bool container_records_seen) {
  if (container_records_seen) return;
  const contid::KernelSupport kernel = contid::probe_kernel_support();
  if (kernel.supported()) return;
  std::fprintf(stderr, "%s: note: no container records in the input, and %s\n", kProgram,
               contid::describe_missing_support(kernel).c_str());
}

void report_diagnostics(const contid::Diagnostics& diagnostics, bool debug) {
  if (diagnostics.total() == 0) return;
  if (debug) {
    for (const contid::Diagnostic& d : diagnostics.kept())
      std::fprintf(stderr, "%s: %s: %s: %s\n", kProgram, d.where.to_string().c_str(),
                   d.category.c_str(), d.message.c_str());
    if (diagnostics.kept().size() < diagnostics.total())
      std::fprintf(stderr, "%s: (%llu more not listed)\n", kProgram,
                   static_cast<unsigned long long>(diagnostics.total() -
                                                   diagnostics.kept().size()));
  }
  std::fputs(diagnostics.summary(kProgram).c_str(), stderr);
  if (!debug)
    std::fprintf(stderr, "%s: %llu input problem(s); --debug lists them\n", kProgram,
                 static_cast<unsigned long long>(diagnostics.total()));
}

int run(int argc, char** argv) {
  std::setlocale(LC_ALL, "");
  std::vector<std::string> args(argv + 1, argv + argc);
  AusearchOptions options;
  std::string message;
  if (args.empty()) {
    parse_command_line({"--help"}, &options, &message);
    std::fputs(message.c_str(), stdout);
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

  std::vector<std::string> files;
  bool use_stdin = false;
  if (!resolve_inputs(options, &files, &use_stdin)) return 1;

  OutputBuffer output(stdout, options.line_buffered);
  Search search(options, &output);
  contid::ReaderOptions assembler;
  assembler.numbers = options.numbers;
  assembler.eoe_timeout_seconds = options.eoe_timeout_seconds;
  assembler.ausearch_order = true;  // print events in the order ausearch does
  contid::EventReader reader(
      assembler,
      [&search, &reader](contid::Event&& event) {
        search.on_event(std::move(event));
        if (search.done()) reader.stop();
      },
      search.diagnostics());
  contid::RegistrationStore registrations(options.numbers);
  if (!load_registrations(options, files, &registrations, search.diagnostics())) return 1;
  reader.restore_registrations(&registrations);
  if (use_stdin) {
    reader.read_fd(STDIN_FILENO, "stdin");
  } else {
    // --contid ID/any: only events holding a container record that names
    // a selected id can match, so the reader skips everything else unparsed.
    const bool selective = !options.selector.empty() && !options.selector.unset;
    const auto may_select = [&options, &search](const contid::Record& record) {
      if (record.is_container_record()) search.note_container_record();
      return options.selector.may_match_record(record);
    };
    for (const std::string& file : files) {
      if (selective)
        reader.read_file_selective(file, may_select);
      else
        reader.read_file(file);
    }
  }
  reader.finish();
  const bool written = output.flush();
  report_diagnostics(*search.diagnostics(), options.debug);
  const std::string lost = contid::describe_lost_registrations(reader.lost_by_auditd(),
                                                               reader.restored(), registrations);
  if (!lost.empty()) std::fprintf(stderr, "%s: %s\n", kProgram, lost.c_str());
  note_missing_kernel_support(search.container_records_seen());
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

int main(int argc, char** argv) { return ausearch_ext::run(argc, argv); }
