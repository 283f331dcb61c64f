// `recist report [options] FILE… -o trial.html` (issue 18): the trial on one self-contained page,
// with the comparison of recorded responses and readers when the inputs hold them.
#include <cstdio>

#include "commands.hpp"
#include "pipeline.hpp"
#include "recist/assess.hpp"
#include "recist/io/write/report.hpp"
#include "recist/irecist.hpp"

namespace recist::cli {

int run_report(int argc, char** argv) {
  Options options;
  int code = kOk;
  if (!parse_or_report("report", argc, argv, &options, &code)) return code;
  TrialInputs in;
  if (read_trial(options, "report", &in) != kOk) return kBadInput;
  std::vector<TrackResult> results;
  results.reserve(in.tracks.size() + in.recorded.size());
  SummaryBuilder summary(options.profile);
  for (const Track& t : in.tracks) results.push_back(assess_with_criteria(t, options.profile));
  for (const RecordedTrack& t : in.recorded) results.push_back(assess(t, options.profile));
  bool any_error_finding = false;
  for (const TrackResult& r : results) {
    summary.add(r);
    any_error_finding |= r.has_error_finding();
  }
  const TrialSummary trial = summary.finish();
  // The comparison reads RECIST 1.1 only (recist compare); it recomputes each track by itself.
  const CompareResult comparison = compare(in.tracks, in.recorded, in.best, options.profile);

  io::ReportContent content;
  content.title = options.title;
  content.inputs = options.files;
  content.profile = options.profile;
  content.tracks = results;
  content.summary = &trial;
  content.compare = &comparison;
  content.errors = in.errors;
  std::string html;
  io::write_report_html(content, &html);
  if (!write_output(options.output, html)) return kBadInput;
  return !in.errors.empty() || any_error_finding ? kFindings : kOk;
}

}  // namespace recist::cli
