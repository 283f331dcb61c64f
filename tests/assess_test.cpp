// A whole track through the engine: R8 nadir, R10 reappearance after CR, R9a confirmed PR,
// R12 new lesions, and the reasons.
#include <doctest/doctest.h>

#include "recist/irecist.hpp"
#include "test_support.hpp"

using namespace recist;
using namespace recist::testing;

namespace {

constexpr const char* kHeader = "subject,date,lesion,role,site,node,diameter_mm,status\n";

std::string row(const char* date, const char* lesion, const char* d, const char* status = "", const char* role = "",
                const char* site = "", const char* node = "") {
  return std::string("S,") + date + "," + lesion + "," + role + "," + site + "," + node + "," + d + "," + status + "\n";
}

std::string base(const char* t1, const char* t2 = nullptr) {
  std::string s = std::string(kHeader) + row("2026-03-02", "T1", t1, "", "TARGET", "LIVER", "N");
  if (t2) s += row("2026-03-02", "T2", t2, "", "TARGET", "LUNG", "N");
  return s;
}

std::string all_reasons(const TimepointResult& tp) {
  std::string s;
  for (std::string_view r : tp.reasons) s.append(r).append("\n");
  return s;
}

}  // namespace

TEST_CASE("R8: the nadir skips follow-ups whose targets were not all evaluated") {
  // Baseline 30+20 = 50; day 42: T1 10, T2 not evaluated (partial sum 10 is not a nadir);
  // day 84: 24+16 = 40 (-20%, SD, nadir still 50); day 126: 29+19 = 48 vs nadir 40 → +20%, +8 mm → PD.
  auto r = assess_csv(base("30", "20") + row("2026-04-13", "T1", "10") + row("2026-05-25", "T1", "24") +
                      row("2026-05-25", "T2", "16") + row("2026-07-06", "T1", "29") + row("2026-07-06", "T2", "19"));
  REQUIRE(r.timepoints.size() == 3);
  CHECK(r.timepoints[0].overall == Response::NE);
  CHECK_FALSE(r.timepoints[0].all_targets_evaluated);
  CHECK(*r.timepoints[1].nadir == mm("50"));
  CHECK(r.timepoints[1].overall == Response::SD);
  CHECK(*r.timepoints[2].nadir == mm("40"));
  CHECK(r.timepoints[2].overall == Response::PD);
  CHECK(all_reasons(r.timepoints[2]).find("nadir 40.0 mm on 2026-05-25") != std::string::npos);
}

TEST_CASE("R8: the nadir includes the baseline") {
  auto r = assess_csv(base("20") + row("2026-04-13", "T1", "25"));
  CHECK(*r.timepoints[0].nadir == mm("20"));
  CHECK(r.timepoints[0].overall == Response::PD);
}

TEST_CASE("R10: a non-nodal target that reappears after an overall CR is PD") {
  auto r = assess_csv(base("20") + row("2026-04-13", "T1", "", "ABSENT") + row("2026-05-25", "T1", "3"));
  CHECK(r.timepoints[0].overall == Response::CR);
  CHECK(r.timepoints[1].overall == Response::PD);
  CHECK(all_reasons(r.timepoints[1]).find("R10") != std::string::npos);
}

TEST_CASE("R10: a nodal target back to 10 mm after CR is PD, at 9.99 mm it is still CR") {
  std::string b = std::string(kHeader) + row("2026-03-02", "N1", "20", "", "TARGET", "LYMPH NODE", "Y");
  auto back = assess_csv(b + row("2026-04-13", "N1", "8") + row("2026-05-25", "N1", "10"));
  CHECK(back.timepoints[0].overall == Response::CR);
  CHECK(back.timepoints[1].overall == Response::PD);
  auto still = assess_csv(b + row("2026-04-13", "N1", "8") + row("2026-05-25", "N1", "9.99"));
  CHECK(still.timepoints[1].overall == Response::CR);
}

TEST_CASE("R10: a non-nodal non-target present again after CR is PD, in the non-target field and its reason") {
  std::string b = base("20") + row("2026-03-02", "NT1", "", "PRESENT", "NON-TARGET", "BONE", "N");
  auto r = assess_csv(b + row("2026-04-13", "T1", "0") + row("2026-04-13", "NT1", "", "ABSENT") +
                      row("2026-05-25", "T1", "0") + row("2026-05-25", "NT1", "", "PRESENT"));
  CHECK(r.timepoints[0].overall == Response::CR);
  CHECK(r.timepoints[1].target == Response::CR);
  CHECK(r.timepoints[1].non_target == Response::PD);
  CHECK(r.timepoints[1].overall == Response::PD);
  const std::string why = all_reasons(r.timepoints[1]);
  CHECK(why.find("non-target PD: after an overall CR, NT1 present again: reappeared (R10)") != std::string::npos);
  CHECK(why.find("non-target NON-CR/NON-PD") == std::string::npos);
}

