#pragma once
// A track: one subject as read by one reader (SPEC §1). Tracks are independent of each other and
// are assessed on their own, so a batch can assess them in any order or in parallel.

#include <optional>
#include <string>
#include <vector>

#include "recist/assessment.hpp"
#include "recist/date.hpp"
#include "recist/lesion.hpp"
#include "recist/response.hpp"
#include "recist/result.hpp"

namespace recist {

/// A time-point response already assessed by a reader (SPEC 4.2).
struct RecordedTimepoint {
  Date date;
  std::string visit;
  std::optional<Response> response;  ///< Blank on a baseline row.
  /// iRECIST: the recorded i-response, when `response` held an i-code (then `response` is null).
  std::optional<IResponse> iresponse = std::nullopt;
};

/// One (subject, reader) pair with its lesions and dated assessments.
struct Track {
  std::string subject;
  std::string reader = "INVESTIGATOR";
  std::optional<Date> start_date;      ///< Day 1 of treatment; default the baseline date.
  std::vector<Lesion> lesions;         ///< Observations refer to these by index.
  std::vector<Assessment> assessments; ///< Sorted by date; the first is the baseline.
  std::vector<Finding> input_findings; ///< The reader's warnings (SDTM tolerances): the result's first findings.
  /// iRECIST responses recorded apart from the assessments (SDTM RS with RSCAT iRECIST), by date.
  std::vector<RecordedTimepoint> recorded_i;
};

/// A track of recorded time-point responses, from which best responses are derived (SPEC 4.2).
struct RecordedTrack {
  std::string subject;
  std::string reader = "INVESTIGATOR";
  std::optional<Date> start_date;
  std::optional<Date> baseline_date;  ///< From a blank-response first row, when given.
  std::vector<RecordedTimepoint> timepoints;  ///< Follow-ups, sorted by date.
};

}  // namespace recist
