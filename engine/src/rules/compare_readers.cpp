// Reader against reader (`recist compare`): the time points of two readers of one subject, matched
// by visit when every visit label is unique, else by date, with what differs between them; their
// best responses and dates of first PD.
#include <algorithm>
#include <map>
#include <set>

#include "compare_support.hpp"

namespace recist {

using namespace compare_support;

namespace {

bool has_unique_visits(const TrackResult& t) {
  std::set<std::string> seen;
  for (const TimepointResult& tp : t.timepoints)
    if (tp.visit.empty() || !seen.insert(tp.visit).second) return false;
  return true;
}

std::string component_differences(const TimepointResult& a, const TimepointResult& b) {
  std::vector<std::string> parts;
  auto both = [](const std::optional<Response>& x, const std::optional<Response>& y) { return x && y && *x != *y; };
  if (both(a.target, b.target))
    parts.push_back("target " + code(*a.target) + " vs " + code(*b.target) + " (" + signed_pct(a.pct_from_baseline) +
                    " vs " + signed_pct(b.pct_from_baseline) + " from baseline, " + signed_pct(a.pct_from_nadir) +
                    " vs " + signed_pct(b.pct_from_nadir) + " from nadir)");
  if (both(a.non_target, b.non_target))
    parts.push_back("non-target " + code(*a.non_target) + " vs " + code(*b.non_target));
  if (a.new_lesions && b.new_lesions && *a.new_lesions != *b.new_lesions)
    parts.push_back("new lesions " + std::string(to_string(*a.new_lesions)) + " vs " +
                    std::string(to_string(*b.new_lesions)));
  if (a.backdated_pd != b.backdated_pd)
    parts.push_back(std::string("PD backdated (R12) for ") + (a.backdated_pd ? "A" : "B"));
  if (parts.empty()) parts.push_back("overall " + code(a.overall) + " vs " + code(b.overall));
  return join(parts, "; ");
}

}  // namespace

ReaderComparison compare_readers(const TrackResult& a, const TrackResult& b) {
  ReaderComparison out;
  out.subject = a.subject;
  out.reader_a = a.reader;
  out.reader_b = b.reader;
  out.matched_by_visit = has_unique_visits(a) && has_unique_visits(b);
  auto key = [&](const TimepointResult& tp) { return out.matched_by_visit ? tp.visit : tp.date.to_string(); };
  std::map<std::string, const TimepointResult*> in_b;
  for (const TimepointResult& tp : b.timepoints) in_b[key(tp)] = &tp;
  std::set<std::string> used;
  for (const TimepointResult& tp : a.timepoints) {
    ReaderTimepoint t;
    t.date_a = tp.date;
    t.visit = tp.visit;
    t.a = tp.overall;
    auto found = in_b.find(key(tp));
    if (found != in_b.end()) {
      used.insert(found->first);
      t.date_b = found->second->date;
      t.b = found->second->overall;
      if (*t.a != *t.b) t.explanation = component_differences(tp, *found->second);
    } else {
      t.explanation = "no time point of " + b.reader +
                      (out.matched_by_visit ? " at visit " + tp.visit : " on " + tp.date.to_string());
    }
    out.timepoints.push_back(std::move(t));
  }
  for (const TimepointResult& tp : b.timepoints) {
    if (used.count(key(tp))) continue;
    ReaderTimepoint t;
    t.date_b = tp.date;
    t.visit = tp.visit;
    t.b = tp.overall;
    t.explanation = "no time point of " + a.reader +
                    (out.matched_by_visit ? " at visit " + tp.visit : " on " + tp.date.to_string());
    out.timepoints.push_back(std::move(t));
  }
  std::stable_sort(out.timepoints.begin(), out.timepoints.end(),
                   [](const ReaderTimepoint& x, const ReaderTimepoint& y) {
                     return x.date_a.value_or(*x.date_b) < y.date_a.value_or(*y.date_b);
                   });
  out.bor_a = a.best.bor;
  out.bor_b = b.best.bor;
  out.confirmed_bor_a = a.best.confirmed_bor;
  out.confirmed_bor_b = b.best.confirmed_bor;
  out.pd_date_a = a.best.pd_date;
  out.pd_date_b = b.best.pd_date;
  out.pd_timing = timing(out.pd_date_a, out.pd_date_b);
  return out;
}

}  // namespace recist
