// iRECIST (Seymour et al., Lancet Oncol 2017;18:e143–e152): every row of table 2 (time-point
// responses, without and with a previous iUPD) and the eight examples of table 3 (iBOR), with the
// 4-8 week window and the 5 mm steps on both sides of their boundaries.
#include "recist/irecist.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_support.hpp"

using namespace recist;
using I = IResponse;

namespace {

const Date kStart = *Date::from_ymd(2026, 3, 1);

/// One follow-up of the test track: T1 (baseline 50 mm) as a diameter or a status, NT1's status,
/// and rows of new lesions ("lesion,role,site,diameter_mm,status").
struct FollowUp {
  int day;
  std::string t1;
  std::string nt1 = "PRESENT";
  std::vector<std::string> news = {};
};

std::string date_at(int day) {
  return Date::from_days(kStart.days_since_epoch() + day).to_string();
}

/// A track with one target T1 (LIVER, 50 mm) and one non-target NT1 (BONE) at baseline.
Track make_track(const std::vector<FollowUp>& follow_ups) {
  std::string csv = "subject,date,lesion,role,site,diameter_mm,status\n";
  csv += "S," + date_at(0) + ",T1,TARGET,LIVER,50,\nS," + date_at(0) + ",NT1,NON-TARGET,BONE,,\n";
  for (const FollowUp& f : follow_ups) {
    const std::string d = "S," + date_at(f.day) + ",";
    csv += d + (f.t1 == "ABSENT" || f.t1 == "NE" ? "T1,,,," + f.t1 : "T1,,," + f.t1 + ",") + "\n";
    csv += d + "NT1,,,," + f.nt1 + "\n";
    for (const std::string& n : f.news) csv += d + n + "\n";
  }
  return testing::csv_track(csv);
}

IrecistResult irecist(const std::vector<FollowUp>& follow_ups, const Profile& profile = {}) {
  return assess_irecist(make_track(follow_ups), profile);
}

std::vector<I> responses(const std::vector<FollowUp>& follow_ups, const Profile& profile = {}) {
  std::vector<I> out;
  for (const IrecistTimepoint& tp : irecist(follow_ups, profile).timepoints) out.push_back(tp.overall);
  return out;
}

std::string text(const Reasons& r) {
  return r.joined(" | ");
}

// Target levels from a baseline (and nadir) of 50 mm, and the iUPD of a target PD at day 42.
const std::string kCR = "ABSENT", kPR = "30", kSD = "50", kPD = "60";
const FollowUp kTargetIupd{42, kPD};

}  // namespace

TEST_CASE("table 2, row 1: iCR targets and non-targets, no new lesion, is iCR, with or without a previous iUPD") {
  CHECK(responses({{42, kCR, "ABSENT"}}) == std::vector{I::iCR});
  CHECK(responses({kTargetIupd, {84, kCR, "ABSENT"}}) == std::vector{I::iUPD, I::iCR});
}

TEST_CASE("table 2, row 2: iCR targets with non-targets neither iCR nor iUPD is iPR") {
  CHECK(responses({{42, kCR}}) == std::vector{I::iPR});
  CHECK(responses({kTargetIupd, {84, kCR}}) == std::vector{I::iUPD, I::iPR});
}

TEST_CASE("table 2, row 3: iPR targets with non-targets neither iCR nor iUPD is iPR") {
  CHECK(responses({{42, kPR}}) == std::vector{I::iPR});
  CHECK(responses({kTargetIupd, {84, kPR}}) == std::vector{I::iUPD, I::iPR});
}

TEST_CASE("table 2, row 4: iSD targets with non-targets iCR or neither is iSD, and resets an iUPD") {
  CHECK(responses({{42, kSD}}) == std::vector{I::iSD});
  CHECK(responses({{42, kSD, "ABSENT"}}) == std::vector{I::iSD});
  const IrecistResult r = irecist({kTargetIupd, {84, kSD}});
  REQUIRE(r.timepoints.size() == 2);
  CHECK(r.timepoints[1].overall == I::iSD);
  CHECK(text(r.timepoints[1].reasons).find("is reset") != std::string::npos);
}

