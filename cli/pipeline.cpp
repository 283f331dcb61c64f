// The steps every command shares: options, errors, the writer of a format, and the plain
// read-everything-then-assess path (read_inputs, assess_and_write). The streamed path of assess,
// summary and validate is streamed_assessment.cpp.
#include "pipeline.hpp"

#include <cstdio>

#include "recist/assess.hpp"
#include "recist/irecist.hpp"
#include "recist/batch/input.hpp"
#include "recist/io/files.hpp"
#include "recist/io/read/recorded_best.hpp"
#include "recist/io/write/sdtm_writers.hpp"
#include "recist/summary.hpp"

namespace recist::cli {
namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

}  // namespace

void print_errors(const std::vector<io::InputError>& errors, std::size_t not_listed) {
  for (const io::InputError& e : errors) std::fprintf(stderr, "recist: %s\n", io::to_string(e).c_str());
  if (not_listed) std::fprintf(stderr, "recist: … and %zu more errors not listed\n", not_listed);
}

void print_errors(const io::Dataset& d) {
  print_errors(d.errors, d.errors_not_listed);
}

void collect_errors(std::vector<io::InputError>* to, const std::vector<io::InputError>& from,
                    std::size_t not_listed) {
  to->insert(to->end(), from.begin(), from.end());
  if (not_listed && !from.empty())
    to->push_back({from.back().file, 0, "", "… and " + std::to_string(not_listed) +
                                                " more errors not listed (at most " +
                                                std::to_string(from.size()) + " are listed per file)", ""});
}

bool parse_or_report(const char* command, int argc, char** argv, Options* options, int* exit_code) {
  std::string err;
  bool help = false;
  if (parse_options(command, argc, argv, options, &err, &help)) return true;
  if (help) {
    std::fputs(err.c_str(), stdout);
    *exit_code = kOk;
  } else {
    std::fprintf(stderr, "recist %s: %s\n(see recist %s --help)\n", command, err.c_str(), command);
    *exit_code = kUsage;
  }
  return false;
}

std::unique_ptr<io::ResultWriter> writer_for(const Options& options) {
  if (options.baseline_only) return io::make_validate_writer(options.format);
  switch (options.format) {
    case io::OutputFormat::Table:
      return io::make_table_writer(options.reasons);
    case io::OutputFormat::Csv:
      return io::make_csv_writer(options.level);
    case io::OutputFormat::SdtmRs:
      return io::make_sdtm_rs_writer();
    case io::OutputFormat::Adrs:
      return io::make_adrs_writer();
    case io::OutputFormat::Json:
      break;
  }
  return io::make_json_writer();
}

int read_inputs(const Options& options, std::vector<io::Dataset>* datasets) {
  io::ReadOptions read;
  read.strict = options.strict;
  read.admiralonco_codes = options.profile.convention == Convention::Admiralonco;
  read.impute_partial_dates = options.profile.impute_partial_dates;
  read.irecist_codes = options.profile.criteria != Criteria::Recist;
  int code = kOk;
  for (const std::string& file : options.files) {
    datasets->push_back(io::read_input(file, options.input_format, read));
    const io::Dataset& d = datasets->back();
    print_errors(d);
    if (d.fatal) code = kBadInput;
  }
  return code;
}

int assess_and_write(const Options& options, std::vector<io::Dataset>& datasets, io::ResultWriter& writer, Emit emit) {
  io::AtomicOutput output;
  std::string err;
  if (!output.open(options.output, &err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return kBadInput;
  }
  std::string buffer;
  bool write_failed = false;
  auto flush = [&](bool force) {
    if (write_failed || (!force && buffer.size() < kFlushBytes)) return;
    if (!output.write(buffer, &err)) write_failed = true;
    buffer.clear();
  };

  SummaryBuilder summary(options.profile);
  std::vector<io::InputError> errors;
  bool any_error_finding = false;
  std::size_t tracks = 0;
  writer.begin(options.profile, &buffer);
  auto emit_track = [&](const TrackResult& result) {
    ++tracks;
    any_error_finding |= result.has_error_finding();
    summary.add(result);
    if (emit.tracks) writer.track(result, &buffer);
    flush(false);
  };
  for (io::Dataset& d : datasets) {
    for (const Track& t : d.tracks) emit_track(assess_with_criteria(t, options.profile));
    for (const RecordedTrack& t : d.recorded) emit_track(assess(t, options.profile));
    collect_errors(&errors, d.errors, d.errors_not_listed);
  }
  const TrialSummary trial = summary.finish();
  writer.end(emit.summary ? &trial : nullptr, errors, &buffer);
  flush(true);
  if (write_failed || !output.commit(&err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return kBadInput;
  }
  return !errors.empty() || any_error_finding ? kFindings : kOk;
}

bool read_recorded_best(Options* options, std::vector<RecordedBest>* best, std::vector<io::InputError>* errors) {
  std::vector<std::string> rest;
  bool ok = true;
  io::ReadOptions read;
  read.strict = options->strict;
  for (const std::string& file : options->files) {
    std::string text, err;
    if (file == "-" || !io::read_file(file, &text, &err) ||
        !io::is_recorded_best_header(std::string_view(text).substr(0, text.find('\n')))) {
      rest.push_back(file);  // read_inputs reads it, or reports why it cannot
      continue;
    }
    io::RecordedBestFile f = io::read_recorded_best_csv(text, file, read);
    for (const io::InputError& e : f.diagnostics.errors) std::fprintf(stderr, "recist: %s\n", io::to_string(e).c_str());
    ok &= !f.diagnostics.fatal;
    errors->insert(errors->end(), f.diagnostics.errors.begin(), f.diagnostics.errors.end());
    best->insert(best->end(), f.best.begin(), f.best.end());
  }
  options->files = std::move(rest);
  return ok;
}


int read_trial(Options options, const char* command, TrialInputs* in) {
  if (!read_recorded_best(&options, &in->best, &in->errors)) return kBadInput;
  std::vector<io::Dataset> datasets;
  if (!options.files.empty() && read_inputs(options, &datasets) != kOk) return kBadInput;
  for (io::Dataset& d : datasets) {
    std::move(d.tracks.begin(), d.tracks.end(), std::back_inserter(in->tracks));
    std::move(d.recorded.begin(), d.recorded.end(), std::back_inserter(in->recorded));
    collect_errors(&in->errors, d.errors, d.errors_not_listed);
  }
  // Tracks left out for their errors leave a readable input (exit 1, README "Real SDTM").
  if (in->tracks.empty() && in->recorded.empty() && in->errors.empty()) {
    std::fprintf(stderr, "recist %s: no track to read\n", command);
    return kBadInput;
  }
  return kOk;
}

bool write_output(const std::string& path, std::string_view text) {
  io::AtomicOutput output;
  std::string err;
  if (output.open(path, &err) && output.write(text, &err) && output.commit(&err)) return true;
  std::fprintf(stderr, "recist: %s\n", err.c_str());
  return false;
}

}  // namespace recist::cli
