#pragma once
// The iRECIST entry point (issue 19): a second set of criteria over the same observations as
// RECIST 1.1. Works on one track and touches nothing else, like recist/assess.hpp.

#include <span>

#include "recist/irecist_result.hpp"
#include "recist/profile.hpp"
#include "recist/result.hpp"
#include "recist/track.hpp"

namespace recist {

/// iRECIST time-point responses and iBOR of a measured track (RECIST 1.1 assessed first).
IrecistResult assess_irecist(const Track& track, const Profile& profile);

/// The same from the track's RECIST 1.1 result `recist` (= assess(track, profile)), whose target
/// and non-target responses iRECIST keeps (Seymour 2017: RECIST 1.1 rules apply to them).
IrecistResult assess_irecist(const Track& track, const TrackResult& recist, const Profile& profile);

/// assess(track, profile), with TrackResult::irecist filled when profile.criteria asks for it.
TrackResult assess_with_criteria(const Track& track, const Profile& profile);

/// iBOR (Seymour 2017, table 3) from iRECIST time points of which `date`, `day` and `overall` are used.
IrecistBest irecist_best_response(std::span<const IrecistTimepoint> timepoints, const Profile& profile);

}  // namespace recist