TEST_CASE("table 2, row 5: after an iUPD, new lesions confirm iCPD only if they grew in size or number") {
  const std::string n1 = "N1,NEW,LUNG,12,", n1_same = "N1,,,12,", n1_grown = "N1,,,17,", n2 = "N2,NEW,ADRENAL,,";
  const std::vector<FollowUp> first = {{42, kPD, "PD", {n1}}};
  auto then = [&](FollowUp next) {
    std::vector<FollowUp> f = first;
    f.push_back(std::move(next));
    return responses(f);
  };
  CHECK(then({84, kPD, "PD", {n1_same}}) == std::vector{I::iUPD, I::iUPD});
  CHECK(then({84, "58", "PD", {n1_same}}) == std::vector{I::iUPD, I::iUPD});  // targets decreased
  CHECK(then({84, kPD, "PD", {n1_grown}}) == std::vector{I::iUPD, I::iCPD});
  CHECK(then({84, kPD, "PD", {n1_same, n2}}) == std::vector{I::iUPD, I::iCPD});
}

TEST_CASE(
    "table 2, row 6: non-target iUPD with targets iSD, iPR or iCR is iUPD; confirmed by a further non-target "
    "increase") {
  for (const std::string& t : {kSD, kPR, kCR}) {
    CAPTURE(t);
    CHECK(responses({{42, t, "PD"}}) == std::vector{I::iUPD});
  }
  CHECK(responses({{42, kSD, "PD"}, {84, kSD, "PD"}}) == std::vector{I::iUPD, I::iUPD});
  CHECK(responses({{42, kSD, "PD"}, {84, kSD, "INCREASED"}}) == std::vector{I::iUPD, I::iCPD});
}

TEST_CASE("table 2, row 7: target iUPD is confirmed by a sum 5 mm above the iUPD sum: 5.00 yes, 4.99 no") {
  CHECK(responses({{42, kPD}}) == std::vector{I::iUPD});
  CHECK(responses({{42, kPD, "ABSENT"}}) == std::vector{I::iUPD});
  CHECK(responses({kTargetIupd, {84, "65"}}) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({kTargetIupd, {84, "64.99"}}) == std::vector{I::iUPD, I::iUPD});
  const IrecistResult r = irecist({kTargetIupd, {84, "64.99"}});
  CHECK(text(r.timepoints[1].reasons).find("4.99 mm from the iUPD sum 60.0 mm: less than 5 mm more") !=
        std::string::npos);
}

TEST_CASE("table 2, row 8: target and non-target iUPD is confirmed by either growing further") {
  CHECK(responses({{42, kPD, "PD"}}) == std::vector{I::iUPD});
  CHECK(responses({{42, kPD, "PD"}, {84, "62", "PD"}}) == std::vector{I::iUPD, I::iUPD});
  CHECK(responses({{42, kPD, "PD"}, {84, "62", "INCREASED"}}) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({{42, kPD, "PD"}, {84, "65", "PD"}}) == std::vector{I::iUPD, I::iCPD});
}

TEST_CASE("table 2, row 9: target, non-target and new-lesion iUPD is confirmed by any of them growing") {
  const std::string n1 = "N1,NEW,BONE,,", n1_same = "N1,,,,", n1_more = "N1,,,,INCREASED";
  const FollowUp first{42, kPD, "PD", {n1}};
  CHECK(responses({first}) == std::vector{I::iUPD});
  CHECK(responses({first, {84, kPD, "PD", {n1_same}}}) == std::vector{I::iUPD, I::iUPD});
  CHECK(responses({first, {84, "65", "PD", {n1_same}}}) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({first, {84, kPD, "INCREASED", {n1_same}}}) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({first, {84, kPD, "PD", {n1_more}}}) == std::vector{I::iUPD, I::iCPD});
}

TEST_CASE(
    "table 2, row 10: new lesions alone are iUPD; unchanged they keep it, grown in size or number they confirm it") {
  const std::string n1 = "N1,NEW,LUNG,12,";
  for (const std::string& t : {kSD, kPD}) {
    CAPTURE(t);
    CHECK(responses({{42, t, "PRESENT", {n1}}}) == std::vector{I::iUPD});
  }
  CHECK(responses({{42, kSD, "PRESENT", {n1}}, {84, kSD, "PRESENT", {"N1,,,12,"}}}) == std::vector{I::iUPD, I::iUPD});
  CHECK(responses({{42, kSD, "PRESENT", {n1}}, {84, kSD, "PRESENT", {"N1,,,16.99,"}}}) ==
        std::vector{I::iUPD, I::iUPD});
  CHECK(responses({{42, kSD, "PRESENT", {n1}}, {84, kSD, "PRESENT", {"N1,,,17,"}}}) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({{42, kSD, "PRESENT", {n1}}, {84, kSD, "PRESENT", {"N1,,,12,", "N2,NEW,ADRENAL,,"}}}) ==
        std::vector{I::iUPD, I::iCPD});
  // Further shrinkage of the targets to iPR resets it (iRECIST FAQ), a new lesion still there.
  CHECK(responses({{42, kSD, "PRESENT", {n1}}, {84, kPR, "PRESENT", {"N1,,,12,"}}}) == std::vector{I::iUPD, I::iPR});
}

