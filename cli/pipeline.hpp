#pragma once
// The steps every command shares: read the inputs (reporting their errors), assess the tracks,
// write the results atomically, and turn the outcome into an exit code (SPEC §5).

#include <vector>

#include "options.hpp"
#include "recist/compare.hpp"
#include "recist/io/dataset.hpp"
#include "recist/io/write/writers.hpp"

namespace recist::cli {

/// What to write of the results.
struct Emit {
  bool tracks = true;
  bool summary = true;
};

/// Reads every input of `options`, prints its errors on standard error. Returns kBadInput when an
/// input is unreadable or malformed as a whole (or any error under --strict), else kOk.
int read_inputs(const Options& options, std::vector<io::Dataset>* datasets);

/// Assesses every track of `datasets` and writes the results with `writer` to options.output.
/// Returns the exit code: kFindings when a track was left out for bad data or a finding of
/// severity error was reported, kBadInput when no track at all could be read, else kOk.
int assess_and_write(const Options& options, std::vector<io::Dataset>& datasets, io::ResultWriter& writer, Emit emit);

/// Reads every input of `options`, assesses each track as soon as it is read and writes the
/// results with the writer of options.format to options.output: the whole of `recist assess` and
/// `recist summary`. Native measurement CSV files stream through the batch reader on
/// options.threads threads (io/batch.hpp); other inputs are read whole. Prints the input errors,
/// and returns the exit code that read_inputs and assess_and_write give together, with the same
/// output, whatever the number of threads.
int read_assess_and_write(const Options& options, Emit emit);

/// Adds one input's errors to those of the run; beyond the error limit, one more entry says how many
/// were found but not listed, so the JSON `errors` never hides that there were more.
void collect_errors(std::vector<io::InputError>* to, const std::vector<io::InputError>& from,
                    std::size_t not_listed);

/// Prints input errors on standard error, and a line saying how many more were not listed.
void print_errors(const std::vector<io::InputError>& errors, std::size_t not_listed);
/// Prints a dataset's input errors on standard error.
void print_errors(const io::Dataset& d);

/// Reads the recorded best-response files (`subject,reader,bor,confirmed_bor`) among
/// `options->files`, printing their errors and adding them to `errors`, and takes them out of the
/// list, leaving the measurement and response files for read_inputs. False when one is unreadable.
bool read_recorded_best(Options* options, std::vector<RecordedBest>* best, std::vector<io::InputError>* errors);

/// Every input of a command that works on the whole trial at once (compare, plot, report).
struct TrialInputs {
  std::vector<Track> tracks;
  std::vector<RecordedTrack> recorded;
  std::vector<RecordedBest> best;
  std::vector<io::InputError> errors;
};

/// Reads every input of `options` into `in` (recorded best-response files too), printing the input
/// errors. Returns kBadInput when an input is unreadable or malformed as a whole, or when no track
/// at all was read; else kOk.
int read_trial(Options options, const char* command, TrialInputs* in);

/// Writes `text` to `path` atomically ("-": standard output). False, with the error printed, on failure.
bool write_output(const std::string& path, std::string_view text);

/// The writer for options.format.
std::unique_ptr<io::ResultWriter> writer_for(const Options& options);

/// Parses the options of `command`; on failure prints the usage error and sets `exit_code`.
bool parse_or_report(const char* command, int argc, char** argv, Options* options, int* exit_code);

}  // namespace recist::cli
