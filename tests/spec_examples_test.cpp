// SPEC §6: the worked examples, end to end through the native CSV reader and the engine.
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace recist;
using namespace recist::testing;

namespace {

constexpr const char* kHeader = "subject,date,lesion,role,site,node,diameter_mm,status\n";

std::string two_targets(const char* t1, const char* t2, const char* date) {
  return std::string("EX,") + date + ",T1,,,," + t1 + ",\nEX," + date + ",T2,,,," + t2 + ",\n";
}

}  // namespace

TEST_CASE("example 1: 35 → 24 is PR, confirmed 42 days later") {
  auto r = assess_csv(std::string(kHeader) + "EX,2026-03-02,T1,TARGET,LIVER,N,20,\nEX,2026-03-02,T2,TARGET,LUNG,N,15,\n" +
                      two_targets("12", "12", "2026-04-13") + two_targets("11", "13", "2026-05-25"));
  CHECK(overall_at(r, "2026-04-13") == Response::PR);
  CHECK(*r.timepoints[0].pct_from_baseline == -314);
  CHECK(overall_at(r, "2026-05-25") == Response::PR);
  CHECK(r.best.bor == Response::PR);
  CHECK(r.best.confirmed_bor == Response::PR);
}

TEST_CASE("example 2: 33.0 → 23.1 is exactly -30.0% and PR; 23.2 is SD") {
  std::string b = std::string(kHeader) + "EX,2026-03-02,T1,TARGET,LIVER,N,33.0,\n";
  auto pr = assess_csv(b + "EX,2026-04-13,T1,,,,23.1,\n");
  CHECK(pr.timepoints[0].overall == Response::PR);
  CHECK(*pr.timepoints[0].pct_from_baseline == -300);
  CHECK(pr.best.bor == Response::PR);
  CHECK(pr.best.confirmed_bor == Response::SD);
  CHECK(assess_csv(b + "EX,2026-04-13,T1,,,,23.2,\n").timepoints[0].overall == Response::SD);
}

TEST_CASE("example 3: 50 → 30 → 35 stays PR; → 36 is PD from the nadir") {
  std::string b = std::string(kHeader) + "EX,2026-03-02,T1,TARGET,LIVER,N,50,\nEX,2026-04-13,T1,,,,30,\n";
  auto pr = assess_csv(b + "EX,2026-05-25,T1,,,,35,\n");
  CHECK(pr.timepoints[1].overall == Response::PR);
  CHECK(*pr.timepoints[1].pct_from_baseline == -300);
  CHECK(*pr.timepoints[1].pct_from_nadir == 167);
  auto pd = assess_csv(b + "EX,2026-05-25,T1,,,,36,\n");
  CHECK(pd.timepoints[1].overall == Response::PD);
  CHECK(*pd.timepoints[1].pct_from_nadir == 200);
  CHECK(pd.best.bor == Response::PR);
  CHECK(pd.best.confirmed_bor == Response::SD);
}

TEST_CASE("example 4: +22.5% but +4.5 mm is SD; +5 mm is PD") {
  std::string b = std::string(kHeader) + "EX,2026-03-02,T1,TARGET,LIVER,N,20.0,\n";
  CHECK(assess_csv(b + "EX,2026-04-13,T1,,,,24.5,\n").timepoints[0].overall == Response::SD);
  CHECK(assess_csv(b + "EX,2026-04-13,T1,,,,25.0,\n").timepoints[0].overall == Response::PD);
}

TEST_CASE("example 5: node 9 mm and non-nodal absent is CR with sum 9 mm") {
  auto r = assess_csv(std::string(kHeader) + "EX,2026-03-02,N1,TARGET,LYMPH NODE,Y,16,\n" +
                      "EX,2026-03-02,T1,TARGET,LIVER,N,12,\nEX,2026-04-13,N1,,,,9,\nEX,2026-04-13,T1,,,,,ABSENT\n");
  CHECK(r.timepoints[0].overall == Response::CR);
  CHECK(*r.timepoints[0].sum == mm("9"));
  CHECK(r.best.bor == Response::CR);
  CHECK(r.best.confirmed_bor == Response::SD);
}

