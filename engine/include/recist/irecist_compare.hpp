#pragma once
// iRECIST in `recist compare --criteria irecist|both` (issue 29): the i-responses a reader
// recorded (native `reported`, recorded-responses files, SDTM RS with RSCAT iRECIST) against the
// recomputation from the measurements, time point by time point and by iBOR, with the categories
// of compare.hpp (iRECIST's own where the rule is iRECIST's) and the agreement statistics. Rules
// only, no I/O; thread-safe.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "recist/agreement.hpp"
#include "recist/compare.hpp"
#include "recist/irecist_result.hpp"
#include "recist/profile.hpp"
#include "recist/track.hpp"

namespace recist {

/// One recorded i-response against the recomputed one.
struct IrecistComparison {
  CompareLevel level = CompareLevel::Timepoint;
  std::optional<Date> date;  ///< The recorded time point's date (time points only).
  std::string visit;
  std::optional<std::int32_t> day;
  /// The measured assessment it was matched with: the same date, else the same visit label.
  std::optional<Date> computed_date;
  IResponse recorded = IResponse::iNE;
  std::optional<IResponse> computed;  ///< Null when no measured assessment matches.
  Discrepancy category = Discrepancy::None;
  std::string explanation;  ///< Empty when they agree.

  bool agree() const { return category == Discrepancy::None; }
};

/// Recorded against recomputed iRECIST for one track.
struct IrecistTrackComparison {
  std::string subject;
  std::string reader;
  std::vector<IrecistComparison> comparisons;  ///< Time points by date, then iBOR, confirmed iBOR.

  bool agree() const;
};

/// The agreement of one reader's recorded i-responses with the recomputed ones.
struct IrecistStatistics {
  std::string source_a, source_b;  ///< "INVESTIGATOR recorded", "INVESTIGATOR recomputed".
  IAgreementTable timepoints;
  IAgreementTable ibor;
  IAgreementTable confirmed_ibor;
};

/// The iRECIST part of a comparison.
struct IrecistCompareResult {
  std::vector<IrecistTrackComparison> tracks;
  std::vector<IrecistStatistics> statistics;

  /// Recorded i-responses that differ from the recomputed ones (or have nothing to match).
  std::size_t disagreements() const;
};

/// The i-responses recorded for a measured track: those of `recorded` (a recorded-responses
/// track of the same subject and reader) when it holds any, else Track::recorded_i and the
/// assessments' reported_i, by date.
std::vector<RecordedTimepoint> recorded_iresponses(const Track& track, const RecordedTrack* recorded);

/// Compares the recorded i-responses of one measured track with the recomputed `computed`
/// (= assess_irecist(track, recist, profile), `recist` = assess(track, profile)). The recorded iBOR
/// is derived from the recorded time points by Seymour 2017 table 3 (irecist_best_response).
IrecistTrackComparison compare_irecist_track(const Track& track, const TrackResult& recist,
                                             const IrecistResult& computed, std::span<const RecordedTimepoint> recorded,
                                             const Profile& profile);

/// Every measured track with recorded i-responses, compared; then each reader's statistics.
IrecistCompareResult compare_irecist(std::span<const Track> tracks, std::span<const RecordedTrack> recorded,
                                     const Profile& profile);

}  // namespace recist
