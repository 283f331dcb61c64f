// `recist compare FILE…`: recomputed against recorded responses, and reader against reader
// (issue 5). Exit 0 when everything agrees, 1 when anything differs (or a track was left out for
// bad data), so that it can gate a pipeline.
#include "recist/compare.hpp"

#include <cstdio>

#include "commands.hpp"
#include "pipeline.hpp"
#include "recist/io/write/compare_writers.hpp"

namespace recist::cli {

int run_compare(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("compare", argc, argv, &options, &code)) return code;
  if (options.profile.criteria != Criteria::Recist) {
    std::fputs("recist compare: --criteria irecist|both is not done yet: compare reads RECIST 1.1 only\n", stderr);
    return kUsage;
  }
  TrialInputs in;
  if (read_trial(options, "compare", &in) != kOk) return kBadInput;
  const CompareResult result = compare(in.tracks, in.recorded, in.best, options.profile);
  std::string text;
  io::write_compare(result, options.format, options.profile, in.errors, &text);
  if (!write_output(options.output, text)) return kBadInput;
  return result.disagreements() > 0 || !in.errors.empty() ? kFindings : kOk;
}

}  // namespace recist::cli
