// Issue 30: the dates of a track against the file and the protocol (schedule_rules.cpp), and what
// a free-text site names (site_terms.cpp): lymph nodes and the brain.
#include <doctest/doctest.h>

#include <algorithm>

#include "rules/rules.hpp"
#include "test_support.hpp"

using namespace recist;
using recist::testing::csv_track;

namespace {

constexpr const char* kHeader = "subject,date,visit,start_date,lesion,role,site,node,diameter_mm\n";

/// T1 (liver, 20 mm) at each (date, visit); `start` is the start_date column.
std::string rows(std::initializer_list<std::pair<const char*, const char*>> visits, const char* start = "") {
  std::string s = kHeader;
  for (const auto& [date, visit] : visits)
    s += std::string("S,") + date + "," + visit + "," + start + ",T1,TARGET,LIVER,N,20\n";
  return s;
}

std::vector<Finding> findings(const std::string& csv, const Profile& profile = {}) {
  return check_baseline(csv_track(csv), profile);
}

const Finding* find(const std::vector<Finding>& f, std::string_view code) {
  auto it = std::find_if(f.begin(), f.end(), [&](const Finding& x) { return x.code == code; });
  return it == f.end() ? nullptr : &*it;
}

Profile protocol(int window, int interval) {
  Profile p;
  p.baseline_window_days = window;
  p.assessment_interval_days = interval;
  return p;
}

}  // namespace

TEST_CASE("a follow-up dated before the visit the file calls baseline is an error naming both dates") {
  // The wrong year: W6 typed 2025-04-13 for 2026-04-13 becomes the earliest assessment.
  const auto f = findings(rows({{"2026-03-02", "SCREENING"}, {"2025-04-13", "W6"}, {"2026-05-25", "W12"}}));
  const Finding* e = find(f, "BASELINE_NOT_FIRST");
  REQUIRE(e != nullptr);
  CHECK(e->severity == Severity::Error);
  CHECK(e->message.find("2025-04-13 (visit W6) is dated before 2026-03-02, the visit the file calls baseline "
                        "(SCREENING)") != std::string::npos);
  // Any case, BASELINE too, and a label that starts with it.
  CHECK(find(findings(rows({{"2026-03-02", "Baseline visit"}, {"2025-04-13", "W6"}})), "BASELINE_NOT_FIRST"));
}

TEST_CASE("no baseline error when the earliest visit is the one called baseline, or none is named") {
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "SCREENING"}, {"2026-04-13", "W6"}})), "BASELINE_NOT_FIRST"));
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "V1"}, {"2026-04-13", "V2"}})), "BASELINE_NOT_FIRST"));
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "BASELINE"}, {"2026-04-13", "SCREENINGS"}})), "BASELINE_NOT_FIRST"));
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "W0"}, {"2026-04-13", "BASELINES"}})), "BASELINE_NOT_FIRST"));
}

TEST_CASE("baseline window: 28 days before the start date is within, 29 is a warning") {
  const Profile p = protocol(28, 0);
  CHECK_FALSE(find(findings(rows({{"2026-02-02", "SCREENING"}, {"2026-04-13", "W6"}}, "2026-03-02"), p),
                   "BASELINE_OUTSIDE_WINDOW"));
  const auto f = findings(rows({{"2026-02-01", "SCREENING"}, {"2026-04-13", "W6"}}, "2026-03-02"), p);
  const Finding* w = find(f, "BASELINE_OUTSIDE_WINDOW");
  REQUIRE(w != nullptr);
  CHECK(w->severity == Severity::Warning);
  CHECK(w->message.find("29 days before the start date 2026-03-02, more than the protocol's 28") != std::string::npos);
  // Not checked without the profile key.
  CHECK_FALSE(find(findings(rows({{"2025-01-01", "SCREENING"}, {"2026-04-13", "W6"}}, "2026-03-02")),
                   "BASELINE_OUTSIDE_WINDOW"));
}

