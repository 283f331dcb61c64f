// Issue 5: every discrepancy category planted in a reader's recorded responses is found and named;
// Cohen's kappa and its interval against values computed by hand; BICR discordance rates; reader
// against reader.
#include "recist/compare.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "test_support.hpp"

using namespace recist;
using namespace recist::testing;

namespace {

constexpr const char* kHeader = "subject,start_date,date,lesion,role,site,node,diameter_mm,status,reported\n";

/// One row of the single subject S (start 2026-03-02); `reported` is the reader's response that day.
std::string row(const char* date, const char* lesion, const char* d, const char* status = "", const char* reported = "",
                const char* role = "", const char* site = "", const char* node = "") {
  return std::string("S,2026-03-02,") + date + "," + lesion + "," + role + "," + site + "," + node + "," + d + "," +
         status + "," + reported + "\n";
}

std::string target(const char* lesion, const char* d, const char* site = "LIVER", const char* node = "N") {
  return row("2026-03-02", lesion, d, "", "", "TARGET", site, node);
}

std::string non_target(const char* lesion, const char* site = "BONE") {
  return row("2026-03-02", lesion, "", "PRESENT", "", "NON-TARGET", site, "N");
}

struct Compared {
  TrackComparison comparison;
  TrackResult computed;
};

Compared compare_csv(const std::string& body, const RecordedBest* best = nullptr, const Profile& profile = {}) {
  const Track t = csv_track(std::string(kHeader) + body);
  Compared c;
  c.computed = assess(t, profile);
  c.comparison = compare_recorded(t, c.computed, recorded_timepoints(t, nullptr), best, profile);
  return c;
}

/// The only disagreeing comparison that does not merely follow from others (FOLLOWS_TIMEPOINTS);
/// fails the test when there is not exactly one.
RecordedComparison only_discrepancy(const Compared& c) {
  std::vector<RecordedComparison> found;
  for (const RecordedComparison& r : c.comparison.comparisons)
    if (!r.agree() && r.category != Discrepancy::FollowsTimepoints) found.push_back(r);
  REQUIRE(found.size() == 1);
  return found.front();
}

bool contains(const std::string& text, const std::string& piece) {
  return text.find(piece) != std::string::npos;
}

}  // namespace

TEST_CASE("agreement everywhere: no discrepancy and the track agrees") {
  const Compared c = compare_csv(target("T1", "50") + row("2026-04-13", "T1", "30", "", "PR") +
                                 row("2026-05-25", "T1", "28", "", "PR"));
  CHECK(c.comparison.agree());
  CHECK(c.comparison.comparisons.size() == 4);  // two time points, BOR, confirmed BOR
  CHECK_FALSE(c.comparison.best_recorded);
}

TEST_CASE("arithmetic: a PR recorded at -24% does not follow from the diameters") {
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "50") + row("2026-04-13", "T1", "38", "", "PR")));
  CHECK(d.category == Discrepancy::Arithmetic);
  CHECK(d.recorded == Response::PR);
  CHECK(d.computed == Response::SD);
  CHECK(contains(d.explanation, "-24.0%"));
  CHECK(contains(d.explanation, "needs target PR"));
}

TEST_CASE("wrong reference: PD from the nadir judged from the baseline") {
  const RecordedComparison d = only_discrepancy(compare_csv(
      target("T1", "50") + row("2026-04-13", "T1", "25", "", "PR") + row("2026-05-25", "T1", "32", "", "PR")));
  CHECK(d.category == Discrepancy::WrongReference);
  CHECK(d.computed == Response::PD);
  CHECK(contains(d.explanation, "+28.0% (+7.0 mm) from the nadir 25.0 mm"));
}

TEST_CASE("wrong reference: PR from the baseline judged from the nadir") {
  const RecordedComparison d = only_discrepancy(compare_csv(
      target("T1", "50") + row("2026-04-13", "T1", "40", "", "SD") + row("2026-05-25", "T1", "34", "", "SD")));
  CHECK(d.category == Discrepancy::WrongReference);
  CHECK(d.computed == Response::PR);
  CHECK(contains(d.explanation, "-32.0% from the baseline 50.0 mm"));
}