TEST_CASE("new lesions are new-lesion targets when measurable (10 mm, nodes 15 mm), at most 5 and 2 per organ") {
  const Track t = make_track({{42,
                               kSD,
                               "PRESENT",
                               {"N1,NEW,LUNG,10,", "N2,NEW,LUNG,9.99,", "N3,NEW,LUNG,11,", "N4,NEW,LUNG,12,",
                                "N5,NEW_NON_TARGET,LIVER,30,", "N6,NEW_TARGET,BONE,,"}}});
  const IrecistResult r = assess_irecist(t, Profile{});
  REQUIRE(r.timepoints.size() == 1);
  // N4, N3 (lung: 2 per organ, the largest), N6 as recorded; N2 too small, N1 no room, N5 as recorded.
  CHECK(r.timepoints[0].new_targets == 3);
  CHECK(r.timepoints[0].new_non_targets == 3);
  CHECK(r.timepoints[0].new_target_sum == testing::mm("23"));
  const Track nodes = testing::csv_track(
      "subject,date,lesion,role,site,node,diameter_mm\nS,2026-03-01,T1,TARGET,LIVER,N,50\nS,2026-04-12,T1,,,,50\n"
      "S,2026-04-12,L1,NEW,LYMPH NODE,Y,15\nS,2026-04-12,L2,NEW,LYMPH NODE,Y,14.99\n");
  const IrecistResult rn = assess_irecist(nodes, Profile{});
  CHECK(rn.timepoints[0].new_targets == 1);
  CHECK(rn.timepoints[0].new_non_targets == 1);
}

TEST_CASE(
    "without room for every measurable new lesion the largest become new-lesion targets, whatever the row order") {
  // Three measurable lung lesions at once, two places in the lung: 14 and 12 (ties by lesion id),
  // in every order of the rows; a lesion recorded NEW_TARGET takes its place first.
  const std::vector<std::string> rows = {"N1,NEW,LUNG,11,", "N2,NEW,LUNG,14,", "N3,NEW,LUNG,12,"};
  std::vector<std::size_t> order = {0, 1, 2};
  do {
    std::vector<std::string> shuffled;
    for (std::size_t i : order) shuffled.push_back(rows[i]);
    const IrecistResult r = assess_irecist(make_track({{42, kSD, "PRESENT", shuffled}}), Profile{});
    CAPTURE(shuffled[0]);
    CHECK(r.timepoints[0].new_targets == 2);
    CHECK(r.timepoints[0].new_target_sum == testing::mm("26"));
  } while (std::next_permutation(order.begin(), order.end()));
  // Equal sizes: the lowest ids (N7, N8); N9, a non-target, grows without entering the sum.
  const IrecistResult tie =
      assess_irecist(make_track({{42, kSD, "PRESENT", {"N9,NEW,LUNG,12,", "N8,NEW,LUNG,12,", "N7,NEW,LUNG,12,"}},
                                 {84, kSD, "PRESENT", {"N9,,,30,", "N8,,,12,", "N7,,,12,"}}}),
                     Profile{});
  CHECK(tie.timepoints[1].new_target_sum == testing::mm("24"));
  const IrecistResult recorded = assess_irecist(
      make_track({{42, kSD, "PRESENT", {"N1,NEW,LUNG,20,", "N2,NEW,LUNG,14,", "N3,NEW_TARGET,LUNG,10,"}}}), Profile{});
  CHECK(recorded.timepoints[0].new_targets == 2);
  CHECK(recorded.timepoints[0].new_target_sum == testing::mm("30"));
}