TEST_CASE("with a protocol window, a baseline after the start date and a missing start date are warnings") {
  const Profile p = protocol(28, 0);
  CHECK(find(findings(rows({{"2026-03-03", "SCREENING"}, {"2026-04-13", "W6"}}, "2026-03-02"), p),
             "BASELINE_AFTER_START"));
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "SCREENING"}, {"2026-04-13", "W6"}}, "2026-03-02"), p),
                   "BASELINE_AFTER_START"));
  CHECK(find(findings(rows({{"2026-03-02", "SCREENING"}, {"2026-04-13", "W6"}}), p), "NO_START_DATE"));
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "SCREENING"}, {"2026-04-13", "W6"}})), "NO_START_DATE"));
}

TEST_CASE("schedule gaps: more than twice the interval is a warning, exactly twice is not") {
  const Profile p = protocol(0, 42);
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "SCREENING"}, {"2026-05-25", "W12"}}), p), "ASSESSMENT_GAP"));
  const auto f = findings(rows({{"2026-03-02", "SCREENING"}, {"2026-05-26", "W12"}}), p);
  const Finding* w = find(f, "ASSESSMENT_GAP");
  REQUIRE(w != nullptr);
  CHECK(w->message.find("no assessment for 85 days between 2026-03-02 and 2026-05-26") != std::string::npos);
  CHECK_FALSE(find(findings(rows({{"2026-03-02", "SCREENING"}, {"2026-09-26", "W12"}})), "ASSESSMENT_GAP"));
}

TEST_CASE("a site naming a lymph node without node = Y is a warning") {
  const std::string csv = std::string(kHeader) + "S,2026-03-02,,,T1,TARGET,MEDIASTINAL LYMPH NODE,N,20\n" +
                          "S,2026-03-02,,,T2,TARGET,LIVER,N,20\n";
  const auto f = findings(csv);
  const Finding* w = find(f, "NODE_SITE_NOT_NODAL");
  REQUIRE(w != nullptr);
  CHECK(w->lesion == "T1");
  CHECK(w->severity == Severity::Warning);
  CHECK(std::count_if(f.begin(), f.end(), [](const Finding& x) { return x.code == "NODE_SITE_NOT_NODAL"; }) == 1);
  CHECK_FALSE(
      find(findings(std::string(kHeader) + "S,2026-03-02,,,T1,TARGET,LYMPH NODE,Y,20\n"), "NODE_SITE_NOT_NODAL"));
}

TEST_CASE("the brain's terms: each names the brain as a whole word; neighbours do not") {
  for (const char* site : {"BRAIN", "LEFT FRONTAL LOBE", "RIGHT CEREBELLUM", "CEREBELLAR HEMISPHERE", "PONS",
                           "BRAIN STEM", "BRAINSTEM", "LEFT TEMPORAL LOBE", "OCCIPITAL LOBE", "PARIETAL LOBE",
                           "THALAMUS", "BASAL GANGLIA", "CORPUS CALLOSUM", "INTRACRANIAL", "CEREBRAL CORTEX"}) {
    CAPTURE(site);
    CHECK(rules::names_brain(site));
  }
  for (const char* site : {"LIVER", "LUNG", "SKULL", "PITUITARY GLAND", "DURA", "BRAINY", "SPONS", "BONE"}) {
    CAPTURE(site);
    CHECK_FALSE(rules::names_brain(site));
  }
}

TEST_CASE("R3: a profile excluding BRAIN excludes every site that names the brain, and counts them as one organ") {
  Profile p;
  p.exclude_target_sites = {"BRAIN"};
  const std::string csv = std::string(kHeader) + "S,2026-03-02,,,T1,TARGET,LEFT FRONTAL LOBE,N,20\n" +
                          "S,2026-03-02,,,T2,TARGET,CEREBELLUM,N,20\n" + "S,2026-03-02,,,T3,TARGET,PONS,N,20\n";
  const auto f = findings(csv, p);
  CHECK(std::count_if(f.begin(), f.end(), [](const Finding& x) { return x.code == "TARGET_SITE_EXCLUDED"; }) == 3);
  const Finding* organ = find(f, "TOO_MANY_TARGETS_IN_ORGAN");
  REQUIRE(organ != nullptr);
  CHECK(organ->message.find("3 target lesions in BRAIN") != std::string::npos);
}