namespace {

/// Subject 01-701-1133 read by RADIOLOGIST 2 in the pharmaverse's onco_recist TR (three targets,
/// baseline 19.57 + 20.37 + 19.6 = 59.54 mm; week 3 41.14 mm, PR; week 6 all 0 mm, CR), moved to
/// this file's dates (2012-10-28, -11-18, -12-09, -12-30 there). `t1` is T01 at week 9.
std::string case_1133(const char* t1, const char* recorded, const std::string& extra_baseline = "",
                      const std::string& extra_week9 = "") {
  return target("T01", "19.57", "ESOPHAGUS") + target("T02", "20.37", "HEAD AND NECK") + target("T03", "19.6", "ANUS") +
         extra_baseline + row("2026-03-23", "T01", "14.55", "", "PR") + row("2026-03-23", "T02", "13.72") +
         row("2026-03-23", "T03", "12.87") + row("2026-04-13", "T01", "0", "", "CR") + row("2026-04-13", "T02", "0") +
         row("2026-04-13", "T03", "0") + row("2026-05-04", "T01", t1, "", recorded) + row("2026-05-04", "T02", "0") +
         row("2026-05-04", "T03", "0") + extra_week9;
}

}  // namespace

TEST_CASE("reappearance: a target back after CR, 4.95 mm, judged by the sum alone (pharmaverse 01-701-1133)") {
  // +4.95 mm from the nadir of 0 mm is not PD by R9 (less than 5 mm), and -91.7% from the
  // baseline is PR by the sum; but after an overall CR the lesion's return is PD by R10. The
  // recorded PR (admiral's derivation in the pharmaverse) left R10 out: the engine is right.
  const RecordedComparison d = only_discrepancy(compare_csv(case_1133("4.95", "PR")));
  CHECK(d.category == Discrepancy::Reappearance);
  CHECK(to_string(d.category) == "REAPPEARANCE");
  CHECK(d.computed == Response::PD);
  CHECK(contains(d.explanation,
                 "target PD: after an overall CR, T01 (4.95 mm) reappeared (R10; sum 4.95 mm, nadir 0.0 mm)"));
  CHECK(contains(d.explanation, "the recorded PR is what target PR and non-target NA give"));
  CHECK_FALSE(contains(d.explanation, "(R8, R9)"));
}

TEST_CASE("wrong reference: after a CR (nadir 0 mm, no percentage) a sum judged from the baseline") {
  // The same track with T01 back at 6.0 mm: +6.0 mm from the 0 mm nadir is PD by R9 itself; the
  // recorded PR is -89.9% from the baseline.
  const RecordedComparison d = only_discrepancy(compare_csv(case_1133("6", "PR")));
  CHECK(d.category == Discrepancy::WrongReference);
  CHECK(contains(d.explanation, "the sum 6.0 mm is +6.0 mm from the nadir 0.0 mm (no percentage of a 0 mm nadir): PD"));
  CHECK(contains(d.explanation, "-89.9% from the baseline 59.54 mm"));
}

TEST_CASE("wrong reference: after a CR, a sum judged from the baseline while a non-target is back too") {
  // Both the targets (R9 from the 0 mm nadir) and a non-nodal non-target (R10) give PD: the
  // recorded PR is the baseline reading with R10 left out for the non-target (formerly OTHER).
  const RecordedComparison d = only_discrepancy(
      compare_csv(case_1133("6", "PR", non_target("NT1"),
                            row("2026-04-13", "NT1", "", "ABSENT") + row("2026-05-04", "NT1", "", "PRESENT")) +
                  row("2026-03-23", "NT1", "", "PRESENT")));
  CHECK(d.category == Discrepancy::WrongReference);
  CHECK(d.computed == Response::PD);
}

