// R1–R5: measurability, nodal thresholds, target selection, irradiation, eligibility.
#include <doctest/doctest.h>

#include <algorithm>

#include "rules/rules.hpp"
#include "test_support.hpp"

using namespace recist;
using recist::testing::csv_track;

namespace {

constexpr const char* kHeader =
    "subject,date,lesion,role,site,node,diameter_mm,method,slice_mm,irradiated\n";

std::vector<Finding> findings(const std::string& rows, const Profile& profile = {}) {
  return check_baseline(csv_track(std::string(kHeader) + rows), profile);
}

bool has(const std::vector<Finding>& f, std::string_view code, std::string_view lesion = "") {
  return std::any_of(f.begin(), f.end(), [&](const Finding& x) {
    return x.code == code && (lesion.empty() || x.lesion == lesion);
  });
}

std::string target(const char* id, const char* site, const char* d, const char* node = "N",
                   const char* method = "CT", const char* slice = "", const char* irr = "N") {
  return std::string("S,2026-03-02,") + id + ",TARGET," + site + "," + node + "," + d + "," + method + "," +
         slice + "," + irr + "\n";
}

}  // namespace

TEST_CASE("R1: a non-nodal target needs 10 mm by CT with slices up to 5 mm") {
  CHECK(has(findings(target("T1", "LIVER", "9.99")), "TARGET_NOT_MEASURABLE", "T1"));
  CHECK(findings(target("T1", "LIVER", "10")).empty());
  CHECK(findings(target("T1", "LIVER", "10", "N", "CT", "5")).empty());
  CHECK(findings(target("T1", "LIVER", "10", "N", "MRI", "5")).empty());
}

TEST_CASE("R1: with slices thicker than 5 mm a target needs twice the slice thickness") {
  CHECK(has(findings(target("T1", "LIVER", "11.99", "N", "CT", "6")), "TARGET_NOT_MEASURABLE"));
  CHECK(findings(target("T1", "LIVER", "12", "N", "CT", "6")).empty());
  CHECK(findings(target("T1", "LIVER", "10", "N", "CT", "5.00")).empty());
  CHECK(has(findings(target("T1", "LIVER", "10.1", "N", "CT", "5.1")), "TARGET_NOT_MEASURABLE"));
}

TEST_CASE("R1: chest X-ray needs 20 mm and caliper 10 mm") {
  CHECK(has(findings(target("T1", "LUNG", "19.99", "N", "XRAY")), "TARGET_NOT_MEASURABLE"));
  CHECK(findings(target("T1", "LUNG", "20", "N", "XRAY")).empty());
  CHECK(has(findings(target("T1", "SKIN", "9.99", "N", "CALIPER")), "TARGET_NOT_MEASURABLE"));
  CHECK(findings(target("T1", "SKIN", "10", "N", "CALIPER")).empty());
}

TEST_CASE("R2: a nodal target needs 15 mm short axis") {
  CHECK(findings(target("N1", "LYMPH NODE", "15", "Y")).empty());
  auto pathological = findings(target("N1", "LYMPH NODE", "14.99", "Y"));
  CHECK(has(pathological, "NODE_TOO_SMALL_FOR_TARGET", "N1"));
  CHECK(pathological.front().message.find("non-target only") != std::string::npos);
  auto normal = findings(target("N1", "LYMPH NODE", "9.99", "Y"));
  CHECK(has(normal, "NODE_TOO_SMALL_FOR_TARGET", "N1"));
  CHECK(normal.front().message.find("normal node") != std::string::npos);
}

TEST_CASE("R2: a non-target node below 10 mm is a normal node (warning)") {
  auto f = findings(target("T1", "LIVER", "20") + "S,2026-03-02,NT1,NON-TARGET,LYMPH NODE,Y,9.99,CT,,N\n");
  CHECK(has(f, "NORMAL_NODE", "NT1"));
  CHECK(f.front().severity == Severity::Warning);
  CHECK(findings(target("T1", "LIVER", "20") + "S,2026-03-02,NT1,NON-TARGET,LYMPH NODE,Y,10,CT,,N\n").empty());
}

TEST_CASE("R3: at most five targets") {
  std::string five = target("T1", "LIVER", "20") + target("T2", "LUNG", "20") + target("T3", "ADRENAL", "20") +
                     target("T4", "BONE", "20") + target("T5", "LYMPH NODE", "20", "Y");
  CHECK(findings(five).empty());
  auto six = findings(five + target("T6", "SPLEEN", "20"));
  CHECK(has(six, "TOO_MANY_TARGETS", "T6"));
}

