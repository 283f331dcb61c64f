// recist compare --criteria irecist|both (issue 29): recorded i-responses matched by date, else by
// visit label, their categories, the derived iBOR, and the agreement table over the 7 i-codes.
#include "recist/irecist_compare.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "test_support.hpp"

using namespace recist;
using I = IResponse;

namespace {

/// T1 50 mm at baseline; 60 at day 42 (iUPD), 64.99 at day 84 (still iUPD: 4.99 mm).
Track progressing() {
  return testing::csv_track(
      "subject,date,lesion,role,site,diameter_mm,visit\nS,2026-03-01,T1,TARGET,LIVER,50,BASE\n"
      "S,2026-04-12,T1,,,60,W6\nS,2026-05-24,T1,,,64.99,W12\n");
}

}  // namespace

TEST_CASE("recorded i-responses: the same date, else the same visit label, else nothing to compare with") {
  const Track t = progressing();
  const std::vector<RecordedTimepoint> rec = {
      {testing::day("2026-04-12"), "W6", std::nullopt, I::iUPD},   // same date: agrees
      {testing::day("2026-05-25"), "W12", std::nullopt, I::iCPD},  // a day later, same visit: 4.99 mm, not 5
      {testing::day("2026-07-05"), "W18", std::nullopt, I::iSD}};  // no measurement
  const IrecistCompareResult r = compare_irecist(std::span(&t, 1), {}, Profile{});
  CHECK(r.tracks.empty());  // nothing recorded on the track itself
  Track with = t;
  with.recorded_i = rec;
  const IrecistCompareResult c = compare_irecist(std::span(&with, 1), {}, Profile{});
  REQUIRE(c.tracks.size() == 1);
  const auto& cmp = c.tracks[0].comparisons;
  REQUIRE(cmp.size() == 5);  // three time points, iBOR, confirmed iBOR
  CHECK(cmp[0].agree());
  CHECK(cmp[1].computed == I::iUPD);
  CHECK(cmp[1].computed_date == testing::day("2026-05-24"));
  CHECK(cmp[1].category == Discrepancy::IcpdGrowth);
  CHECK(cmp[1].explanation.find("matched by visit W12") == 0);
  CHECK(cmp[1].explanation.find("4.99 mm") != std::string::npos);
  CHECK(!cmp[2].computed);
  CHECK(cmp[2].category == Discrepancy::Other);
  // iBOR derived from the recorded time points: iCPD (table 3), the recomputed one iUPD.
  CHECK(cmp[3].level == CompareLevel::Bor);
  CHECK(cmp[3].recorded == I::iCPD);
  CHECK(cmp[3].computed == I::iUPD);
  CHECK(cmp[3].category == Discrepancy::FollowsTimepoints);
  CHECK(c.disagreements() == 4);
  REQUIRE(c.statistics.size() == 1);
  CHECK(c.statistics[0].timepoints.n == 2);  // the unmatched one is left out
  CHECK(c.statistics[0].timepoints.agreement.count == 1);
}

TEST_CASE("a recorded-responses track's i-codes are used in place of the track's own") {
  Track t = progressing();
  t.assessments[2].reported_i = I::iCPD;
  RecordedTrack rec;
  rec.subject = "S";
  rec.timepoints = {{testing::day("2026-05-24"), "W12", std::nullopt, I::iUPD}};
  CHECK(recorded_iresponses(t, nullptr).size() == 1);
  CHECK(recorded_iresponses(t, nullptr)[0].iresponse == I::iCPD);
  CHECK(recorded_iresponses(t, &rec)[0].iresponse == I::iUPD);
  const IrecistCompareResult c = compare_irecist(std::span(&t, 1), std::span(&rec, 1), Profile{});
  REQUIRE(c.tracks.size() == 1);
  CHECK(c.tracks[0].agree());
}

TEST_CASE("the iRECIST agreement table counts the 7 codes and gives kappa") {
  const std::vector<std::pair<I, I>> pairs = {
      {I::iUPD, I::iUPD}, {I::iCPD, I::iCPD}, {I::iUPD, I::iCPD}, {I::iNE, I::iNE}};
  const IAgreementTable t = agreement_table(pairs);
  CHECK(t.n == 4);
  CHECK(t.agreement.count == 3);
  CHECK(t.counts[4][5] == 1);  // iUPD row, iCPD column
  REQUIRE(t.kappa.value);
  // p_o = 3/4; margins A (iUPD 2, iCPD 1, iNE 1), B (iUPD 1, iCPD 2, iNE 1): p_e = (2+2+1)/16.
  CHECK(*t.kappa.value == doctest::Approx((0.75 - 5.0 / 16) / (1 - 5.0 / 16)));
}