TEST_CASE("reappearance: a lymph node merely present again after CR recorded PD") {
  // Working group FAQ: a non-target node has reappeared only if it unequivocally progressed.
  const RecordedComparison d = only_discrepancy(
      compare_csv(target("T1", "20") + row("2026-03-02", "NT1", "", "PRESENT", "", "NON-TARGET", "LYMPH NODE", "Y") +
                  row("2026-04-13", "T1", "0", "", "CR") + row("2026-04-13", "NT1", "", "ABSENT") +
                  row("2026-05-25", "T1", "0", "", "PD") + row("2026-05-25", "NT1", "", "PRESENT")));
  CHECK(d.category == Discrepancy::Reappearance);
  CHECK(d.computed == Response::PR);
  CHECK(contains(d.explanation, "non-target node NT1 is present again after a CR"));
}

TEST_CASE("a PD recorded from the target sum is not put on an equivocal new lesion beside it") {
  // SPEC example 4's numbers (20 → 24.5 mm: +22.5% but +4.5 mm) with an equivocal new lesion on
  // the same scan: the recorded PD is the 5 mm rule's mistake, not the new lesion's.
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "20") + row("2026-04-13", "T1", "24.5", "", "PD") +
                                   row("2026-04-13", "N1", "", "EQUIVOCAL", "PD", "NEW", "BONE")));
  CHECK(d.category == Discrepancy::AbsoluteIncrease);
}

TEST_CASE("5 mm rule: +22.5% but +4.5 mm recorded as PD (SPEC example 4)") {
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "20") + row("2026-04-13", "T1", "24.5", "", "PD")));
  CHECK(d.category == Discrepancy::AbsoluteIncrease);
  CHECK(to_string(d.category) == "ABSOLUTE_5MM");
  CHECK(contains(d.explanation, "+4.5 mm"));
}

TEST_CASE("nodal CR: a node at 10 mm called CR") {
  const RecordedComparison d = only_discrepancy(compare_csv(target("T1", "20") + target("T2", "16", "LYMPH NODE", "Y") +
                                                            row("2026-04-13", "T1", "", "ABSENT", "CR") +
                                                            row("2026-04-13", "T2", "10", "", "CR")));
  CHECK(d.category == Discrepancy::NodalCr);
  CHECK(d.computed == Response::PR);
  CHECK(contains(d.explanation, "T2 10.0 mm is not below 10 mm"));
}

TEST_CASE("nodal CR: a node below 10 mm kept from CR") {
  const RecordedComparison d = only_discrepancy(compare_csv(target("T1", "20") + target("T2", "16", "LYMPH NODE", "Y") +
                                                            row("2026-04-13", "T1", "", "ABSENT", "PR") +
                                                            row("2026-04-13", "T2", "9", "", "PR")));
  CHECK(d.category == Discrepancy::NodalCr);
  CHECK(d.computed == Response::CR);
  CHECK(contains(d.explanation, "T2 9.0 mm is below 10 mm"));
}

TEST_CASE("non-target: unequivocal progression missed") {
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "20") + non_target("NT1") + row("2026-04-13", "T1", "19", "", "SD") +
                                   row("2026-04-13", "NT1", "", "PD", "SD")));
  CHECK(d.category == Discrepancy::NonTarget);
  CHECK(d.computed == Response::PD);
  CHECK(contains(d.explanation, "NT1 shows unequivocal progression"));
}

TEST_CASE("non-target: CR recorded while a non-target is still present") {
  const RecordedComparison d = only_discrepancy(compare_csv(target("T1", "20") + non_target("NT1") +
                                                            row("2026-04-13", "T1", "", "ABSENT", "CR") +
                                                            row("2026-04-13", "NT1", "", "PRESENT", "CR")));
  CHECK(d.category == Discrepancy::NonTarget);
  CHECK(d.computed == Response::PR);
  CHECK(contains(d.explanation, "NT1 still present"));
}

TEST_CASE("new lesion: an unequivocal new lesion missed") {
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "20") + row("2026-04-13", "T1", "19", "", "SD") +
                                   row("2026-04-13", "N1", "", "UNEQUIVOCAL", "SD", "NEW", "BONE")));
  CHECK(d.category == Discrepancy::NewLesion);
  CHECK(contains(d.explanation, "N1 (BONE)"));
}

