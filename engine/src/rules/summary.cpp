// The trial summary: R18. ORR and DCR per reader with exact Clopper–Pearson intervals.
#include "recist/summary.hpp"

#include <boost/math/special_functions/beta.hpp>

namespace recist {
namespace {

std::size_t slot(Response r) {
  switch (r) {
    case Response::CR: return 0;
    case Response::PR: return 1;
    case Response::SD: return 2;
    case Response::NonCrNonPd: return 3;
    case Response::PD: return 4;
    default: return 5;  // NE
  }
}

ResponseSummary summarize(const ResponseCounts& counts, int n) {
  ResponseSummary s;
  s.counts = counts;
  s.orr = clopper_pearson(counts[0] + counts[1], n);
  s.dcr = clopper_pearson(counts[0] + counts[1] + counts[2] + counts[3], n);
  return s;
}

IResponseSummary summarize(const std::array<int, 7>& counts, int n) {
  IResponseSummary s;
  s.counts = counts;
  s.orr = clopper_pearson(counts[0] + counts[1], n);
  s.dcr = clopper_pearson(counts[0] + counts[1] + counts[2] + counts[3], n);
  return s;
}

}  // namespace

Proportion clopper_pearson(int k, int n, double confidence) {
  Proportion p;
  p.count = k;
  p.n = n;
  if (n <= 0) return p;
  const double alpha = 1.0 - confidence;
  p.rate = static_cast<double>(k) / n;
  // Exact interval from beta quantiles: B(α/2; k, n−k+1) and B(1−α/2; k+1, n−k).
  p.ci_low = k == 0 ? 0.0 : boost::math::ibeta_inv(k, n - k + 1, alpha / 2);
  p.ci_high = k == n ? 1.0 : boost::math::ibeta_inv(k + 1, n - k, 1 - alpha / 2);
  return p;
}

void SummaryBuilder::add(const TrackResult& track) {
  if (!track.baseline) return;  // N counts tracks with a baseline
  Tally& t = by_reader_[track.reader];
  ++t.tracks;
  if (!track.has_measurable_target) {
    t.failing.push_back(track.subject);
    return;
  }
  ++t.confirmed[slot(track.best.confirmed_bor)];
  ++t.unconfirmed[slot(track.best.bor)];
  if (track.irecist) {
    ++t.i_confirmed[static_cast<std::size_t>(track.irecist->best.confirmed_ibor)];
    ++t.i_unconfirmed[static_cast<std::size_t>(track.irecist->best.ibor)];
  }
}

TrialSummary SummaryBuilder::finish() const {
  TrialSummary out;
  out.primary_is_confirmed = require_confirmation_;
  for (const auto& [reader, t] : by_reader_) {
    ReaderSummary r;
    r.reader = reader;
    r.tracks = t.tracks;
    r.n = t.tracks - static_cast<int>(t.failing.size());
    r.failing_eligibility = t.failing;
    r.confirmed = summarize(t.confirmed, r.n);
    r.unconfirmed = summarize(t.unconfirmed, r.n);
    if (irecist_) {
      r.i_confirmed = summarize(t.i_confirmed, r.n);
      r.i_unconfirmed = summarize(t.i_unconfirmed, r.n);
    }
    out.readers.push_back(std::move(r));
  }
  return out;
}

}  // namespace recist
