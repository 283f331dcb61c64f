// R14–R17: best overall response, unconfirmed and confirmed (guideline §4.4, table 3), every
// profile parameter at its boundary.
#include <doctest/doctest.h>

#include <utility>
#include <vector>

#include "recist/assess.hpp"
#include "test_support.hpp"

using namespace recist;
using R = Response;

namespace {

const Date kStart = *Date::from_ymd(2026, 3, 1);

/// Time points at the given days after the start, with the given overall responses.
std::vector<TimepointResult> seq(std::vector<std::pair<int, R>> points) {
  return testing::timepoints_at(kStart, std::move(points));
}

BestResponse best(std::vector<std::pair<int, R>> points, const Profile& p = {}) {
  auto tps = seq(std::move(points));
  return best_response(tps, kStart, p);
}

std::string reasons(const BestResponse& b) {
  std::string s;
  for (std::string_view r : b.reasons) s.append(r).append("\n");
  return s;
}

}  // namespace

TEST_CASE("table 3: CR then CR is CR") {
  auto b = best({{42, R::CR}, {84, R::CR}});
  CHECK(b.bor == R::CR);
  CHECK(b.confirmed_bor == R::CR);
  CHECK(b.confirmation_date->days_after(kStart) == 84);
}

TEST_CASE("table 3: CR then PR is PR with the R16 warning") {
  auto b = best({{42, R::CR}, {84, R::PR}});
  CHECK(b.bor == R::CR);
  CHECK(b.confirmed_bor == R::PR);
  REQUIRE(b.findings.size() == 1);
  CHECK(b.findings[0].code == "CR_FOLLOWED_BY_PR");
  CHECK(b.findings[0].severity == Severity::Warning);
}

TEST_CASE("table 3: CR or PR then SD, PD or NE is SD if the SD minimum is met, else PD or NE") {
  for (R first : {R::CR, R::PR}) {
    CAPTURE(to_string(first));
    CHECK(best({{42, first}, {84, R::SD}}).confirmed_bor == R::SD);
    CHECK(best({{42, first}, {84, R::PD}}).confirmed_bor == R::SD);
    CHECK(best({{42, first}, {84, R::NE}}).confirmed_bor == R::SD);
    // First response on day 35, before the 42-day SD minimum.
    CHECK(best({{35, first}, {77, R::PD}}).confirmed_bor == R::PD);
    CHECK(best({{35, first}, {77, R::NE}}).confirmed_bor == R::NE);
    // SD at day 77 meets the minimum on its own.
    CHECK(best({{35, first}, {77, R::SD}}).confirmed_bor == R::SD);
    // Unconfirmed BOR is the response itself.
    CHECK(best({{35, first}, {77, R::PD}}).bor == first);
  }
}

TEST_CASE("table 3: PR then CR, and PR then PR, are PR") {
  CHECK(best({{42, R::PR}, {84, R::CR}}).confirmed_bor == R::PR);
  CHECK(best({{42, R::PR}, {84, R::CR}}).bor == R::CR);
  CHECK(best({{42, R::PR}, {84, R::PR}}).confirmed_bor == R::PR);
}

TEST_CASE("table 3: NE then NE is NE") {
  CHECK(best({{42, R::NE}, {84, R::NE}}).confirmed_bor == R::NE);
  CHECK(best({{42, R::NE}, {84, R::NE}}).bor == R::NE);
}

TEST_CASE("confirm_min_days: 27 days is too early, 28 is enough") {
  CHECK(best({{42, R::PR}, {69, R::PR}}).confirmed_bor == R::SD);
  CHECK(reasons(best({{42, R::PR}, {69, R::PR}})).find("at least 28 days") != std::string::npos);
  CHECK(best({{42, R::PR}, {70, R::PR}}).confirmed_bor == R::PR);
  CHECK(best({{42, R::CR}, {69, R::CR}}).confirmed_bor == R::SD);
  CHECK(best({{42, R::CR}, {70, R::CR}}).confirmed_bor == R::CR);
  Profile p;
  p.confirm_min_days = 35;
  CHECK(best({{42, R::PR}, {76, R::PR}}, p).confirmed_bor == R::SD);
  CHECK(best({{42, R::PR}, {77, R::PR}}, p).confirmed_bor == R::PR);
}

TEST_CASE("an early repeat does not break the confirmation: PR, PR (21 d), PR (42 d)") {
  auto b = best({{42, R::PR}, {63, R::PR}, {84, R::PR}});
  CHECK(b.confirmed_bor == R::PR);
  CHECK(b.confirmation_date->days_after(kStart) == 84);
}

TEST_CASE("sd_min_days: SD on day 41 does not count, on day 42 it does") {
  CHECK(best({{41, R::SD}}).bor == R::NE);
  CHECK(best({{41, R::SD}}).confirmed_bor == R::NE);
  CHECK(reasons(best({{41, R::SD}})).find("before the 42-day minimum") != std::string::npos);
  CHECK(best({{42, R::SD}}).bor == R::SD);
  CHECK(best({{41, R::SD}, {83, R::PD}}).bor == R::PD);
  Profile p;
  p.sd_min_days = 35;
  CHECK(best({{34, R::SD}}, p).bor == R::NE);
  CHECK(best({{35, R::SD}}, p).bor == R::SD);
}