TEST_CASE("example 6: PD from the evaluated targets alone; otherwise NE") {
  std::string b = std::string(kHeader) + "EX,2026-03-02,T1,TARGET,LIVER,N,30,\nEX,2026-03-02,T2,TARGET,LUNG,N,20,\n" +
                  "EX,2026-03-02,T3,TARGET,ADRENAL,N,10,\n";
  auto pd = assess_csv(b + two_targets("40", "32", "2026-04-13"));
  CHECK(pd.timepoints[0].overall == Response::PD);
  auto ne = assess_csv(b + two_targets("35", "30", "2026-04-13"));
  CHECK(ne.timepoints[0].overall == Response::NE);
  CHECK(ne.best.bor == Response::NE);
}

TEST_CASE("example 7: an equivocal new lesion confirmed later backdates PD") {
  auto r = assess_csv(std::string(kHeader) + "EX,2026-03-02,T1,TARGET,LIVER,N,20,\nEX,2026-04-13,T1,,,,20,\n" +
                      "EX,2026-04-13,N1,NEW,BONE,N,,EQUIVOCAL\nEX,2026-05-25,T1,,,,20,\nEX,2026-05-25,N1,,,,,UNEQUIVOCAL\n");
  CHECK(overall_at(r, "2026-04-13") == Response::PD);
  CHECK(overall_at(r, "2026-05-25") == Response::PD);
  CHECK(r.best.pd_date->to_string() == "2026-04-13");
  CHECK(r.best.bor == Response::PD);
  CHECK(r.best.confirmed_bor == Response::PD);
}

TEST_CASE("example 8: non-target-only disease") {
  std::string b = std::string(kHeader) + "EX,2026-03-02,NT1,NON-TARGET,BONE,N,,PRESENT\n";
  auto late = assess_csv(b + "EX,2026-04-20,NT1,,,,,PRESENT\n");  // day 49
  CHECK(late.timepoints[0].overall == Response::NonCrNonPd);
  CHECK(late.best.bor == Response::NonCrNonPd);
  CHECK(late.best.confirmed_bor == Response::NonCrNonPd);
  auto early = assess_csv(b + "EX,2026-04-06,NT1,,,,,PRESENT\n");  // day 35
  CHECK(early.best.bor == Response::NE);
  CHECK(early.best.confirmed_bor == Response::NE);
}

namespace {

TrackResult recorded(const char* csv) {
  io::Dataset d = io::read_recorded_csv(csv, "r.csv", {});
  for (const io::InputError& e : d.errors) FAIL_CHECK(io::to_string(e));
  REQUIRE(d.recorded.size() == 1);
  return assess(d.recorded.front(), {});
}

}  // namespace

TEST_CASE("example 9: recorded PR then PD: unconfirmed PR, confirmed SD") {
  auto r = recorded("subject,date,response,start_date\nEX,2026-04-13,PR,2026-03-02\nEX,2026-05-25,PD,2026-03-02\n");
  CHECK(r.best.bor == Response::PR);
  CHECK(r.best.confirmed_bor == Response::SD);
}

TEST_CASE("example 10: recorded CR then PR: confirmed PR with the R16 warning") {
  auto r = recorded("subject,date,response,start_date\nEX,2026-04-13,CR,2026-03-02\nEX,2026-05-25,PR,2026-03-02\n");
  CHECK(r.best.bor == Response::CR);
  CHECK(r.best.confirmed_bor == Response::PR);
  REQUIRE(r.best.findings.size() == 1);
  CHECK(r.best.findings[0].code == "CR_FOLLOWED_BY_PR");
}

TEST_CASE("a recorded track may start with a blank baseline row instead of a start_date") {
  auto r = recorded("subject,date,response\nEX,2026-03-02,\nEX,2026-04-13,SD\n");
  CHECK(r.timepoints.size() == 1);
  CHECK(r.timepoints[0].day == 42);
  CHECK(r.best.bor == Response::SD);
}
