// R11: the non-target response.
#include <doctest/doctest.h>

#include <vector>

#include "rules/rules.hpp"
#include "test_support.hpp"

using namespace recist;
using recist::testing::mm;
using S = LesionStatus;

namespace {

Response respond(std::vector<rules::NonTargetValue> v) {
  Reasons reasons;
  Response r = rules::non_target_response(v, &reasons);
  CHECK(reasons.size() == 1);
  return r;
}

rules::NonTargetValue nt(S s, bool nodal = false, const char* d = nullptr) {
  return {"NT", nodal, s, d ? std::optional(mm(d)) : std::nullopt};
}

}  // namespace

TEST_CASE("unequivocal progression of any non-target is PD, before anything else") {
  CHECK(respond({nt(S::Progression), nt(S::NotEvaluated)}) == Response::PD);
  CHECK(respond({nt(S::Absent), nt(S::Progression)}) == Response::PD);
}

TEST_CASE("a non-target not evaluated makes NE") {
  CHECK(respond({nt(S::Present), nt(S::NotEvaluated)}) == Response::NE);
  CHECK(respond({nt(S::Absent), nt(S::NotEvaluated)}) == Response::NE);
}

TEST_CASE("CR needs every non-target absent, nodes below 10 mm") {
  CHECK(respond({nt(S::Absent), nt(S::Absent)}) == Response::CR);
  CHECK(respond({nt(S::Absent), nt(S::Present, true, "9.99")}) == Response::CR);
  CHECK(respond({nt(S::Absent), nt(S::Present, true, "10")}) == Response::NonCrNonPd);
  CHECK(respond({nt(S::Absent), nt(S::Present, false, "5")}) == Response::NonCrNonPd);
}

TEST_CASE("present non-targets without progression are NON-CR/NON-PD") {
  CHECK(respond({nt(S::Present), nt(S::Absent)}) == Response::NonCrNonPd);
}

TEST_CASE("no non-targets give NA") { CHECK(respond({}) == Response::NA); }
