#pragma once
// `recist report` (issue 18): one self-contained HTML page of a trial, for a medical monitor.
// Everything is inline (CSS, SVG; no script, no network), and it prints on A4 with a page break
// between sections. All numbers come from the same TrackResults as `--format json`.

#include <span>
#include <string>
#include <vector>

#include "recist/compare.hpp"
#include "recist/io/input_error.hpp"
#include "recist/profile.hpp"
#include "recist/result.hpp"
#include "recist/summary.hpp"

namespace recist::io {

/// What the page shows.
struct ReportContent {
  std::string title;                   ///< Empty: "RECIST 1.1 trial report".
  std::vector<std::string> inputs;     ///< The input files, as named on the command line.
  Profile profile;
  std::span<const TrackResult> tracks;
  const TrialSummary* summary = nullptr;
  /// The comparison of recorded responses and readers; its sections are left out when it is
  /// null or holds nothing.
  const CompareResult* compare = nullptr;
  std::span<const InputError> errors;
};

/// Appends the HTML document to `out`.
void write_report_html(const ReportContent& content, std::string* out);

}  // namespace recist::io