TEST_CASE("R3: at most two targets per organ, lungs and lymph nodes each one organ") {
  CHECK(findings(target("T1", "LIVER", "20") + target("T2", "LIVER", "20")).empty());
  CHECK(has(findings(target("T1", "LIVER", "20") + target("T2", "LIVER", "20") + target("T3", "LIVER", "20")),
            "TOO_MANY_TARGETS_IN_ORGAN", "T3"));
  CHECK(has(findings(target("T1", "LEFT LUNG", "20") + target("T2", "RIGHT LUNG", "20") +
                     target("T3", "LUNG", "20")),
            "TOO_MANY_TARGETS_IN_ORGAN"));
  CHECK(has(findings(target("N1", "MEDIASTINAL LYMPH NODE", "20", "Y") + target("N2", "HILAR LYMPH NODE", "20", "Y") +
                     target("N3", "LYMPH NODE", "20", "Y")),
            "TOO_MANY_TARGETS_IN_ORGAN", "N3"));
  CHECK(rules::organ_of(Lesion{"x", LesionRole::Target, "MEDIASTINUM", true, {}, {}, {}}) == "LYMPH NODE");
  CHECK(rules::organ_of(Lesion{"x", LesionRole::Target, "LEFT ADRENAL", false, {}, {}, {}}) == "ADRENAL");
}

TEST_CASE("R3: a site excluded by the profile may not hold targets") {
  Profile p;
  p.exclude_target_sites = {"BRAIN"};
  auto f = findings(target("T1", "BRAIN", "20", "N", "MRI"), p);
  CHECK(has(f, "TARGET_SITE_EXCLUDED", "T1"));
  CHECK(has(f, "NO_MEASURABLE_TARGET"));  // brain-only disease fails R5
  CHECK(findings(target("T1", "BRAIN", "20", "N", "MRI")).empty());  // default profile allows it
}

TEST_CASE("R4: an irradiated lesion may be a target only if it progressed since") {
  CHECK(has(findings(target("T1", "LUNG", "20", "N", "CT", "", "Y")), "IRRADIATED_TARGET", "T1"));
  CHECK(findings(target("T1", "LUNG", "20", "N", "CT", "", "Y_PROGRESSED")).empty());
}

TEST_CASE("R5: a track with no valid target fails eligibility but is still assessed") {
  auto t = csv_track(std::string(kHeader) + target("T1", "LIVER", "9") + "S,2026-04-13,T1,,,,5,,,\n");
  auto r = assess(t, {});
  CHECK_FALSE(r.has_measurable_target);
  CHECK(has(r.findings, "NO_MEASURABLE_TARGET"));
  REQUIRE(r.timepoints.size() == 1);
  CHECK(r.timepoints[0].target == Response::PR);  // assessed as recorded: 9 → 5
  // One valid target among invalid ones is enough.
  auto ok = assess(csv_track(std::string(kHeader) + target("T1", "LIVER", "9") + target("T2", "LUNG", "12")), {});
  CHECK(ok.has_measurable_target);
}

TEST_CASE("R5: no target and no non-target is no assessable disease") {
  auto f = findings("S,2026-03-02,N1,NEW,LIVER,N,,CT,,N\n");
  CHECK(has(f, "NO_ASSESSABLE_DISEASE"));
  CHECK(has(f, "NEW_LESION_AT_BASELINE", "N1"));
}

TEST_CASE("a target first recorded after baseline is reported and not assessed") {
  auto t = csv_track(std::string(kHeader) + target("T1", "LIVER", "20") + "S,2026-04-13,T1,,,,20,,,\n" +
                     "S,2026-04-13,T2,TARGET,LUNG,N,15,CT,,N\n");
  auto r = assess(t, {});
  CHECK(has(r.findings, "LESION_AFTER_BASELINE", "T2"));
  CHECK(r.baseline->targets == 1);
  CHECK(*r.timepoints[0].sum == Millimetres::from_mm(20));
}

TEST_CASE("non-target-only disease is assessed but fails the measurable-target criterion") {
  auto r = assess(csv_track(std::string(kHeader) + "S,2026-03-02,NT1,NON-TARGET,BONE,N,,CT,,N\n"), {});
  CHECK(has(r.findings, "NO_MEASURABLE_TARGET"));
  CHECK_FALSE(has(r.findings, "NO_ASSESSABLE_DISEASE"));
}
