// `convention = admiralonco`: best responses by admiralonco's derive_param_bor and
// derive_param_confirmed_bor, each rule piece against our SPEC's (R14–R16) where they differ.
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "recist/assess.hpp"
#include "test_support.hpp"

using namespace recist;
using R = Response;

namespace {

const Date kStart = *Date::from_ymd(2020, 1, 1);

Profile admiralonco() {
  Profile p;
  p.convention = Convention::Admiralonco;
  p.sd_min_days = 28;  // ref_start_window in admiralonco's tests
  return p;
}

BestResponse best(std::vector<std::pair<int, R>> points, const Profile& p = admiralonco()) {
  return best_response(testing::timepoints_at(kStart, std::move(points)), kStart, p);
}

int day_of(const std::optional<Date>& d) {
  REQUIRE(d.has_value());
  return d->days_after(kStart);
}

}  // namespace

TEST_CASE("admiralonco: CR followed by PR is SD, where the SPEC confirms a PR (R16)") {
  Profile spec;
  spec.sd_min_days = 28;
  CHECK(best({{35, R::CR}, {70, R::PR}}, spec).confirmed_bor == R::PR);
  const BestResponse b = best({{35, R::CR}, {70, R::PR}});
  CHECK(b.confirmed_bor == R::SD);
  CHECK(day_of(b.confirmed_bor_date) == 35);  // the first CR, PR or SD from day 28
  CHECK(!b.confirmation_date);
  REQUIRE(b.findings.size() == 1);
  CHECK(b.findings[0].code == "CR_FOLLOWED_BY_PR");  // signal_crpr
  // PR, CR, PR: the PR is not confirmed by the later PR across the CR.
  CHECK(best({{4, R::PR}, {14, R::CR}, {57, R::PR}}).confirmed_bor == R::SD);
  CHECK(best({{4, R::PR}, {14, R::CR}, {57, R::PR}}, spec).confirmed_bor == R::PR);
}

TEST_CASE("admiralonco: a PR is confirmed by a CR or PR at ref_confirm days, not one day less") {
  Profile p = admiralonco();
  p.confirm_min_days = 28;
  const BestResponse b = best({{30, R::PR}, {58, R::CR}}, p);
  CHECK(b.confirmed_bor == R::PR);
  CHECK(day_of(b.confirmed_bor_date) == 30);  // the PR itself
  CHECK(day_of(b.confirmation_date) == 58);
  CHECK(best({{30, R::PR}, {57, R::PR}}, p).confirmed_bor == R::SD);
  CHECK(best({{30, R::PR}, {40, R::PR}, {58, R::CR}}, p).confirmed_bor == R::PR);  // PR before CR stands
}

TEST_CASE("admiralonco: accept_sd lets one SD stand before a PR's confirmation, never two, never for a CR") {
  Profile p = admiralonco();
  CHECK(best({{30, R::PR}, {44, R::SD}, {72, R::PR}}, p).confirmed_bor == R::SD);
  p.accept_sd = true;
  CHECK(best({{30, R::PR}, {44, R::SD}, {72, R::PR}}, p).confirmed_bor == R::PR);
  CHECK(best({{30, R::PR}, {44, R::SD}, {58, R::SD}, {72, R::PR}}, p).confirmed_bor == R::SD);
  CHECK(best({{30, R::CR}, {44, R::SD}, {72, R::CR}}, p).confirmed_bor == R::SD);
}

TEST_CASE("admiralonco: max_nr_ne NE may stand before a confirmation") {
  Profile p = admiralonco();
  p.max_ne_between = 1;
  CHECK(best({{30, R::CR}, {44, R::NE}, {72, R::CR}}, p).confirmed_bor == R::CR);
  CHECK(best({{30, R::CR}, {44, R::NE}, {58, R::NE}, {72, R::CR}}, p).confirmed_bor == R::SD);
  p.max_ne_between = 0;
  CHECK(best({{30, R::CR}, {44, R::NE}, {72, R::CR}}, p).confirmed_bor == R::SD);
}