TEST_CASE("the confirmation window is icpd-min-days 28 to icpd-max-days 56 after the iUPD, both inclusive") {
  auto at = [](int gap) { return responses({kTargetIupd, {42 + gap, "66"}}); };
  CHECK(at(27) == std::vector{I::iUPD, I::iUPD});
  CHECK(at(28) == std::vector{I::iUPD, I::iCPD});
  CHECK(at(56) == std::vector{I::iUPD, I::iCPD});
  CHECK(at(57) == std::vector{I::iUPD, I::iUPD});
  // Too early, the iUPD stays open and the window runs from that assessment.
  CHECK(responses({kTargetIupd, {69, "66"}, {97, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iCPD});
  // Too late: the first stays unconfirmed; the late one is a new iUPD of its own.
  const IrecistResult late = irecist({kTargetIupd, {99, "66"}});
  CHECK(late.timepoints[1].iupd_reference == Date::from_days(kStart.days_since_epoch() + 99));
  Profile p;
  p.icpd_min_days = 21;
  p.icpd_max_days = 63;
  CHECK(responses({kTargetIupd, {63, "66"}}, p) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({kTargetIupd, {105, "66"}}, p) == std::vector{I::iUPD, I::iCPD});
  CHECK(responses({kTargetIupd, {106, "66"}}, p) == std::vector{I::iUPD, I::iUPD});
}

TEST_CASE("after a reset a PD is a new iUPD measured against the nadir, and an iCPD is final") {
  // 50 → 60 iUPD → 30 iPR (nadir) → 36 (+20%, +6 mm: iUPD again) → 41 (+5 mm: iCPD) → 20 stays iCPD.
  CHECK(responses({kTargetIupd, {84, "30"}, {126, "36"}, {168, "41"}, {210, "20"}}) ==
        std::vector{I::iUPD, I::iPR, I::iUPD, I::iCPD, I::iCPD});
  // 35.99 from a nadir of 30 is +19.97%: not PD, so iSD.
  CHECK(responses({kTargetIupd, {84, "30"}, {126, "35.99"}}) == std::vector{I::iUPD, I::iPR, I::iSD});
}

TEST_CASE("an iNE after an iUPD leaves it open") {
  CHECK(responses({kTargetIupd, {84, "NE", "NE"}, {98, "65"}}) == std::vector{I::iUPD, I::iNE, I::iCPD});
}

namespace {

std::vector<IrecistTimepoint> seq(std::vector<I> codes) {
  std::vector<IrecistTimepoint> out;
  for (std::size_t k = 0; k < codes.size(); ++k) {
    IrecistTimepoint tp;
    tp.day = 42 * static_cast<int>(k + 1);
    tp.date = Date::from_days(kStart.days_since_epoch() + tp.day);
    tp.overall = codes[k];
    out.push_back(tp);
  }
  return out;
}

I ibor(std::vector<I> codes) {
  return irecist_best_response(seq(std::move(codes)), Profile{}).ibor;
}

}  // namespace

TEST_CASE("table 3: the eight examples of iBOR (unconfirmed, as the table assumes)") {
  CHECK(ibor({I::iCR, I::iPR, I::iUPD, I::iUPD, I::iCPD}) == I::iCR);  // example 1
  CHECK(ibor({I::iCR, I::iNE, I::iCR, I::iUPD, I::iCPD}) == I::iCR);
  CHECK(ibor({I::iUPD, I::iPR, I::iCR, I::iUPD, I::iCPD}) == I::iCR);  // example 2
  CHECK(ibor({I::iUPD, I::iNE, I::iCR, I::iNE, I::iSD}) == I::iCR);
  CHECK(ibor({I::iUPD, I::iPR, I::iSD, I::iUPD, I::iCPD}) == I::iPR);  // example 3
  CHECK(ibor({I::iUPD, I::iSD, I::iPR, I::iUPD, I::iNE}) == I::iPR);   // example 4
  CHECK(ibor({I::iUPD, I::iNE, I::iPR, I::iSD, I::iCPD}) == I::iPR);
  CHECK(ibor({I::iUPD, I::iSD, I::iUPD, I::iCPD, I::iSD}) == I::iSD);  // example 5
  CHECK(ibor({I::iUPD, I::iSD, I::iNE, I::iNE, I::iUPD}) == I::iSD);
  CHECK(ibor({I::iUPD, I::iCPD, I::iPR, I::iCR, I::iSD}) == I::iCPD);   // example 6: nothing after iCPD counts
  CHECK(ibor({I::iUPD, I::iUPD, I::iCPD, I::iCR, I::iCR}) == I::iCPD);  // example 7
  CHECK(ibor({I::iUPD, I::iNE, I::iNE, I::iNE, I::iNE}) == I::iUPD);    // example 8
  CHECK(ibor({}) == I::iNE);
}

TEST_CASE("confirmed iBOR: iCR and iPR are confirmed as R15, an iUPD between breaks it, and iSD needs sd-min-days") {
  const Profile p;
  IrecistBest b = irecist_best_response(seq({I::iPR, I::iPR}), p);
  CHECK(b.confirmed_ibor == I::iPR);
  CHECK(b.confirmation_date == Date::from_days(kStart.days_since_epoch() + 84));
  b = irecist_best_response(seq({I::iCR, I::iCR}), p);
  CHECK(b.confirmed_ibor == I::iCR);
  b = irecist_best_response(seq({I::iPR, I::iUPD, I::iPR}), p);
  CHECK(b.ibor == I::iPR);
  CHECK(b.confirmed_ibor == I::iSD);  // unconfirmed iPR at day 42 ≥ 42 counts as iSD
  auto early = seq({I::iSD});
  early[0].day = 41;
  CHECK(irecist_best_response(early, p).ibor == I::iNE);
  early[0].day = 42;
  CHECK(irecist_best_response(early, p).ibor == I::iSD);
}

TEST_CASE("under RECIST 1.1 NEW_TARGET is a new lesion and INCREASED is PD; iRECIST codes parse") {
  const TrackResult r = assess(make_track({{42, kSD, "INCREASED", {"N1,NEW_TARGET,LUNG,12,"}}}), Profile{});
  REQUIRE(r.timepoints.size() == 1);
  CHECK(r.timepoints[0].non_target == Response::PD);
  CHECK(r.timepoints[0].new_lesions == NewLesions::Yes);
  CHECK(parse_iresponse("non-icr/non-iupd") == I::NonICrNonIUpd);
  CHECK(to_string(I::iCPD) == "iCPD");
  CHECK(!parse_iresponse("PD"));
}

// ---- The RECIST working group's iRECIST FAQ (issue 29) ----

TEST_CASE("a scan sooner than icpd-min-days after the iUPD is disregarded: the window runs from the initial iUPD") {
  // iUPD at day 42; an early scan at day 60 keeps it; 27 days after the iUPD is still too early,
  // 28 confirms (it was 10 days after the early scan, which no longer anchors the window).
  CHECK(responses({kTargetIupd, {60, "61"}, {69, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iUPD});
  CHECK(responses({kTargetIupd, {60, "61"}, {70, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iCPD});
  // The same when the early scan itself grew further (too early to confirm).
  CHECK(responses({kTargetIupd, {55, "66"}, {70, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iCPD});
  const IrecistResult r = irecist({kTargetIupd, {60, "61"}, {70, "66"}});
  CHECK(text(r.timepoints[1].reasons).find("disregarded for confirmation, the window still runs from " + date_at(42)) !=
        std::string::npos);
  // And the 8 weeks too: 56 days after the initial iUPD confirms, 57 is too late (39 after the early scan).
  CHECK(responses({kTargetIupd, {60, "61"}, {98, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iCPD});
  CHECK(responses({kTargetIupd, {60, "61"}, {99, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iUPD});
  CHECK(irecist({kTargetIupd, {60, "61"}, {99, "66"}}).timepoints[2].iupd_reference ==
        Date::from_days(kStart.days_since_epoch() + 99));
}

TEST_CASE("an ordinary scan 4-8 weeks after the iUPD that keeps it moves the window to itself (Seymour table 3)") {
  // Kept at day 84 (42 days on, no further growth): day 111 is 27 days after it, too early; 112 confirms.
  CHECK(responses({kTargetIupd, {84, "62"}, {111, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iUPD});
  CHECK(responses({kTargetIupd, {84, "62"}, {112, "66"}}) == std::vector{I::iUPD, I::iUPD, I::iCPD});
}

TEST_CASE("FAQ scenarios F and B: a PR met before the iUPD does not reset it; shrinkage after the iUPD does") {
  const std::string n1 = "N1,NEW,LUNG,12,", n1_same = "N1,,,12,";
  // F: PR (30), a new lesion gives iUPD, then nothing changes: iUPD again.
  CHECK(responses({{42, kPR}, {84, kPR, "PRESENT", {n1}}, {126, kPR, "PRESENT", {n1_same}}}) ==
        std::vector{I::iPR, I::iUPD, I::iUPD});
  const IrecistResult f = irecist({{42, kPR}, {84, kPR, "PRESENT", {n1}}, {126, kPR, "PRESENT", {n1_same}}});
  CHECK(text(f.timepoints[2].reasons).find("scenario F") != std::string::npos);
  // B: the targets shrink further after the iUPD (29.99 < 30): iPR, the iUPD is reset.
  CHECK(responses({{42, kPR}, {84, kPR, "PRESENT", {n1}}, {126, "29.99", "PRESENT", {n1_same}}}) ==
        std::vector{I::iPR, I::iUPD, I::iPR});
  // The new lesion gone is a change too: iPR (non-target still present).
  CHECK(responses({{42, kPR}, {84, kPR, "PRESENT", {n1}}, {126, kPR, "PRESENT", {"N1,,,,ABSENT"}}}) ==
        std::vector{I::iPR, I::iUPD, I::iPR});
  // The same with the targets already CR at the iUPD.
  CHECK(responses({{42, kCR}, {84, kCR, "PRESENT", {n1}}, {126, kCR, "PRESENT", {n1_same}}}) ==
        std::vector{I::iPR, I::iUPD, I::iUPD});
  CHECK(responses({{42, kCR}, {84, kCR, "PRESENT", {n1}}, {126, kCR, "PRESENT", {"N1,,,,ABSENT"}}}) ==
        std::vector{I::iPR, I::iUPD, I::iPR});
  // Targets SD at the iUPD that reach PR afterwards reset it (table 2, row 10's FAQ note).
  CHECK(responses({{42, kSD, "PRESENT", {n1}}, {84, kPR, "PRESENT", {n1_same}}}) == std::vector{I::iUPD, I::iPR});
}

TEST_CASE("a measured new-lesion non-target that grows 5 mm is table 2's any increase: +5.00 yes, +4.99 no") {
  // A 14 mm node (below 15 mm short axis: a new-lesion non-target) growing to 19 mm.
  const std::string node = "L1,NEW,LYMPH NODE,14,";
  auto node_track = [&](const std::string& later) {
    return testing::csv_track("subject,date,lesion,role,site,node,diameter_mm,status\nS," + date_at(0) +
                              ",T1,TARGET,LIVER,N,50,\nS," + date_at(42) + ",T1,,,,50,\nS," + date_at(42) +
                              ",L1,NEW,LYMPH NODE,Y,14,\nS," + date_at(84) + ",T1,,,,50,\nS," + date_at(84) +
                              ",L1,,,," + later + ",\n");
  };
  auto codes = [](const IrecistResult& r) {
    std::vector<I> out;
    for (const IrecistTimepoint& tp : r.timepoints) out.push_back(tp.overall);
    return out;
  };
  CHECK(codes(assess_irecist(node_track("19"), Profile{})) == std::vector{I::iUPD, I::iCPD});
  CHECK(codes(assess_irecist(node_track("18.99"), Profile{})) == std::vector{I::iUPD, I::iUPD});
  const IrecistResult grown = assess_irecist(node_track("19"), Profile{});
  CHECK(text(grown.timepoints[1].reasons).find("measured 19.0 mm, 5.0 mm above its last diameter 14.0 mm") !=
        std::string::npos);
  // A measurable new lesion left a non-target for lack of room (two larger ones in the lung): 12 → 17.
  const std::vector<std::string> three = {"N1,NEW,LUNG,20,", "N2,NEW,LUNG,20,", "N3,NEW,LUNG,12,"};
  auto room = [&](const std::string& n3) {
    return responses({{42, kSD, "PRESENT", three}, {84, kSD, "PRESENT", {"N1,,,20,", "N2,,,20,", "N3,,," + n3 + ","}}});
  };
  CHECK(room("17") == std::vector{I::iUPD, I::iCPD});
  CHECK(room("16.99") == std::vector{I::iUPD, I::iUPD});
  // Steps add up from the iUPD (FAQ: 4 mm then 2 mm confirms): 12 → 15 → 17.
  CHECK(responses({{42, kSD, "PRESENT", three},
                   {84, kSD, "PRESENT", {"N1,,,20,", "N2,,,20,", "N3,,,15,"}},
                   {126, kSD, "PRESENT", {"N1,,,20,", "N2,,,20,", "N3,,,17,"}}}) ==
        std::vector{I::iUPD, I::iUPD, I::iCPD});
  // After a reset, growth from the last diameter starts a new iUPD: 12 → 12 (iPR, reset) → 17.
  CHECK(responses({{42, kSD, "PRESENT", three},
                   {84, kPR, "PRESENT", {"N1,,,20,", "N2,,,20,", "N3,,,12,"}},
                   {126, kPR, "PRESENT", {"N1,,,20,", "N2,,,20,", "N3,,,17,"}}}) ==
        std::vector{I::iUPD, I::iPR, I::iUPD});
}
