#pragma once
// The lists that the assessment of one track works in (baseline check, new lesions, each follow-up's
// target and non-target values). Each thread keeps one set and reuses it from one track to the
// next, so that a batch of millions of tracks does not allocate them anew for every track; the
// rules only clear and fill them. Not shared between threads.

#include <vector>

#include "rules.hpp"

namespace recist::rules {

/// One thread's working lists.
struct WorkingLists {
  BaselineCheck check;
  NewLesionFindings news;
  std::vector<const Observation*> by_lesion;  ///< A follow-up's observation of each lesion.
  std::vector<TargetValue> targets;
  std::vector<NonTargetValue> non_targets;
};

/// The calling thread's working lists.
WorkingLists& working_lists();

/// The baseline's observation of each lesion, for check_baseline_detail() on the calling thread.
std::vector<const Observation*>& baseline_observations();

}  // namespace recist::rules
