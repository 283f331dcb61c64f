#pragma once
// One track of a native measurements CSV (SPEC 4.1) rewritten in place, every other record left
// byte for byte as it was: what `recist serve` saves. The file's own column order and line ends
// are kept; the rows of the track are the canonical rows of write_measurements_csv.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "recist/io/input_error.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// Where the records of a measurements CSV text are, and whose track each one is.
struct MeasurementsText {
  /// One record: its bytes from `begin` to `end` (line end included) and its track (an index into
  /// `tracks`; -1 for a blank line or a record without subject).
  struct Record {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::int64_t line = 0;  ///< The line it starts on, as the CSV reader counts lines.
    int track = -1;
  };
  /// A (subject, reader) pair, as the CSV reader keys tracks (trimmed; reader INVESTIGATOR when
  /// blank), with its records in file order.
  struct TrackRecords {
    std::string subject;
    std::string reader;
    std::vector<std::size_t> records;  ///< Indices into `records`.
  };
  std::array<int, kMeasurementColumnCount> at{};  ///< Field index of each column in the header; -1: absent.
  std::vector<int> columns;  ///< The column of each header field, in order.
  std::size_t header_end = 0;  ///< End of the header record (line end included); 0 for an empty text.
  std::string line_end = "\n";  ///< The header's line end, used for new records.
  std::vector<Record> records;
  std::vector<TrackRecords> tracks;  ///< In order of first record.

  /// The track of `subject` and `reader`, or null.
  const TrackRecords* find(std::string_view subject, std::string_view reader) const;
  /// The bytes of a track's records, concatenated in file order.
  std::string text_of(std::string_view text, const TrackRecords& track) const;
};

/// Indexes a measurements CSV text; an empty text has no header yet. False with `error` set (the
/// CSV reader's message) when the header is unreadable or names an unknown column, or a record's
/// quoting is broken.
bool index_measurements_text(std::string_view text, const std::string& file, MeasurementsText* out,
                             InputError* error);

/// `text` (indexed as `index`) with the records of `track`'s (subject, reader) replaced by the
/// canonical rows of `track`: in place of its first record, or appended when it has none. Every
/// other record is kept byte for byte, unless the rows need a column the header lacks: then the
/// header gains it at the end and each other record one empty field (its values unchanged). An
/// empty text becomes the canonical header and the rows.
std::string replace_track_rows(std::string_view text, const MeasurementsText& index, const Track& track);

}  // namespace recist::io