TEST_CASE("admiralonco: SD and NON-CR/NON-PD count from ref_start_window, else they are NE, dated") {
  const BestResponse early = best({{27, R::SD}});
  CHECK(early.bor == R::NE);
  CHECK(early.confirmed_bor == R::NE);
  CHECK(day_of(early.bor_date) == 27);
  CHECK(best({{28, R::SD}}).bor == R::SD);
  CHECK(best({{28, R::NonCrNonPd}}).confirmed_bor == R::NonCrNonPd);
  // A CR or PR counts for the BOR whatever its day, even before the reference date.
  const BestResponse before = best({{-31, R::PR}, {-30, R::CR}, {-29, R::NE}});
  CHECK(before.bor == R::CR);
  CHECK(day_of(before.bor_date) == -30);
  // Unconfirmed and before the window, it is NE for the CBOR, dated at the first such record.
  CHECK(before.confirmed_bor == R::NE);
  CHECK(day_of(before.confirmed_bor_date) == -31);
}

TEST_CASE("admiralonco: the best is the first of its kind by date") {
  const BestResponse b = best({{30, R::CR}, {40, R::PR}, {60, R::CR}, {90, R::CR}});
  CHECK(day_of(b.bor_date) == 30);
  CHECK(b.confirmed_bor == R::CR);
  CHECK(day_of(b.confirmed_bor_date) == 60);  // 30 is not confirmed: a PR follows it
  CHECK(day_of(b.confirmation_date) == 90);
}

TEST_CASE("admiralonco: no record is MISSING, or NE with missing_as_ne; a MISSING row is no record") {
  for (auto points : {std::vector<std::pair<int, R>>{}, std::vector<std::pair<int, R>>{{30, R::Missing}}}) {
    const BestResponse b = best(points);
    CHECK(b.bor == R::Missing);
    CHECK(b.confirmed_bor == R::Missing);
    CHECK(!b.bor_date);
    Profile p = admiralonco();
    p.missing_as_ne = true;
    CHECK(best(points, p).confirmed_bor == R::NE);
    CHECK(!best(points, p).confirmed_bor_date);
  }
  CHECK(best({{30, R::Missing}, {40, R::SD}}).bor == R::SD);
}

TEST_CASE("admiralonco: ND is a confirmed BOR after NE, no BOR at all, and breaks a confirmation") {
  const BestResponse nd = best({{30, R::ND}});
  CHECK(nd.bor == R::Missing);  // derive_param_bor has no order for ND
  CHECK(nd.confirmed_bor == R::ND);
  CHECK(day_of(nd.confirmed_bor_date) == 30);
  CHECK(best({{20, R::NE}, {30, R::ND}}).confirmed_bor == R::NE);
  CHECK(best({{30, R::CR}, {44, R::ND}, {72, R::CR}}).confirmed_bor == R::SD);
}

TEST_CASE("admiralonco: records end at the first PD, or go on with source_pd none") {
  CHECK(best({{15, R::PD}, {34, R::SD}}).confirmed_bor == R::PD);
  Profile p = admiralonco();
  p.source_pd = SourcePd::None;
  const BestResponse b = best({{15, R::PD}, {34, R::SD}}, p);
  CHECK(b.confirmed_bor == R::SD);
  CHECK(day_of(b.confirmed_bor_date) == 34);
  CHECK(day_of(b.pd_date) == 15);  // R17's first PD is still reported
}

TEST_CASE("admiralonco: ND and MISSING are read only by their own parser, never as SPEC codes") {
  CHECK(!parse_response("ND"));
  CHECK(!parse_response("MISSING"));
  CHECK(parse_admiralonco_response("nd") == R::ND);
  CHECK(parse_admiralonco_response("Missing") == R::Missing);
  CHECK(!parse_admiralonco_response("NE"));
}
