// `recist compare FILE…`: recomputed against recorded responses, and reader against reader
// (issue 5). Exit 0 when everything agrees, 1 when anything differs (or a track was left out for
// bad data), so that it can gate a pipeline.
#include "recist/compare.hpp"

#include <cstdio>

#include "commands.hpp"
#include "pipeline.hpp"
#include "recist/io/write/compare_writers.hpp"
#include "recist/io/files.hpp"
#include "recist/io/read/recorded_best.hpp"

namespace recist::cli {
namespace {

/// Reads the recorded best-response files among `options->files` and takes them out of the list,
/// leaving the measurement and response files for read_inputs. False when one is unreadable.
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

}  // namespace

int run_compare(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("compare", argc, argv, &options, &code)) return code;
  if (options.profile.criteria != Criteria::Recist) {
    std::fputs("recist compare: --criteria irecist|both is not done yet: compare reads RECIST 1.1 only\n", stderr);
    return kUsage;
  }
  std::vector<RecordedBest> best;
  std::vector<io::InputError> errors;
  if (!read_recorded_best(&options, &best, &errors)) return kBadInput;
  std::vector<io::Dataset> datasets;
  if (!options.files.empty() && read_inputs(options, &datasets) != kOk) return kBadInput;

  std::vector<Track> tracks;
  std::vector<RecordedTrack> recorded;
  for (io::Dataset& d : datasets) {
    std::move(d.tracks.begin(), d.tracks.end(), std::back_inserter(tracks));
    std::move(d.recorded.begin(), d.recorded.end(), std::back_inserter(recorded));
    errors.insert(errors.end(), d.errors.begin(), d.errors.end());
  }
  if (tracks.empty() && recorded.empty()) {
    std::fputs("recist compare: no track to compare\n", stderr);
    return kBadInput;
  }
  const CompareResult result = compare(tracks, recorded, best, options.profile);

  std::string text, err;
  io::write_compare(result, options.format, options.profile, errors, &text);
  io::AtomicOutput output;
  if (!output.open(options.output, &err) || !output.write(text, &err) || !output.commit(&err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return kBadInput;
  }
  return result.disagreements() > 0 || !errors.empty() ? kFindings : kOk;
}

}  // namespace recist::cli
