// `recist compare FILE…`: recomputed against recorded responses, and reader against reader
// (issue 5). Exit 0 when everything agrees, 1 when anything differs (or a track was left out for
// bad data), so that it can gate a pipeline.
#include "recist/compare.hpp"

#include <optional>

#include "commands.hpp"
#include "pipeline.hpp"
#include "recist/io/write/compare_writers.hpp"
#include "recist/irecist_compare.hpp"

namespace recist::cli {

int run_compare(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("compare", argc, argv, &options, &code)) return code;
  TrialInputs in;
  if (read_trial(options, "compare", &in) != kOk) return kBadInput;
  const CompareResult result = compare(in.tracks, in.recorded, in.best, options.profile);
  // --criteria irecist|both: RECIST 1.1 as always, and the recorded i-responses (README, iRECIST).
  std::optional<IrecistCompareResult> irecist;
  if (options.profile.criteria != Criteria::Recist) irecist = compare_irecist(in.tracks, in.recorded, options.profile);
  std::string text;
  io::write_compare(result, irecist ? &*irecist : nullptr, options.format, options.profile, in.errors, &text);
  if (!write_output(options.output, text)) return kBadInput;
  const std::size_t differ = result.disagreements() + (irecist ? irecist->disagreements() : 0);
  return differ > 0 || !in.errors.empty() ? kFindings : kOk;
}

}  // namespace recist::cli
