#pragma once
// What every fuzz target checks beyond "no crash, no leak, no hang": the invariants the SPEC and
// the READMEs promise of a reader's Dataset and of the engine's results (issue 20, "Fuzzing").
// A broken invariant prints what was wrong and aborts, which libFuzzer reports as a crash and
// saves the input.

#include <string>
#include <string_view>
#include <vector>

#include "recist/batch/batch.hpp"
#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"
#include "recist/profile.hpp"
#include "recist/result.hpp"
#include "recist/track.hpp"

namespace recist::fuzz {

/// Prints `what` (the broken invariant) and `detail`, then aborts.
[[noreturn]] void fail(const char* what, const std::string& detail);

#define FUZZ_CHECK(cond, detail)                                  \
  do {                                                            \
    if (!(cond)) ::recist::fuzz::fail(#cond, (detail));           \
  } while (0)

/// The reading options of the reader targets: a small error cap, so the cap and its "more
/// errors" message are reached; `strict` from the caller (each target tries both).
io::ReadOptions read_options(bool strict);

/// The profile of the reader targets: RECIST 1.1 and iRECIST side by side.
Profile both_criteria();

/// How an input's errors may be located.
struct Locating {
  /// Errors must name this file (empty: any non-empty name).
  std::string file;
  /// The highest line an error may name (0: no bound, e.g. record numbers).
  std::int64_t max_line = 0;
};

/// read_measurements_csv() on the calling thread (it takes one thread per core, and a thread
/// costs more than a small input under ASan): the same code, BatchOptions{1}.
io::Dataset read_measurements(std::string_view text, const std::string& file, const io::ReadOptions& options,
                              const io::BatchOptions& batch = io::BatchOptions{1});

/// The lines of `text` as the CSV reader counts them (an upper bound of any line it names).
std::int64_t line_count(std::string_view text);

/// Checks a reader's Dataset: every error located (file, line ≥ 0 and within max_line, a
/// message; a line for every error of a track left out), the error cap kept, --strict making
/// any error fatal, and every track well formed (check_track).
void check_dataset(const io::Dataset& data, const Locating& where, const io::ReadOptions& options);

/// A measured track as the readers make it: a subject, assessments in strictly increasing date
/// order, each lesion observed at most once per assessment, every observation naming a lesion of
/// the track, each lesion observed at least once, fragments adding up to the diameter.
void check_track(const Track& track);

/// Assesses `track` (with the profile's criteria) and checks the result: one time point per
/// follow-up, in date order, each with an overall response of SPEC 5.1 (never NA), day = date −
/// start; the confirmed BOR never better than the BOR; iRECIST time point for time point, iCPD
/// kept once reached; and the JSON the writer makes of it is well formed. Returns the result.
TrackResult assess_and_check(const Track& track, const Profile& profile);

/// The same for a recorded track (SPEC 4.2).
void assess_and_check(const RecordedTrack& track, const Profile& profile);

/// Checks that `tracks` survive the round trips of `recist convert`: the canonical CSV read back
/// without error gives the same canonical CSV, and so does the native XML. Returns the canonical CSV.
std::string check_round_trip(const std::vector<Track>& tracks);

/// check_dataset, then every track assessed and checked (at most `max_tracks`), then the round trip.
void check_all(const io::Dataset& data, const Locating& where, const io::ReadOptions& options,
               std::size_t max_tracks = 16);

}  // namespace recist::fuzz