TEST_CASE("new lesion: an equivocal new lesion treated as PD") {
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "20") + row("2026-04-13", "T1", "19", "", "PD") +
                                   row("2026-04-13", "N1", "", "EQUIVOCAL", "PD", "NEW", "BONE")));
  CHECK(d.category == Discrepancy::NewLesion);
  CHECK(d.computed == Response::SD);
  CHECK(contains(d.explanation, "equivocal"));
}

TEST_CASE("new lesion: a backdated PD (R12) recorded as SD") {
  const Compared c =
      compare_csv(target("T1", "20") + row("2026-04-13", "T1", "19", "", "SD") +
                  row("2026-04-13", "N1", "", "EQUIVOCAL", "SD", "NEW", "BONE") +
                  row("2026-05-25", "T1", "19", "", "PD") + row("2026-05-25", "N1", "", "UNEQUIVOCAL", "PD"));
  const RecordedComparison d = only_discrepancy(c);
  CHECK(d.category == Discrepancy::NewLesion);
  CHECK(d.date == day("2026-04-13"));
  CHECK(contains(d.explanation, "dated back"));
}

TEST_CASE("NE handling: a not-evaluated target recorded as SD, and NE recorded although all was evaluated") {
  const RecordedComparison missing =
      only_discrepancy(compare_csv(target("T1", "30") + target("T2", "20", "LUNG") +
                                   row("2026-04-13", "T1", "29", "", "SD") + row("2026-04-13", "T2", "", "NE", "SD")));
  CHECK(missing.category == Discrepancy::NotEvaluable);
  CHECK(missing.computed == Response::NE);
  CHECK(contains(missing.explanation, "T2 not evaluated"));

  const RecordedComparison needless =
      only_discrepancy(compare_csv(target("T1", "30") + row("2026-04-13", "T1", "29", "", "NE")));
  CHECK(needless.category == Discrepancy::NotEvaluable);
  CHECK(contains(needless.explanation, "every target and non-target was evaluated"));
}

TEST_CASE("confirmation: a PR confirmed only 21 days later") {
  const RecordedBest best{"S", "INVESTIGATOR", Response::PR, Response::PR};
  const Compared c = compare_csv(target("T1", "50") + row("2026-04-13", "T1", "30", "", "PR") +
                                     row("2026-05-04", "T1", "30", "", "PR") + row("2026-05-25", "T1", "45", "", "PD"),
                                 &best);
  CHECK(c.comparison.best_recorded);
  const RecordedComparison d = only_discrepancy(c);
  CHECK(d.level == CompareLevel::ConfirmedBor);
  CHECK(d.category == Discrepancy::Confirmation);
  CHECK(d.computed == Response::SD);
  CHECK(contains(d.explanation, "at least 28 days"));
}

TEST_CASE("confirmation: a PR never confirmed recorded as confirmed") {
  const RecordedBest best{"S", "INVESTIGATOR", std::nullopt, Response::PR};
  const RecordedComparison d = only_discrepancy(compare_csv(
      target("T1", "50") + row("2026-04-13", "T1", "30", "", "PR") + row("2026-05-25", "T1", "45", "", "PD"), &best));
  CHECK(d.category == Discrepancy::Confirmation);
  CHECK(contains(d.explanation, "unconfirmed best response"));
}

TEST_CASE("minimum duration: SD at day 30 recorded as the best response") {
  Profile p;
  p.sd_min_days = 35;
  const RecordedBest best{"S", "INVESTIGATOR", Response::SD, std::nullopt};
  const RecordedComparison d =
      only_discrepancy(compare_csv(target("T1", "50") + row("2026-04-01", "T1", "48", "", "SD"), &best, p));
  CHECK(d.level == CompareLevel::Bor);
  CHECK(d.category == Discrepancy::Confirmation);
  CHECK(d.computed == Response::NE);
  CHECK(contains(d.explanation, "35 days"));
}

