// The overall response at a time point: R13, guideline tables 1 (targets, with or without
// non-targets) and 2 (non-target disease only).
#include "rules.hpp"

namespace recist::rules {

Response overall_response(Response target, Response non_target, bool unequivocal_new_lesion) {
  using R = Response;
  // Any PD, or an unequivocal new lesion, is PD whatever else (last three rows of the table).
  if (target == R::PD || non_target == R::PD || unequivocal_new_lesion) return R::PD;
  switch (target) {
    case R::CR:
      // Table 1: CR needs non-targets CR (or none); NON-CR/NON-PD or NE non-targets make it PR.
      return non_target == R::CR || non_target == R::NA ? R::CR : R::PR;
    case R::PR:
      return R::PR;
    case R::SD:
      return R::SD;
    case R::NE:
      return R::NE;
    case R::NA:
      // Table 2: non-target disease only.
      if (non_target == R::CR) return R::CR;
      if (non_target == R::NonCrNonPd) return R::NonCrNonPd;
      return R::NE;  // NE, or no disease at all (NA/NA): not evaluable.
    default:
      return R::NE;
  }
}

}  // namespace recist::rules
