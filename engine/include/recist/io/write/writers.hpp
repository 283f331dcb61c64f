#pragma once
// Writers of the results (SPEC 5.1): JSON, CSV (time-point or track level) and a readable table.
// A writer appends text to a string that the caller flushes when it likes, so a batch can stream
// one track after the other through a large buffer.

#include <memory>
#include <span>
#include <string>

#include "recist/io/input_error.hpp"
#include "recist/profile.hpp"
#include "recist/result.hpp"
#include "recist/summary.hpp"

namespace recist::io {

/// The output formats of `--format`; SdtmRs and Adrs (recist assess only) are in recist/io/sdtm.hpp.
enum class OutputFormat { Table, Csv, Json, SdtmRs, Adrs };
/// The rows of `--format csv`.
enum class CsvLevel { Timepoint, Track };

/// Writes results one track at a time.
class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  /// Before the first track.
  virtual void begin(const Profile& profile, std::string* out) = 0;
  /// One track.
  virtual void track(const TrackResult& track, std::string* out) = 0;
  /// After the last track: the trial summary (null when not wanted) and the input errors.
  virtual void end(const TrialSummary* summary, std::span<const InputError> errors, std::string* out) = 0;
};

/// SPEC 5.1 JSON.
std::unique_ptr<ResultWriter> make_json_writer();
/// SPEC 5.1 fields, flattened.
std::unique_ptr<ResultWriter> make_csv_writer(CsvLevel level);
/// A table for people; `with_reasons` adds every time point's reasons.
std::unique_ptr<ResultWriter> make_table_writer(bool with_reasons);
/// `recist validate`: each track's baseline findings, as JSON (format Json) or as lines for people
/// (any other format). The tracks it is given carry findings only (see cli `validate`).
std::unique_ptr<ResultWriter> make_validate_writer(OutputFormat format);

/// Appends `s` as a JSON string literal.
void append_json_string(std::string* out, std::string_view s);
/// Appends a finding as the JSON object of SPEC 5.1.
void append_json_finding(std::string* out, const Finding& finding);
/// Appends input errors as the JSON array of SPEC 5.1 ERROR objects.
void append_json_errors(std::string* out, std::span<const InputError> errors);

}  // namespace recist::io