TEST_CASE("a best response that follows from differing time points is named so") {
  const Compared c = compare_csv(target("T1", "50") + row("2026-04-13", "T1", "38", "", "PR") +
                                 row("2026-05-25", "T1", "38", "", "PR"));
  int time_points = 0, follows = 0;
  for (const RecordedComparison& r : c.comparison.comparisons) {
    if (r.agree()) continue;
    if (r.level == CompareLevel::Timepoint) {
      ++time_points;
      CHECK(r.category == Discrepancy::Arithmetic);
    } else {
      ++follows;
      CHECK(r.category == Discrepancy::FollowsTimepoints);
    }
  }
  CHECK(time_points == 2);
  CHECK(follows == 2);  // BOR and confirmed BOR: PR derived from the recorded PRs, SD recomputed
}

TEST_CASE("a recorded date without an assessment is reported, not dropped") {
  const Track t = csv_track(std::string(kHeader) + target("T1", "50") + row("2026-04-13", "T1", "30", "", "PR"));
  const TrackResult computed = assess(t, {});
  std::vector<RecordedTimepoint> recorded = recorded_timepoints(t, nullptr);
  recorded.push_back({day("2026-05-25"), "W12", Response::PR});
  const TrackComparison c = compare_recorded(t, computed, recorded, nullptr, {});
  REQUIRE(c.comparisons.size() >= 2);
  CHECK(c.comparisons[1].category == Discrepancy::Other);
  CHECK_FALSE(c.comparisons[1].computed.has_value());
}

// ---- statistics ----

namespace {

ConfusionMatrix matrix(std::initializer_list<std::tuple<Response, Response, int>> cells) {
  ConfusionMatrix m{};
  for (auto [a, b, n] : cells) {
    const auto i = std::find(kAgreementCodes.begin(), kAgreementCodes.end(), a) - kAgreementCodes.begin();
    const auto j = std::find(kAgreementCodes.begin(), kAgreementCodes.end(), b) - kAgreementCodes.begin();
    m[i][j] = n;
  }
  return m;
}

}  // namespace

TEST_CASE("kappa and its interval for a 2x2 table, computed by hand") {
  // n = 50: PR/PR 20, PR/SD 5, SD/PR 10, SD/SD 15. p_o = 0.70; rows 0.5, 0.5; columns 0.6, 0.4;
  // p_e = 0.5·0.6 + 0.5·0.4 = 0.50; κ = (0.70 − 0.50)/(1 − 0.50) = 0.40.
  // Fleiss–Cohen–Everitt: A = 0.4·(1 − 1.1·0.6)² + 0.3·(1 − 0.9·0.6)² = 0.04624 + 0.06348 = 0.10972;
  // B = 0.6²·(0.1·(0.6 + 0.5)² + 0.2·(0.4 + 0.5)²) = 0.36·0.283 = 0.10188; C = (0.4 − 0.5·0.6)² = 0.01;
  // var = (A + B − C)/(50·0.5²) = 0.2016/12.5 = 0.016128; se = 0.126996; CI 0.4 ± 1.959964·se.
  const Kappa k = cohen_kappa(matrix({{Response::PR, Response::PR, 20},
                                      {Response::PR, Response::SD, 5},
                                      {Response::SD, Response::PR, 10},
                                      {Response::SD, Response::SD, 15}}));
  REQUIRE(k.value.has_value());
  CHECK(*k.value == doctest::Approx(0.4));
  CHECK(k.se == doctest::Approx(std::sqrt(0.016128)));
  CHECK(k.ci_low == doctest::Approx(0.4 - 1.959964 * 0.1269961).epsilon(1e-5));
  CHECK(k.ci_high == doctest::Approx(0.4 + 1.959964 * 0.1269961).epsilon(1e-5));
}

