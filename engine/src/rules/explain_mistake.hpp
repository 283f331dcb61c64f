#pragma once
// Explaining a recorded response that differs from the recomputed one (internal to
// engine/src/rules): which single, named mistake would have produced it. The response is
// recomputed under that mistake (PD judged from the baseline, no 5 mm rule, nodes ignored for CR,
// a new lesion ignored, a confirmation rule left out, ...) and the first mistake that gives the
// recorded response names the category.

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "compare_support.hpp"
#include "recist/compare.hpp"
#include "rules.hpp"

namespace recist::compare_support {

using rules::NonTargetValue;
using rules::TargetValue;

/// The lesions of one follow-up: each target's value (R7), each non-target's status, new lesions.
struct Lesions {
  std::vector<TargetValue> targets;
  std::vector<NonTargetValue> non_targets;
  std::vector<std::string> new_unequivocal, new_equivocal;
};

/// The lesions of follow-up `a` as the rules see them.
Lesions lesions_at(const Track& track, const rules::BaselineCheck& check, const Assessment& a, const Profile& profile);

/// Everything known about one recomputed time point.
struct Context {
  const TimepointResult& tp;
  Lesions lesions;
  Millimetres baseline;
  Millimetres nadir;
  Response target = Response::NA;
  Response non_target = Response::NA;
  bool new_yes = false;
  bool kept_pr = false;  ///< R9a turned SD into PR here.
  /// The last overall response before this time point (not NE) was CR: R10 applies here.
  bool after_cr = false;

  /// The non-target response by R11 alone, as a reader who leaves R10 out finds it.
  Response non_target_without_r10() const {
    Reasons unused;
    return rules::non_target_response(lesions.non_targets, &unused, false);
  }

  /// The overall response (R13) from other components, with this time point's backdating (R12)
  /// and R9a.
  Response overall(Response t, Response nt, bool new_lesion, bool backdating = true) const {
    if (backdating && tp.backdated_pd) return Response::PD;
    Response r = rules::overall_response(t, nt, new_lesion);
    if (kept_pr && r == Response::SD) r = Response::PR;
    return r;
  }

  std::string sum_text() const { return tp.sum ? tp.sum->to_string() + " mm" : "n/a"; }
  std::string vs_baseline() const {
    return signed_pct(tp.pct_from_baseline) + " from the baseline " + baseline.to_string() + " mm";
  }
  std::string vs_nadir() const {
    const std::string mm = tp.sum ? signed_mm(nadir, *tp.sum) : "n/a";
    // After a CR the nadir is 0 mm: no percentage of it, only the absolute change.
    if (!tp.pct_from_nadir) return mm + " from the nadir " + nadir.to_string() + " mm (no percentage of a 0 mm nadir)";
    return signed_pct(tp.pct_from_nadir) + " (" + mm + ") from the nadir " + nadir.to_string() + " mm";
  }
  std::string components() const {
    return "target " + code(target) + ", non-target " + code(non_target) + ", new lesions " +
           std::string(to_string(tp.new_lesions.value_or(NewLesions::No)));
  }
  /// The engine's reasons that cite `rule` (e.g. "(R10").
  std::string reasons_citing(std::string_view rule) const {
    std::vector<std::string> picked;
    for (std::string_view r : tp.reasons)
      if (r.find(rule) != std::string_view::npos) picked.emplace_back(r);
    return join(picked, "; ");
  }
  /// The engine's reasons about the targets (R6–R9).
  std::string target_reasons() const {
    std::vector<std::string> picked;
    for (std::string_view r : tp.reasons)
      if (r.starts_with("sum of") || r.starts_with("target ")) picked.emplace_back(r);
    return join(picked, "; ");
  }
};

/// A category and its explanation.
using Explained = std::pair<Discrepancy, std::string>;

/// The first named mistake (R6–R13) that turns the recomputed time point into `recorded`, else
/// Other with the engine's reasons.
Explained explain_timepoint(const Context& c, Response recorded);

/// Recorded time-point responses as time points, for R14–R16.
std::vector<TimepointResult> as_timepoints(std::span<const RecordedTimepoint> recorded, Date start);

/// The best response of `level`: unconfirmed or confirmed.
Response level_of(const BestResponse& b, CompareLevel level);

/// The engine's reasons for the best response of `level`.
std::string best_reasons(const BestResponse& b, CompareLevel level);

/// A recorded best response that does not follow from the time points by R14–R15: which rule,
/// left out, gives it.
std::optional<Explained> best_rule_mistake(std::span<const TimepointResult> tps, Date start, const Profile& profile,
                                           CompareLevel level, Response recorded);

}  // namespace recist::compare_support
