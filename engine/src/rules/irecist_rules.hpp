#pragma once
// iRECIST's rules (Seymour et al., Lancet Oncol 2017;18:e143–e152) as small functions beside the
// RECIST 1.1 ones of rules.hpp, which they reuse. Internal to the engine and its unit tests.

#include <optional>
#include <span>
#include <vector>

#include "recist/irecist_result.hpp"
#include "recist/track.hpp"
#include "rules.hpp"

namespace recist::rules {

// ---- irecist_new_lesions.cpp (Seymour 2017, table 1: new lesions) ----

/// The new lesions at one follow-up, as iRECIST sees them.
struct NewLesionFollowUp {
  /// Sum of the new-lesion targets evaluated here; null while there are none.
  std::optional<Millimetres> target_sum;
  int targets = 0;                      ///< New-lesion targets identified up to here.
  int non_targets = 0;                  ///< New-lesion non-targets identified up to here.
  std::vector<std::uint32_t> appeared;  ///< Lesions first unequivocal here.
  /// New-lesion non-targets recorded INCREASED here, or measured at least
  /// new_non_target_growth() above their last measured diameter.
  std::vector<std::uint32_t> increased;
  /// The diameters of the new-lesion non-targets measured here (lesion index, diameter).
  std::vector<std::pair<std::uint32_t, Millimetres>> non_target_mm;
  bool any_present = false;  ///< An identified new lesion is there (not ABSENT).
  Reasons reasons;
};

/// The smallest diameter of a measurable new lesion: R1's for a non-nodal one, 15 mm short axis
/// for a node (R2); Seymour 2017 table 1 applies RECIST 1.1's measurability to new lesions.
Millimetres new_target_threshold(const Lesion& lesion);

/// The growth of a measured new-lesion non-target that counts as table 2's "any increase": 5 mm,
/// the smallest change RECIST 1.1 accepts as real (guideline section 4.3.1, the absolute 5 mm of
/// PD) and the step Seymour 2017 table 2 asks of the new-lesion targets' sum.
Millimetres new_non_target_growth();

/// Each follow-up's new lesions (assessments[1..]) of `new_lesions` (lesion indices): a lesion is
/// identified where it is first unequivocal, as a new-lesion target when the reader said
/// NEW_TARGET, or, unassigned, when it is measurable and there is room (5, 2 per organ, R3's
/// organs; the largest first when there is not room for all, whatever the order of the rows);
/// else as a new-lesion non-target.
std::vector<NewLesionFollowUp> irecist_new_lesions(const Track& track, std::span<const std::uint32_t> new_lesions);

// ---- irecist_timepoint.cpp (Seymour 2017, table 2) ----

/// Table 2 without an open iUPD: the i-response of RECIST 1.1 components with no new progression
/// (iCR needs no new lesion left; a PR kept by R9a stays iPR).
IResponse irecist_without_progression(Response target, Response non_target, bool new_lesion_present,
                                      Response recist_overall);

/// The RECIST 1.1 code an i-code stands for (Seymour 2017, table 2: iUPD and iCPD are PD; iNE is
/// NE), as R15 and compare read it.
Response as_recist(IResponse r);

}  // namespace recist::rules
