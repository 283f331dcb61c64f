#pragma once
// The native JSON track (schemas/track.schema.json): one measured track as a JSON object, the
// request body of `recist serve`'s API. It holds what a track of the native CSV (SPEC 4.1) holds,
// declared as the native XML declares it: lesions with their baseline attributes, then dated
// assessments of observations. Member names are the CSV column names, and every value is read
// with the CSV reader's terms, checks and messages, so a bad value says what the CSV reader would
// say of it, and a track read from JSON is the track its CSV conversion gives.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recist/track.hpp"

namespace recist::io {

/// One bad value of a JSON track: where it is (a JSON Pointer, RFC 6901, such as
/// "/assessments/1/observations/0/diameter_mm"; "" for the document), the CSV column or member
/// at fault, and what was found and expected.
struct JsonFieldError {
  std::string pointer;
  std::string column;
  std::string message;
};

/// What read_track_json() makes of a document: the track when it has no error, else every error.
struct JsonTrack {
  std::optional<Track> track;
  std::vector<JsonFieldError> errors;
};

/// Reads a native JSON track. Values are JSON strings as they would stand in the CSV, numbers
/// (diameters and slice thickness; exact to two decimals) or null (an empty field).
JsonTrack read_track_json(std::string_view text);

}  // namespace recist::io
