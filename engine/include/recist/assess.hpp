#pragma once
// The entry points of the engine. Each function works on one track and touches nothing else, so
// callers may assess tracks concurrently from several threads.

#include <span>
#include <vector>

#include "recist/profile.hpp"
#include "recist/result.hpp"
#include "recist/track.hpp"

namespace recist {

/// Baseline checks R1–R5 of a track: findings only.
std::vector<Finding> check_baseline(const Track& track, const Profile& profile);

/// Time-point responses (R6–R13) and best overall responses (R14–R17) of a measured track.
TrackResult assess(const Track& track, const Profile& profile);

/// Best overall responses (R14–R17) from a reader's recorded time-point responses (SPEC 4.2).
TrackResult assess(const RecordedTrack& track, const Profile& profile);

/// R14–R17 from a sequence of time points of which `date`, `day`, `overall` (and, for R17's
/// best percent change, `pct_from_baseline`) are used.
BestResponse best_response(std::span<const TimepointResult> timepoints, Date start_date,
                           const Profile& profile);

}  // namespace recist
