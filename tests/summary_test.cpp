// R18: counts, ORR and DCR with exact Clopper–Pearson intervals.
#include <doctest/doctest.h>

#include "recist/summary.hpp"

using namespace recist;

TEST_CASE("Clopper–Pearson bounds agree with published values to 4 decimals") {
  auto p0 = clopper_pearson(0, 35);
  CHECK(p0.ci_low == 0.0);
  CHECK(p0.ci_high == doctest::Approx(0.1000).epsilon(0.00005 / 0.1000));
  auto p7 = clopper_pearson(7, 35);
  CHECK(p7.rate == doctest::Approx(0.2));
  CHECK(p7.ci_low == doctest::Approx(0.0844).epsilon(0.00005 / 0.0844));
  CHECK(p7.ci_high == doctest::Approx(0.3694).epsilon(0.00005 / 0.3694));
  auto p35 = clopper_pearson(35, 35);
  CHECK(p35.ci_low == doctest::Approx(0.9000).epsilon(0.00005 / 0.9));
  CHECK(p35.ci_high == 1.0);
  auto p1 = clopper_pearson(1, 2);
  CHECK(p1.ci_low == doctest::Approx(0.0126).epsilon(0.00005 / 0.0126));
  CHECK(p1.ci_high == doctest::Approx(0.9874).epsilon(0.00005 / 0.9874));
  auto p10 = clopper_pearson(10, 35);
  CHECK(p10.ci_low == doctest::Approx(0.1464).epsilon(0.00005 / 0.1464));
  CHECK(p10.ci_high == doctest::Approx(0.4630).epsilon(0.00005 / 0.4630));
}

TEST_CASE("an empty denominator gives zeros, not a crash") {
  auto p = clopper_pearson(0, 0);
  CHECK(p.n == 0);
  CHECK(p.rate == 0.0);
}

namespace {

TrackResult track(const char* subject, const char* reader, Response bor, Response confirmed, bool eligible = true) {
  TrackResult t;
  t.subject = subject;
  t.reader = reader;
  t.baseline = BaselineSummary{};
  t.best.bor = bor;
  t.best.confirmed_bor = confirmed;
  t.has_measurable_target = eligible;
  return t;
}

}  // namespace

TEST_CASE("counts per reader, ORR and DCR, tracks failing R5 listed apart") {
  SummaryBuilder b(Profile{});
  b.add(track("1", "INV", Response::CR, Response::CR));
  b.add(track("2", "INV", Response::PR, Response::SD));
  b.add(track("3", "INV", Response::SD, Response::SD));
  b.add(track("4", "INV", Response::PD, Response::PD));
  b.add(track("5", "INV", Response::NonCrNonPd, Response::NonCrNonPd));
  b.add(track("6", "INV", Response::SD, Response::SD, false));
  b.add(track("1", "BICR", Response::PR, Response::PR));
  TrackResult no_baseline = track("7", "INV", Response::NE, Response::NE);
  no_baseline.baseline.reset();
  b.add(no_baseline);
  TrialSummary s = b.finish();
  REQUIRE(s.readers.size() == 2);
  CHECK(s.readers[0].reader == "BICR");
  const ReaderSummary& inv = s.readers[1];
  CHECK(inv.tracks == 6);
  CHECK(inv.n == 5);
  CHECK(inv.failing_eligibility == std::vector<std::string>{"6"});
  CHECK(inv.confirmed.counts == ResponseCounts{1, 0, 2, 1, 1, 0});
  CHECK(inv.unconfirmed.counts == ResponseCounts{1, 1, 1, 1, 1, 0});
  CHECK(inv.confirmed.orr.count == 1);
  CHECK(inv.unconfirmed.orr.count == 2);
  CHECK(inv.confirmed.dcr.count == 4);
  CHECK(inv.confirmed.orr.n == 5);
  CHECK(s.readers[0].confirmed.orr.count == 1);
}