TEST_CASE("kappa for a 3x3 table, computed by hand") {
  // n = 10: CR/CR 2, PR/PR 3, PR/SD 1, SD/SD 3, SD/PR 1. p_o = 0.8; rows 0.2, 0.4, 0.4; columns
  // 0.2, 0.4, 0.4; p_e = 0.04 + 0.16 + 0.16 = 0.36; κ = 0.44/0.64 = 0.6875.
  // A = 0.2·(1 − 0.4·0.3125)² + 2·0.3·(1 − 0.8·0.3125)² = 0.153125 + 0.3375 = 0.490625;
  // B = 0.3125²·(0.1·(0.4 + 0.4)² + 0.1·(0.4 + 0.4)²) = 0.09765625·0.128 = 0.0125;
  // C = (0.6875 − 0.36·0.3125)² = 0.575² = 0.330625; var = (0.490625 + 0.0125 − 0.330625)/(10·0.64²)
  //   = 0.1725/4.096 = 0.042114; se = 0.205217.
  const Kappa k = cohen_kappa(matrix({{Response::CR, Response::CR, 2},
                                      {Response::PR, Response::PR, 3},
                                      {Response::PR, Response::SD, 1},
                                      {Response::SD, Response::SD, 3},
                                      {Response::SD, Response::PR, 1}}));
  REQUIRE(k.value.has_value());
  CHECK(*k.value == doctest::Approx(0.6875));
  CHECK(k.se == doctest::Approx(std::sqrt(0.1725 / 4.096)));
  CHECK(k.ci_high == doctest::Approx(std::min(1.0, 0.6875 + 1.959964 * std::sqrt(0.1725 / 4.096))).epsilon(1e-5));
}

TEST_CASE("kappa degenerate cases: perfect agreement, one code only, one source constant") {
  const Kappa perfect = cohen_kappa(matrix({{Response::PR, Response::PR, 10}, {Response::PD, Response::PD, 5}}));
  REQUIRE(perfect.value.has_value());
  CHECK(*perfect.value == doctest::Approx(1.0));
  CHECK(perfect.se == doctest::Approx(0.0));
  CHECK(perfect.ci_low == doctest::Approx(1.0));
  CHECK(perfect.ci_high == doctest::Approx(1.0));

  // Both sources say SD every time: p_o = p_e = 1, kappa is 0/0 and reported undefined.
  const Kappa one_code = cohen_kappa(matrix({{Response::SD, Response::SD, 12}}));
  CHECK_FALSE(one_code.value.has_value());

  // A always SD, B SD 8 and PD 2: p_o = p_e = 0.8, κ = 0; A = 0.8·(1 − 1.8)² = 0.512,
  // B = 0.2·(0.8 + 0)² = 0.128, C = 0.8² = 0.64: the variance is 0.
  const Kappa constant = cohen_kappa(matrix({{Response::SD, Response::SD, 8}, {Response::SD, Response::PD, 2}}));
  REQUIRE(constant.value.has_value());
  CHECK(*constant.value == doctest::Approx(0.0));
  CHECK(constant.se == doctest::Approx(0.0));

  CHECK_FALSE(cohen_kappa(ConfusionMatrix{}).value.has_value());
}

TEST_CASE("agreement table: counts, exact interval of the agreement") {
  std::vector<std::pair<Response, Response>> pairs;
  for (int i = 0; i < 7; ++i) pairs.emplace_back(Response::PR, Response::PR);
  pairs.emplace_back(Response::PR, Response::SD);
  pairs.emplace_back(Response::NA, Response::SD);  // not a code of the table: ignored
  const AgreementTable t = agreement_table(pairs);
  CHECK(t.n == 8);
  CHECK(t.counts[1][1] == 7);
  CHECK(t.counts[1][2] == 1);
  CHECK(t.agreement.count == 7);
  CHECK(t.agreement.ci_low == doctest::Approx(clopper_pearson(7, 8).ci_low));
}

