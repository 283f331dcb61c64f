// R13: guideline tables 1 and 2, every combination of target, non-target and new lesions.
#include <doctest/doctest.h>

#include "rules/rules.hpp"

using namespace recist;
using R = Response;

namespace {

// The table of SPEC R13 written out row by row, independently of the implementation.
// Index: target CR, PR, SD, NE, PD, NA × non-target CR, NON-CR/NON-PD, NE, PD, NA; no new lesion.
constexpr R kTarget[] = {R::CR, R::PR, R::SD, R::NE, R::PD, R::NA};
constexpr R kNonTarget[] = {R::CR, R::NonCrNonPd, R::NE, R::PD, R::NA};
constexpr R kExpected[6][5] = {
    //            CR      NONCR/NONPD    NE     PD     NA
    /* CR */ {R::CR, R::PR,         R::PR, R::PD, R::CR},
    /* PR */ {R::PR, R::PR,         R::PR, R::PD, R::PR},
    /* SD */ {R::SD, R::SD,         R::SD, R::PD, R::SD},
    /* NE */ {R::NE, R::NE,         R::NE, R::PD, R::NE},
    /* PD */ {R::PD, R::PD,         R::PD, R::PD, R::PD},
    /* NA */ {R::CR, R::NonCrNonPd, R::NE, R::PD, R::NE},  // NA/NA: no disease, not evaluable
};

}  // namespace

TEST_CASE("every row of tables 1 and 2 without new lesions") {
  for (int t = 0; t < 6; ++t) {
    for (int n = 0; n < 5; ++n) {
      CAPTURE(to_string(kTarget[t]));
      CAPTURE(to_string(kNonTarget[n]));
      CHECK(rules::overall_response(kTarget[t], kNonTarget[n], false) == kExpected[t][n]);
    }
  }
}

TEST_CASE("an unequivocal new lesion is PD whatever the targets and non-targets") {
  for (R t : kTarget)
    for (R n : kNonTarget) CHECK(rules::overall_response(t, n, true) == R::PD);
}
