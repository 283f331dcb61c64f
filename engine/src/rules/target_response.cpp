// Target lesions at a follow-up: R6 sum of diameters, R7 statuses, R9 target response
// (guideline §4.3.1 and table 1; the update for nodes below 10 mm).
#include <algorithm>

#include "rules.hpp"

namespace recist::rules {
namespace {

const Millimetres kPdAbsoluteIncrease = Millimetres::from_mm(5);  // guideline §4.3.1
const Millimetres kNodeNormal = Millimetres::from_mm(10);

/// "+7.7% and 6.6 mm from the nadir 85.2 mm"
void versus_nadir(Reasons::Sentence& out, const TargetOutcome& o, Millimetres nadir) {
  out.put(SignedPercent{o.pct_from_nadir}, " and ", o.sum - nadir, " mm from the nadir ", nadir, " mm");
}

/// "-31.4% from the baseline 35.0 mm"
void versus_baseline(Reasons::Sentence& out, const TargetOutcome& o, Millimetres baseline) {
  out.put(SignedPercent{o.pct_from_baseline}, " from the baseline ", baseline, " mm");
}

/// R10: a target that counts as back after a CR: a non-nodal one above 0 mm, a node at 10 mm or
/// more short axis (the update: a node below 10 mm is normal).
bool back_after_cr(const TargetValue& t) {
  return t.value && (t.nodal ? *t.value >= kNodeNormal : !t.value->is_zero());
}

/// "T2, T3": the targets not evaluated.
void list_missing(Reasons::Sentence& out, std::span<const TargetValue> targets) {
  bool first = true;
  for (const TargetValue& t : targets) {
    if (t.value) continue;
    if (!first) out << ", ";
    first = false;
    out << t.id;
  }
}

}  // namespace

bool meets_partial_response(Millimetres sum, Millimetres baseline) {
  return 100 * sum.hundredths() <= 70 * baseline.hundredths();
}

bool meets_relative_increase(Millimetres sum, Millimetres nadir) {
  return 100 * sum.hundredths() >= 120 * nadir.hundredths();
}

bool meets_absolute_increase(Millimetres sum, Millimetres nadir) {
  return sum - nadir >= kPdAbsoluteIncrease;
}

bool meets_progression(Millimetres sum, Millimetres nadir) {
  return meets_relative_increase(sum, nadir) && meets_absolute_increase(sum, nadir);
}

bool node_normal(Millimetres short_axis) {
  return short_axis < kNodeNormal;
}

bool non_nodal_targets_gone(std::span<const TargetValue> targets) {
  return std::all_of(targets.begin(), targets.end(),
                     [](const TargetValue& t) { return t.nodal || !t.value || t.value->is_zero(); });
}

bool nodal_targets_normal(std::span<const TargetValue> targets) {
  return std::all_of(targets.begin(), targets.end(),
                     [](const TargetValue& t) { return !t.nodal || !t.value || *t.value < kNodeNormal; });
}

void describe_target_value(Reasons::Sentence& out, const TargetValue& t) {
  if (!t.has_row) {
    out << "no row: not evaluated";
    return;
  }
  switch (t.status) {
    case LesionStatus::Measured:
      if (t.value)
        out << *t.value;
      else
        out << "no diameter: not evaluated";
      return;
    case LesionStatus::Absent:
      out << "ABSENT → 0.0";
      return;
    case LesionStatus::TooSmall:
      out << "TOO_SMALL → " << *t.value;
      return;
    case LesionStatus::Fragment:
      out << t.fragments << " fragments → " << *t.value;
      return;
    case LesionStatus::Merged:
      out << "MERGED into another target → 0.0";
      return;
    default:
      out << "NE: not evaluated";
      return;
  }
}

TargetOutcome target_response(std::span<const TargetValue> targets, Millimetres baseline_sum, Millimetres nadir,
                              Reasons* reasons, bool after_cr) {
  TargetOutcome out;
  if (targets.empty()) {
    out.response = Response::NA;
    reasons->push_back("target response NA: no target lesions");
    return out;
  }
  for (const TargetValue& t : targets) {
    if (t.value)
      out.sum += *t.value;
    else
      out.all_evaluated = false;
  }
  out.pct_from_baseline = percent_change_tenths(out.sum, baseline_sum);
  out.pct_from_nadir = percent_change_tenths(out.sum, nadir);
  {
    auto r = reasons->add();
    r.put("sum of ", std::string_view(out.all_evaluated ? "target" : "evaluated target"), " diameters ", out.sum,
          " mm (");
    bool first = true;
    for (const TargetValue& t : targets) {
      if (first)
        r.put(t.id, " ");
      else
        r.put(" + ", t.id, " ");
      first = false;
      describe_target_value(r, t);
    }
    r << ") (R6, R7)";
  }

  // R9, in order: PD, NE, CR, PR, SD; R10's reappearance after a CR is PD too, even when other
  // targets are not evaluated (as R9's PD on the evaluated targets alone).
  if (meets_progression(out.sum, nadir)) {
    out.response = Response::PD;
    auto r = reasons->add();
    r << "target PD: ";
    versus_nadir(r, out, nadir);
    r << " (≥ +20% and ≥ 5 mm, R9)";
    if (!out.all_evaluated) {
      r << "; called on the evaluated targets alone although ";
      list_missing(r, targets);
      r << " not evaluated";
    }
    return out;
  }
  if (after_cr && std::any_of(targets.begin(), targets.end(), back_after_cr)) {
    out.response = Response::PD;
    auto r = reasons->add();
    r << "target PD: after an overall CR, ";
    bool first = true;
    for (const TargetValue& t : targets) {
      if (!back_after_cr(t)) continue;
      if (!first) r << ", ";
      first = false;
      r.put(t.id, " (", *t.value, " mm)");
    }
    r.put(" reappeared (R10; sum ", out.sum, " mm, nadir ", nadir, " mm)");
    return out;
  }
  if (!out.all_evaluated) {
    out.response = Response::NE;
    auto r = reasons->add();
    r << "target NE: ";
    list_missing(r, targets);
    r << " not evaluated, and the evaluated targets alone do not reach PD (";
    versus_nadir(r, out, nadir);
    r << ") (R9)";
    return out;
  }
  if (non_nodal_targets_gone(targets) && nodal_targets_normal(targets)) {
    out.response = Response::CR;
    reasons->add() << "target CR: every non-nodal target is 0 mm and every nodal target is below "
                      "10 mm short axis (R9; sum "
                   << out.sum << " mm)";
    return out;
  }
  if (meets_partial_response(out.sum, baseline_sum)) {
    out.response = Response::PR;
    auto r = reasons->add();
    r << "target PR: ";
    versus_baseline(r, out, baseline_sum);
    r << " (≤ −30%, R9); ";
    versus_nadir(r, out, nadir);
    return out;
  }
  out.response = Response::SD;
  auto r = reasons->add();
  r << "target SD: ";
  versus_baseline(r, out, baseline_sum);
  r << " (not ≤ −30%) and ";
  versus_nadir(r, out, nadir);
  r << " (not both ≥ +20% and ≥ 5 mm) (R9)";
  return out;
}

}  // namespace recist::rules