TEST_CASE("R10: a nodal non-target merely PRESENT again after CR is not PD: non-target NON-CR/NON-PD, overall PR") {
  // Working group FAQ: a node "is only considered to have 'reappeared' if it is >= 10 mm (Target
  // lesion) or has unequivocally progressed (Non Target lesion)". Targets CR + non-target
  // NON-CR/NON-PD is PR by table 1, never CR.
  std::string b = base("20") + row("2026-03-02", "NT1", "", "PRESENT", "NON-TARGET", "LYMPH NODE", "Y");
  auto r = assess_csv(b + row("2026-04-13", "T1", "0") + row("2026-04-13", "NT1", "", "ABSENT") +
                      row("2026-05-25", "T1", "0") + row("2026-05-25", "NT1", "", "PRESENT"));
  CHECK(r.timepoints[0].overall == Response::CR);
  CHECK(r.timepoints[1].target == Response::CR);
  CHECK(r.timepoints[1].non_target == Response::NonCrNonPd);
  CHECK(r.timepoints[1].overall == Response::PR);
  const std::string why = all_reasons(r.timepoints[1]);
  CHECK(why.find("has not reappeared unless it unequivocally progressed (R10") != std::string::npos);
  CHECK(why.find(" PD") == std::string::npos);
}

TEST_CASE("R10: a nodal non-target PRESENT again with a short axis of 10 mm or more after CR is still not PD") {
  std::string b = base("20") + row("2026-03-02", "NT1", "12", "", "NON-TARGET", "LYMPH NODE", "Y");
  auto r = assess_csv(b + row("2026-04-13", "T1", "0") + row("2026-04-13", "NT1", "8") + row("2026-05-25", "T1", "0") +
                      row("2026-05-25", "NT1", "11"));
  CHECK(r.timepoints[0].overall == Response::CR);  // a non-target node below 10 mm is normal
  CHECK(r.timepoints[1].non_target == Response::NonCrNonPd);
  CHECK(r.timepoints[1].overall == Response::PR);
}

TEST_CASE("R10: a nodal non-target that unequivocally progressed after CR is PD (R11 names it)") {
  std::string b = base("20") + row("2026-03-02", "NT1", "", "PRESENT", "NON-TARGET", "LYMPH NODE", "Y");
  auto r = assess_csv(b + row("2026-04-13", "T1", "0") + row("2026-04-13", "NT1", "", "ABSENT") +
                      row("2026-05-25", "T1", "0") + row("2026-05-25", "NT1", "", "PD"));
  CHECK(r.timepoints[1].non_target == Response::PD);
  CHECK(r.timepoints[1].overall == Response::PD);
  CHECK(all_reasons(r.timepoints[1]).find("non-target PD: unequivocal progression of NT1 (R11)") != std::string::npos);
}

TEST_CASE("R10: after a PR (not CR), non-targets present again, nodal or not, are NON-CR/NON-PD") {
  for (const char* site : {"BONE", "LYMPH NODE"}) {
    CAPTURE(site);
    const char* node = std::string_view(site) == "BONE" ? "N" : "Y";
    std::string b = base("20", "20") + row("2026-03-02", "NT1", "", "PRESENT", "NON-TARGET", site, node);
    auto r = assess_csv(b + row("2026-04-13", "T1", "0") + row("2026-04-13", "T2", "10") +
                        row("2026-04-13", "NT1", "", "ABSENT") + row("2026-05-25", "T1", "0") +
                        row("2026-05-25", "T2", "10") + row("2026-05-25", "NT1", "", "PRESENT"));
    CHECK(r.timepoints[0].overall == Response::PR);
    CHECK(r.timepoints[1].non_target == Response::NonCrNonPd);
    CHECK(r.timepoints[1].overall == Response::PR);
    CHECK(all_reasons(r.timepoints[1]).find("R10") == std::string::npos);
  }
}

TEST_CASE("R10 under iRECIST: a non-nodal non-target back after CR is iUPD, a nodal one merely present is iPR") {
  // iRECIST starts from RECIST 1.1's components (Seymour 2017, table 2), so it sees R10 as they do.
  for (const char* site : {"BONE", "LYMPH NODE"}) {
    CAPTURE(site);
    const bool nodal = std::string_view(site) != "BONE";
    std::string b = base("20") + row("2026-03-02", "NT1", "", "PRESENT", "NON-TARGET", site, nodal ? "Y" : "N");
    const Track t = csv_track(b + row("2026-04-13", "T1", "0") + row("2026-04-13", "NT1", "", "ABSENT") +
                              row("2026-05-25", "T1", "0") + row("2026-05-25", "NT1", "", "PRESENT"));
    const IrecistResult r = assess_irecist(t, Profile{});
    REQUIRE(r.timepoints.size() == 2);
    CHECK(r.timepoints[0].overall == IResponse::iCR);
    CHECK(r.timepoints[1].overall == (nodal ? IResponse::iPR : IResponse::iUPD));
  }
}

