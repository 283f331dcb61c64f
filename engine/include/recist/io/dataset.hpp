#pragma once
// What a reader hands to the engine: tracks (measured or recorded), in the order their subjects
// first appear in the input, and the input errors found. A track with bad data is left out and its
// errors are reported, so one bad patient does not sink the others.

#include <string>
#include <vector>

#include "recist/io/input_error.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// The tracks read from one input.
struct Dataset {
  std::vector<Track> tracks;
  std::vector<RecordedTrack> recorded;
  std::vector<InputError> errors;
  /// The input as a whole could not be read (unreadable, no header, a required column missing,
  /// an unknown column, broken quoting): exit code 3 whatever else was read.
  bool fatal = false;
  /// Errors found beyond ReadOptions::max_errors (not listed).
  std::size_t errors_not_listed = 0;
};

}  // namespace recist::io
