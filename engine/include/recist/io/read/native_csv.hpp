#pragma once
// Readers of the native CSV files: the columns of measurements (SPEC 4.1, read by the batch reader,
// recist/batch/batch.hpp) and the reader of recorded responses (SPEC 4.2).

#include <string>
#include <span>
#include <string_view>

#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"

namespace recist::io {

/// The columns of SPEC 4.1, in the SPEC's order.
inline constexpr std::string_view kMeasurementColumns[] = {
    "subject", "date",   "lesion", "role",     "site",   "node",       "diameter_mm", "status",
    "reader",  "visit",  "start_date", "method", "slice_mm", "irradiated", "reported"};

/// The columns of SPEC 4.1, in the order of kMeasurementColumns.
enum MeasurementColumn {
  kSubject,
  kDate,
  kLesion,
  kRole,
  kSite,
  kNode,
  kDiameter,
  kStatus,
  kReader,
  kVisit,
  kStart,
  kMethod,
  kSlice,
  kIrradiated,
  kReported,
  kMeasurementColumnCount
};

/// The columns of SPEC 4.2.
inline constexpr std::string_view kRecordedColumns[] = {"subject", "date", "response", "reader",
                                                        "start_date", "visit"};

/// Whether a CSV header (its first line) is the recorded-responses file of SPEC 4.2: it has a
/// `response` column and no `lesion` column.
bool is_recorded_responses_header(std::string_view first_line);

/// Reads a recorded-responses CSV (SPEC 4.2).
Dataset read_recorded_csv(std::string_view text, const std::string& file, const ReadOptions& options);

/// The known name nearest to `name` (edit distance), for "did you mean" messages.
std::string_view nearest_name(std::string_view name, std::span<const std::string_view> known);

}  // namespace recist::io