TEST_CASE("max_ne_between: one NE may stand between a response and its confirmation, two may not") {
  CHECK(best({{42, R::PR}, {63, R::NE}, {84, R::PR}}).confirmed_bor == R::PR);
  auto two = best({{42, R::PR}, {63, R::NE}, {74, R::NE}, {84, R::PR}});
  CHECK(two.confirmed_bor == R::SD);
  CHECK(reasons(two).find("2 NE") != std::string::npos);
  Profile p;
  p.max_ne_between = 2;
  CHECK(best({{42, R::PR}, {63, R::NE}, {74, R::NE}, {84, R::PR}}, p).confirmed_bor == R::PR);
  p.max_ne_between = 0;
  CHECK(best({{42, R::PR}, {63, R::NE}, {84, R::PR}}, p).confirmed_bor == R::SD);
  CHECK(best({{42, R::CR}, {63, R::NE}, {84, R::CR}}).confirmed_bor == R::CR);
}

TEST_CASE("SD between a response and its confirmation breaks it") {
  auto b = best({{42, R::PR}, {84, R::SD}, {126, R::PR}});
  CHECK(b.bor == R::PR);
  CHECK(b.confirmed_bor == R::SD);
  CHECK_FALSE(b.confirmation_date);
  CHECK(reasons(b).find("followed by SD on 2026-05-24") != std::string::npos);
  CHECK(best({{42, R::PR}, {84, R::SD}, {126, R::PR}, {168, R::PR}}).confirmed_bor == R::PR);
}

TEST_CASE("a CR confirmed only at PR level by a later PR: CR, CR (21 days), PR (42 days)") {
  auto b = best({{42, R::CR}, {63, R::CR}, {84, R::PR}});
  CHECK(b.confirmed_bor == R::PR);
  CHECK(b.findings.size() == 1);
}

TEST_CASE("R14: the window ends at the first PD; later responses do not count") {
  auto b = best({{42, R::SD}, {84, R::PD}, {126, R::PR}, {168, R::PR}});
  CHECK(b.bor == R::SD);
  CHECK(b.confirmed_bor == R::SD);
  CHECK(b.pd_date->days_after(kStart) == 84);
  CHECK(reasons(b).find("window ends at the first PD") != std::string::npos);
}

TEST_CASE("R14: PD only is PD; nothing evaluable is NE; no follow-up is NE") {
  CHECK(best({{42, R::PD}}).bor == R::PD);
  CHECK(best({{42, R::PD}}).confirmed_bor == R::PD);
  CHECK(best({{42, R::NE}}).bor == R::NE);
  CHECK(best({}).bor == R::NE);
  CHECK(best({}).confirmed_bor == R::NE);
}

TEST_CASE("R14: non-target-only disease, NON-CR/NON-PD at day 49 or only at day 35") {
  CHECK(best({{49, R::NonCrNonPd}}).bor == R::NonCrNonPd);
  CHECK(best({{49, R::NonCrNonPd}}).confirmed_bor == R::NonCrNonPd);
  CHECK(best({{35, R::NonCrNonPd}}).bor == R::NE);
  CHECK(best({{35, R::NonCrNonPd}}).confirmed_bor == R::NE);
  CHECK(best({{49, R::NonCrNonPd}, {91, R::CR}, {133, R::CR}}).confirmed_bor == R::CR);
}

TEST_CASE("R14: SD ranks above NON-CR/NON-PD") {
  CHECK(best({{42, R::NonCrNonPd}, {84, R::SD}}).bor == R::SD);
}

TEST_CASE("R17: first response, confirmation, PD date, duration of response") {
  auto b = best({{42, R::SD}, {84, R::PR}, {126, R::PR}, {168, R::PD}});
  CHECK(b.first_response_date->days_after(kStart) == 84);
  CHECK(b.confirmation_date->days_after(kStart) == 126);
  CHECK(b.pd_date->days_after(kStart) == 168);
  CHECK(*b.duration_of_response_days == 84);
  CHECK_FALSE(b.duration_of_response_censored);
  auto censored = best({{42, R::PR}, {84, R::PR}, {126, R::SD}});
  CHECK(*censored.duration_of_response_days == 84);
  CHECK(censored.duration_of_response_censored);
  CHECK_FALSE(best({{42, R::SD}}).duration_of_response_days);
}

TEST_CASE("R17: best percent change is the lowest over fully evaluated time points in the window") {
  auto tps = seq({{42, R::PR}, {84, R::NE}, {126, R::PD}, {168, R::PR}});
  tps[0].pct_from_baseline = -310;
  tps[1].pct_from_baseline = -500;  // partial sum: not counted
  tps[1].all_targets_evaluated = false;
  tps[2].pct_from_baseline = -200;
  tps[3].pct_from_baseline = -600;  // after PD: outside the window
  CHECK(*best_response(tps, kStart, {}).best_pct_change == -310);
}

TEST_CASE("the confirmed reasons name both dates and the gap") {
  auto r = reasons(best({{42, R::PR}, {84, R::PR}}));
  CHECK(r.find("PR on 2026-04-12 confirmed by PR on 2026-05-24, 42 days later") != std::string::npos);
}