TEST_CASE("R10: a target back after CR is PD in the target field, and the target reason says PD by R10") {
  // Baseline 20; CR; T1 3 mm: by the sum alone (R9) +3 mm from a nadir of 0 is SD, R10 makes it PD.
  auto r = assess_csv(base("20") + row("2026-04-13", "T1", "", "ABSENT") + row("2026-05-25", "T1", "3"));
  CHECK(r.timepoints[1].target == Response::PD);
  const std::string why = all_reasons(r.timepoints[1]);
  CHECK(why.find("target PD: after an overall CR, T1 (3.0 mm) reappeared (R10; ") != std::string::npos);
  CHECK(why.find("target SD") == std::string::npos);
  CHECK(why.find("overall PD: target PD, non-target NA, new lesions NO (R13)") != std::string::npos);
}

TEST_CASE("R10: a lesion that reappears after a PR (not CR) is only measured again") {
  auto r = assess_csv(base("20", "20") + row("2026-04-13", "T1", "0") + row("2026-04-13", "T2", "10") +
                      row("2026-05-25", "T1", "3") + row("2026-05-25", "T2", "10"));
  CHECK(r.timepoints[0].overall == Response::PR);
  CHECK(r.timepoints[1].overall == Response::PR);  // 13 vs nadir 10: +30% but +3 mm
}

TEST_CASE("R10: an NE between the CR and the reappearance does not hide the CR") {
  auto r = assess_csv(base("20") + row("2026-04-13", "T1", "0") + row("2026-05-25", "T1", "", "NE") +
                      row("2026-07-06", "T1", "2"));
  CHECK(r.timepoints[1].overall == Response::NE);
  CHECK(r.timepoints[2].overall == Response::PD);
}

TEST_CASE("R9a: once a PR is confirmed, a sum that alone gives SD stays PR") {
  // 50 → 30 (PR) → 33 (PR, confirmed 42 days later) → 35.5 (-29%: SD alone; +18.3% from nadir 30).
  std::string t =
      base("50") + row("2026-04-13", "T1", "30") + row("2026-05-25", "T1", "33") + row("2026-07-06", "T1", "35.5");
  auto kept = assess_csv(t);
  CHECK(kept.timepoints[2].target == Response::SD);
  CHECK(kept.timepoints[2].overall == Response::PR);
  CHECK(all_reasons(kept.timepoints[2]).find("R9a") != std::string::npos);
  Profile off;
  off.keep_confirmed_pr = false;
  CHECK(assess_csv(t, off).timepoints[2].overall == Response::SD);
}

TEST_CASE("R9a: a confirmed PR lasts until PD, not beyond: an SD after the PD is SD") {
  // 50 → 30 (PR) → 33 (PR, confirmed) → PD by a new lesion → 35.5 (SD alone, N1 not recorded).
  std::string t = base("50") + row("2026-04-13", "T1", "30") + row("2026-05-25", "T1", "33") +
                  row("2026-07-06", "T1", "33") + row("2026-07-06", "N1", "", "", "NEW", "BONE") +
                  row("2026-08-17", "T1", "35.5");
  auto r = assess_csv(t);
  CHECK(r.timepoints[2].overall == Response::PD);
  CHECK(r.timepoints[3].overall == Response::SD);
  CHECK(all_reasons(r.timepoints[3]).find("R9a") == std::string::npos);
  // The same when the PD is an equivocal new lesion's, dated back by R12.
  std::string e = base("50") + row("2026-04-13", "T1", "30") + row("2026-05-25", "T1", "33") +
                  row("2026-07-06", "T1", "33") + row("2026-07-06", "N1", "", "EQUIVOCAL", "NEW", "BONE") +
                  row("2026-08-17", "T1", "35.5") + row("2026-09-28", "T1", "35.5") +
                  row("2026-09-28", "N1", "", "UNEQUIVOCAL");
  auto b = assess_csv(e);
  CHECK(b.timepoints[2].backdated_pd);
  CHECK(b.timepoints[3].overall == Response::SD);
}

TEST_CASE("R9a: without a confirmed PR, SD stays SD") {
  auto r = assess_csv(base("50") + row("2026-04-13", "T1", "30") + row("2026-05-04", "T1", "35.5"));
  CHECK(r.timepoints[1].overall == Response::SD);  // PR not confirmed (21 days)
}

