// Target lesions at a follow-up: R6 sum of diameters, R7 statuses, R9 target response
// (guideline §4.3.1 and table 1; the update for nodes below 10 mm).
#include <algorithm>

#include "rules.hpp"

namespace recist::rules {
namespace {

const Millimetres kPdAbsoluteIncrease = Millimetres::from_mm(5);  // guideline §4.3.1
const Millimetres kNodeNormal = Millimetres::from_mm(10);

std::string percent_text(Millimetres value, Millimetres reference) {
  auto pct = percent_change_tenths(value, reference);
  if (!pct) return "n/a";
  return cat({*pct > 0 ? "+" : "", format_tenths(*pct), "%"});
}

}  // namespace

bool meets_partial_response(Millimetres sum, Millimetres baseline) {
  return 100 * sum.hundredths() <= 70 * baseline.hundredths();
}

bool meets_progression(Millimetres sum, Millimetres nadir) {
  return 100 * sum.hundredths() >= 120 * nadir.hundredths() && sum - nadir >= kPdAbsoluteIncrease;
}

TargetValue target_value(const Lesion& lesion, const Observation* obs, const Profile& profile) {
  TargetValue v{lesion.id, lesion.nodal, std::nullopt, "not evaluated"};
  if (!obs) {
    v.how = "no row: not evaluated";
    return v;
  }
  switch (obs->status) {
    case LesionStatus::Measured:
      v.value = obs->diameter;
      v.how = obs->diameter ? obs->diameter->to_string() : "no diameter: not evaluated";
      break;
    case LesionStatus::Absent:
      v.value = Millimetres();
      v.how = "ABSENT → 0.0";
      break;
    case LesionStatus::TooSmall:
      v.value = profile.too_small_mm;
      v.how = cat({"TOO_SMALL → ", profile.too_small_mm.to_string()});
      break;
    case LesionStatus::Fragment:
      v.value = obs->diameter.value_or(Millimetres());
      v.how = cat({std::to_string(obs->fragments.size()), " fragments → ", v.value->to_string()});
      break;
    case LesionStatus::Merged:
      v.value = Millimetres();
      v.how = "MERGED into another target → 0.0";
      break;
    default:
      v.how = "NE: not evaluated";
      break;
  }
  return v;
}

TargetOutcome target_response(std::span<const TargetValue> targets, Millimetres baseline_sum,
                              Millimetres nadir) {
  TargetOutcome out;
  if (targets.empty()) {
    out.response = Response::NA;
    out.reasons.push_back("target response NA: no target lesions");
    return out;
  }
  // Scratch text, kept by each thread from one time point to the next.
  thread_local std::string terms, missing, vs_nadir, vs_baseline;
  terms.clear();
  missing.clear();
  bool all_gone = true;  // every non-nodal target 0 mm and every nodal target < 10 mm
  for (const TargetValue& t : targets) {
    if (!terms.empty()) terms += " + ";
    terms.append(t.id).append(" ").append(t.how);
    if (!t.value) {
      out.all_evaluated = false;
      if (!missing.empty()) missing += ", ";
      missing += t.id;
      continue;
    }
    out.sum += *t.value;
    if (t.nodal ? *t.value >= kNodeNormal : !t.value->is_zero()) all_gone = false;
  }
  const std::string sum = out.sum.to_string();
  out.reasons.push_back(cat({"sum of ", out.all_evaluated ? "target" : "evaluated target", " diameters ", sum,
                             " mm (", terms, ") (R6, R7)"}));
  cat_into(&vs_nadir, {percent_text(out.sum, nadir), " and ", (out.sum - nadir).to_string(), " mm from the nadir ",
                       nadir.to_string(), " mm"});

  // R9, in order: PD, NE, CR, PR, SD.
  if (meets_progression(out.sum, nadir)) {
    out.response = Response::PD;
    out.reasons.push_back(cat({"target PD: ", vs_nadir, " (≥ +20% and ≥ 5 mm, R9)",
                               out.all_evaluated ? "" : "; called on the evaluated targets alone although ",
                               out.all_evaluated ? "" : missing, out.all_evaluated ? "" : " not evaluated"}));
    return out;
  }
  if (!out.all_evaluated) {
    out.response = Response::NE;
    out.reasons.push_back(cat({"target NE: ", missing,
                               " not evaluated, and the evaluated targets alone do not reach PD (", vs_nadir,
                               ") (R9)"}));
    return out;
  }
  cat_into(&vs_baseline, {percent_text(out.sum, baseline_sum), " from the baseline ", baseline_sum.to_string(), " mm"});
  if (all_gone) {
    out.response = Response::CR;
    out.reasons.push_back(cat({"target CR: every non-nodal target is 0 mm and every nodal target is below "
                               "10 mm short axis (R9; sum ",
                               sum, " mm)"}));
    return out;
  }
  if (meets_partial_response(out.sum, baseline_sum)) {
    out.response = Response::PR;
    out.reasons.push_back(cat({"target PR: ", vs_baseline, " (≤ −30%, R9); ", vs_nadir}));
    return out;
  }
  out.response = Response::SD;
  out.reasons.push_back(
      cat({"target SD: ", vs_baseline, " (not ≤ −30%) and ", vs_nadir, " (not both ≥ +20% and ≥ 5 mm) (R9)"}));
  return out;
}

}  // namespace recist::rules
