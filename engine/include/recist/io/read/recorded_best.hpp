#pragma once
// Reader of a reader's recorded best overall responses (issue 5), a CSV with the columns
// `subject`, `reader` (default INVESTIGATOR), `bor` and `confirmed_bor` (response codes; either
// may be blank, at least one column present). Used by `recist compare`.

#include <string>
#include <string_view>
#include <vector>

#include "recist/compare.hpp"
#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"

namespace recist::io {

/// The columns of the recorded best responses CSV.
inline constexpr std::string_view kRecordedBestColumns[] = {"subject", "reader", "bor", "confirmed_bor"};

/// What was read: the best responses, and the input errors in `diagnostics.errors` (its tracks
/// are empty); `diagnostics.fatal` when the file as a whole could not be read.
struct RecordedBestFile {
  std::vector<RecordedBest> best;
  Dataset diagnostics;
};

/// Whether a CSV header (its first line) is a recorded best responses file: a `bor` or
/// `confirmed_bor` column and no `date` column.
bool is_recorded_best_header(std::string_view first_line);

/// Reads a recorded best responses CSV. `file` names the input in errors. A subject and reader
/// given twice is an error.
RecordedBestFile read_recorded_best_csv(std::string_view text, const std::string& file, const ReadOptions& options);

}  // namespace recist::io