TEST_CASE("BICR discordance rates: EDR = (b + d)/(a + b + c + d), LDR = (c + e)/(b + c + d + e)") {
  const std::vector<PdTiming> timings = {PdTiming::Same,     PdTiming::Same,  PdTiming::Same,
                                         PdTiming::AEarlier, PdTiming::AOnly, PdTiming::ALater,
                                         PdTiming::BOnly,    PdTiming::BOnly, PdTiming::Neither};
  const ProgressionDiscordance d = progression_discordance(timings);
  CHECK(d.edr.count == 2);  // earlier 1 + A only 1
  CHECK(d.edr.n == 6);      // same 3 + earlier 1 + later 1 + A only 1
  CHECK(d.ldr.count == 3);  // later 1 + B only 2
  CHECK(d.ldr.n == 5);      // earlier 1 + later 1 + A only 1 + B only 2
  CHECK(d.counts[static_cast<int>(PdTiming::Neither)] == 1);
}

// ---- reader against reader ----

namespace {

TrackResult reader_track(const char* reader,
                         std::initializer_list<std::tuple<const char*, const char*, Response>> tps) {
  TrackResult t;
  t.subject = "S";
  t.reader = reader;
  for (auto [date, visit, r] : tps) {
    TimepointResult tp;
    tp.date = day(date);
    tp.visit = visit;
    tp.overall = r;
    t.timepoints.push_back(tp);
  }
  t.best = best_response(t.timepoints, day("2026-03-02"), {});
  return t;
}

}  // namespace

TEST_CASE("readers are matched by visit, PD dates compared, and the pair disagrees") {
  const TrackResult a = reader_track(
      "INVESTIGATOR",
      {{"2026-04-13", "W6", Response::SD}, {"2026-05-25", "W12", Response::SD}, {"2026-07-06", "W18", Response::PD}});
  const TrackResult b =
      reader_track("READER2", {{"2026-04-14", "W6", Response::SD}, {"2026-05-25", "W12", Response::PD}});
  const ReaderComparison c = compare_readers(a, b);
  CHECK(c.matched_by_visit);
  REQUIRE(c.timepoints.size() == 3);
  CHECK(c.timepoints[0].agree());  // W6 matched although a day apart
  CHECK_FALSE(c.timepoints[1].agree());
  CHECK_FALSE(c.timepoints[2].b.has_value());
  CHECK(c.pd_timing == PdTiming::ALater);
  CHECK_FALSE(c.agree());
}

TEST_CASE("readers without visit labels are matched by date") {
  const TrackResult a = reader_track("A", {{"2026-04-13", "", Response::PR}, {"2026-05-25", "", Response::PR}});
  const TrackResult b = reader_track("B", {{"2026-04-13", "", Response::PR}, {"2026-05-25", "", Response::PR}});
  const ReaderComparison c = compare_readers(a, b);
  CHECK_FALSE(c.matched_by_visit);
  CHECK(c.pd_timing == PdTiming::Neither);
  CHECK(c.agree());
}

TEST_CASE("compare(): INVESTIGATOR first in reader pairs, statistics for recorded and for readers") {
  const std::string header = "subject,reader,date,lesion,role,site,diameter_mm,reported\n";
  const std::string text = header +
                           "S,READER2,2026-03-02,T1,TARGET,LIVER,50,\nS,READER2,2026-04-13,T1,,,30,\n"
                           "S,INVESTIGATOR,2026-03-02,T1,TARGET,LIVER,50,\nS,INVESTIGATOR,2026-04-13,T1,,,38,PR\n";
  io::Dataset d = io::read_measurements_csv(text, "t.csv", {});
  REQUIRE(d.errors.empty());
  const CompareResult r = compare(d.tracks, {}, {}, Profile{});
  REQUIRE(r.readers.size() == 1);
  CHECK(r.readers[0].reader_a == "INVESTIGATOR");
  REQUIRE(r.recorded.size() == 1);  // READER2 recorded nothing
  REQUIRE(r.statistics.size() == 2);
  CHECK(r.statistics[0].kind == PairKind::RecordedVsRecomputed);
  CHECK(r.statistics[0].timepoints.n == 1);
  CHECK(r.statistics[1].kind == PairKind::ReaderVsReader);
  CHECK(r.disagreements() > 0);
}
