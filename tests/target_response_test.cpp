// R6–R9: sum of diameters, target statuses and the target response, with values on both sides of
// every threshold.
#include <doctest/doctest.h>

#include <vector>

#include "rules/rules.hpp"
#include "test_support.hpp"

using namespace recist;
using recist::testing::mm;

namespace {

/// A measured target, or (value null) one without a row.
rules::TargetValue v(std::string_view id, const char* value, bool nodal = false) {
  return {id, nodal, value ? std::optional(mm(value)) : std::nullopt, value != nullptr, LesionStatus::Measured, 0};
}

Response respond(std::vector<rules::TargetValue> targets, const char* baseline, const char* nadir) {
  Reasons reasons;
  return rules::target_response(targets, mm(baseline), mm(nadir), &reasons).response;
}

/// How a target's value is told in the reasons.
std::string described(const rules::TargetValue& t) {
  Reasons r;
  {
    auto sentence = r.add();
    rules::describe_target_value(sentence, t);
  }
  return std::string(r[0]);
}

}  // namespace

TEST_CASE("PR needs a fall of at least 30% from the baseline sum") {
  CHECK(respond({v("T1", "23.1")}, "33.0", "33.0") == Response::PR);  // exactly -30.0%
  CHECK(respond({v("T1", "23.2")}, "33.0", "33.0") == Response::SD);  // -29.7%
  CHECK(respond({v("T1", "70.00")}, "100", "100") == Response::PR);
  CHECK(respond({v("T1", "70.01")}, "100", "100") == Response::SD);
}

TEST_CASE("PR is judged from the baseline, not from the nadir") {
  // Baseline 50, nadir 30: 35 is -30% from baseline (PR) although +16.7% from the nadir.
  CHECK(respond({v("T1", "35")}, "50", "30") == Response::PR);
  // Nadir 20 after baseline 50: 25 is only -50%... still PR from baseline.
  CHECK(respond({v("T1", "24.9")}, "50", "20") == Response::PR);
}

TEST_CASE("PD needs +20% from the nadir and 5 mm absolute") {
  CHECK(respond({v("T1", "24.5")}, "20", "20") == Response::SD);  // +22.5% but +4.5 mm
  CHECK(respond({v("T1", "24.99")}, "20", "20") == Response::SD);
  CHECK(respond({v("T1", "25.0")}, "20", "20") == Response::PD);  // +25%, +5 mm
  CHECK(respond({v("T1", "59.99")}, "50", "50") == Response::SD);  // +19.98%, +9.99 mm
  CHECK(respond({v("T1", "60.00")}, "50", "50") == Response::PD);  // exactly +20%
  CHECK(respond({v("T1", "29.99")}, "25", "25") == Response::SD);  // +19.96%, +4.99 mm
  CHECK(respond({v("T1", "30")}, "25", "25") == Response::PD);     // both exactly at the limit
}

TEST_CASE("PD is judged from the nadir, not from the baseline") {
  // Baseline 50, nadir 30: 36 is +20% and +6 mm from the nadir (PD) though -28% from baseline.
  CHECK(respond({v("T1", "36")}, "50", "30") == Response::PD);
  CHECK(respond({v("T1", "35.99")}, "50", "30") == Response::SD);
}

TEST_CASE("with targets not evaluated, PD is still called when the evaluated ones prove it") {
  // SPEC §6 example 6.
  CHECK(respond({v("T1", "40"), v("T2", "32"), v("T3", nullptr)}, "60", "60") == Response::PD);
  CHECK(respond({v("T1", "35"), v("T2", "30"), v("T3", nullptr)}, "60", "60") == Response::NE);
  // Even a big fall cannot be PR or CR when a target is missing.
  CHECK(respond({v("T1", "0"), v("T2", nullptr)}, "60", "60") == Response::NE);
}

TEST_CASE("CR needs every non-nodal target at 0 mm and every nodal target below 10 mm") {
  CHECK(respond({v("N1", "9.99", true), v("T1", "0")}, "28", "28") == Response::CR);
  CHECK(respond({v("N1", "10.00", true), v("T1", "0")}, "28", "28") == Response::PR);  // 10/28 = -64%
  CHECK(respond({v("N1", "9", true), v("T1", "0.1")}, "28", "28") == Response::PR);
  CHECK(respond({v("T1", "0"), v("T2", "0")}, "30", "30") == Response::CR);
}

TEST_CASE("a nodal target keeps its short axis in the sum even below 10 mm") {
  // SPEC §6 example 5: node 9 mm and non-nodal absent → CR with sum 9 mm.
  std::vector<rules::TargetValue> t = {v("N1", "9", true), v("T1", "0")};
  Reasons reasons;
  auto out = rules::target_response(t, mm("28"), mm("28"), &reasons);
  CHECK(out.response == Response::CR);
  CHECK(out.sum == mm("9"));
}

TEST_CASE("target statuses give their values (R7)") {
  Profile p;
  Lesion lesion{"T1", LesionRole::Target, "LIVER", false, Irradiation::No, Method::CT, std::nullopt};
  Observation o;
  CHECK_FALSE(rules::target_value(lesion, nullptr, p).value);  // no row: not evaluated
  CHECK(described(rules::target_value(lesion, nullptr, p)) == "no row: not evaluated");
  o.status = LesionStatus::Absent;
  CHECK(*rules::target_value(lesion, &o, p).value == mm("0"));
  CHECK(described(rules::target_value(lesion, &o, p)) == "ABSENT → 0.0");
  o.status = LesionStatus::TooSmall;
  CHECK(*rules::target_value(lesion, &o, p).value == mm("5"));
  CHECK(described(rules::target_value(lesion, &o, p)) == "TOO_SMALL → 5.0");
  p.too_small_mm = mm("3.5");
  CHECK(*rules::target_value(lesion, &o, p).value == mm("3.5"));
  o.status = LesionStatus::Merged;
  CHECK(*rules::target_value(lesion, &o, p).value == mm("0"));
  o.status = LesionStatus::NotEvaluated;
  CHECK_FALSE(rules::target_value(lesion, &o, p).value);
  CHECK(described(rules::target_value(lesion, &o, p)) == "NE: not evaluated");
  o.status = LesionStatus::Fragment;
  o.diameter = mm("12.5");
  o.fragments = {mm("7.5"), mm("5")};
  auto f = rules::target_value(lesion, &o, p);
  CHECK(*f.value == mm("12.5"));
  CHECK(described(f) == "2 fragments → 12.5");
  o.status = LesionStatus::Measured;
  o.diameter = mm("17.3");
  CHECK(*rules::target_value(lesion, &o, p).value == mm("17.3"));
}

TEST_CASE("the reasons carry the sum, the baseline, the nadir and both percentages") {
  std::vector<rules::TargetValue> t = {v("T1", "12"), v("T2", "12")};
  Reasons reasons;
  auto out = rules::target_response(t, mm("35"), mm("35"), &reasons);
  REQUIRE(out.response == Response::PR);
  const std::string all = reasons.joined("\n");
  CHECK(all.find("24.0 mm") != std::string::npos);
  CHECK(all.find("-31.4%") != std::string::npos);
  CHECK(all.find("baseline 35.0 mm") != std::string::npos);
  CHECK(all.find("nadir 35.0 mm") != std::string::npos);
  CHECK(all.find("R9") != std::string::npos);
}

TEST_CASE("no target lesions give NA") {
  Reasons reasons;
  CHECK(rules::target_response({}, mm("0"), mm("0"), &reasons).response == Response::NA);
  CHECK(reasons[0] == "target response NA: no target lesions");
}