TEST_CASE("R12: an unequivocal new lesion is PD; an equivocal one is not") {
  std::string b = base("20") + row("2026-04-13", "T1", "19");
  auto yes = assess_csv(b + row("2026-04-13", "N1", "", "", "NEW", "LIVER"));
  CHECK(yes.timepoints[0].new_lesions == NewLesions::Yes);
  CHECK(yes.timepoints[0].overall == Response::PD);
  auto maybe = assess_csv(b + row("2026-04-13", "N1", "", "EQUIVOCAL", "NEW", "LIVER"));
  CHECK(maybe.timepoints[0].new_lesions == NewLesions::Equivocal);
  CHECK(maybe.timepoints[0].overall == Response::SD);
}

TEST_CASE("R12: an equivocal new lesion confirmed later dates PD back to where it was first seen") {
  auto r =
      assess_csv(base("20") + row("2026-04-13", "T1", "19") + row("2026-04-13", "N1", "", "EQUIVOCAL", "NEW", "BONE") +
                 row("2026-05-25", "T1", "19") + row("2026-05-25", "N1", "", "EQUIVOCAL") +
                 row("2026-07-06", "T1", "19") + row("2026-07-06", "N1", "", "UNEQUIVOCAL"));
  CHECK(r.timepoints[0].overall == Response::PD);
  CHECK(r.timepoints[0].backdated_pd);
  CHECK(all_reasons(r.timepoints[0]).find("confirmed unequivocal on 2026-07-06") != std::string::npos);
  CHECK(r.timepoints[1].overall == Response::SD);
  CHECK(r.timepoints[2].overall == Response::PD);
  CHECK(r.best.pd_date->to_string() == "2026-04-13");
  CHECK(r.best.bor == Response::PD);
}

TEST_CASE("fragments add up and a merged lesion counts 0 mm") {
  auto r = assess_csv(base("20", "20") + row("2026-04-13", "T1", "6", "FRAGMENT") +
                      row("2026-04-13", "T1", "5.5", "FRAGMENT") + row("2026-04-13", "T2", "", "MERGED"));
  CHECK(*r.timepoints[0].sum == mm("11.5"));
  CHECK(r.timepoints[0].overall == Response::PR);
}

TEST_CASE("TOO_SMALL counts 5 mm, or the profile's value") {
  std::string t = base("20") + row("2026-04-13", "T1", "", "TOO_SMALL");
  CHECK(*assess_csv(t).timepoints[0].sum == mm("5"));
  Profile p;
  p.too_small_mm = mm("3");
  CHECK(*assess_csv(t, p).timepoints[0].sum == mm("3"));
  CHECK(assess_csv(t).timepoints[0].overall == Response::PR);  // not CR: present
}

TEST_CASE("days count from start_date, else from the baseline date") {
  auto r = assess_csv(base("20") + row("2026-04-13", "T1", "19"));
  CHECK(r.timepoints[0].day == 42);
  auto s = assess_csv(
      "subject,date,lesion,role,site,diameter_mm,start_date\n"
      "S,2026-03-02,T1,TARGET,LIVER,20,2026-03-05\nS,2026-04-13,T1,,,19,\n");
  CHECK(s.start_date->to_string() == "2026-03-05");
  CHECK(s.timepoints[0].day == 39);
}

TEST_CASE("the reported response is carried beside the computed one") {
  auto r = assess_csv(
      "subject,date,lesion,role,site,diameter_mm,reported\n"
      "S,2026-03-02,T1,TARGET,LIVER,20,\nS,2026-04-13,T1,,,19,PR\n");
  CHECK(r.timepoints[0].overall == Response::SD);
  CHECK(*r.timepoints[0].reported == Response::PR);
}

TEST_CASE("tracks are independent: assessing one never changes another") {
  io::Dataset d = io::read_measurements_csv(
      "subject,reader,date,lesion,role,site,diameter_mm\n"
      "A,R1,2026-03-02,T1,TARGET,LIVER,20\nB,R1,2026-03-02,T1,TARGET,LIVER,30\n"
      "A,R1,2026-04-13,T1,,,10\nA,R2,2026-03-02,T1,TARGET,LIVER,20\nB,R1,2026-04-13,T1,,,40\n"
      "A,R2,2026-04-13,T1,,,30\n",
      "t.csv", {});
  REQUIRE(d.tracks.size() == 3);
  CHECK(d.tracks[0].subject == "A");
  CHECK(d.tracks[1].subject == "B");
  CHECK(d.tracks[2].reader == "R2");
  CHECK(assess(d.tracks[0], {}).timepoints[0].overall == Response::PR);
  CHECK(assess(d.tracks[1], {}).timepoints[0].overall == Response::PD);
  CHECK(assess(d.tracks[2], {}).timepoints[0].overall == Response::PD);
}
