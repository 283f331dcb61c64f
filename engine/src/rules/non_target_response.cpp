// Non-target lesions at a follow-up: R11 (guideline §4.3.2 and table 2).
#include "rules.hpp"

namespace recist::rules {

bool non_target_present(const NonTargetValue& v) {
  switch (v.status) {
    case LesionStatus::Absent:
    case LesionStatus::NotEvaluated:
      return false;
    case LesionStatus::Progression:
    case LesionStatus::Increased:
      return true;
    default:
      // A non-target node back below 10 mm short axis is normal (guideline §4.3.2).
      return !(v.nodal && v.diameter && *v.diameter < Millimetres::from_mm(10));
  }
}

Response non_target_response(std::span<const NonTargetValue> non_targets, Reasons* reasons, bool after_cr) {
  if (non_targets.empty()) {
    reasons->push_back("non-target response NA: no non-target lesions");
    return Response::NA;
  }
  // R10 after a CR: a non-nodal non-target present again has reappeared; a node only when it
  // unequivocally progressed (working group FAQ), which R11's PD already covers.
  auto reappeared = [after_cr](const NonTargetValue& v) { return after_cr && !v.nodal && non_target_present(v); };
  bool any_progressed = false, any_missing = false, any_present = false, any_reappeared = false,
       node_present_after_cr = false;
  for (const NonTargetValue& v : non_targets) {
    if (is_progression(v.status))
      any_progressed = true;
    else if (v.status == LesionStatus::NotEvaluated)
      any_missing = true;
    else if (non_target_present(v))
      any_present = true;
    any_reappeared |= reappeared(v);
    node_present_after_cr |= after_cr && v.nodal && non_target_present(v) && !is_progression(v.status);
  }
  // The lesions that decided, by the same test as above.
  auto list = [&](Reasons::Sentence& out, auto&& pick) {
    bool first = true;
    for (const NonTargetValue& v : non_targets) {
      if (!pick(v)) continue;
      if (first)
        out << v.id;
      else
        out.put(", ", v.id);
      first = false;
    }
  };
  if (any_progressed) {
    auto r = reasons->add();
    r << "non-target PD: unequivocal progression of ";
    list(r, [](const NonTargetValue& v) { return is_progression(v.status); });
    r << " (R11)";
    return Response::PD;
  }
  if (any_reappeared) {
    auto r = reasons->add();
    r << "non-target PD: after an overall CR, ";
    list(r, reappeared);
    r << " present again: reappeared (R10)";
    return Response::PD;
  }
  if (any_missing) {
    auto r = reasons->add();
    r << "non-target NE: ";
    list(r, [](const NonTargetValue& v) { return v.status == LesionStatus::NotEvaluated; });
    r << " not evaluated (R11)";
    return Response::NE;
  }
  if (!any_present) {
    reasons->push_back("non-target CR: every non-target lesion is absent (nodes below 10 mm) (R11)");
    return Response::CR;
  }
  auto r = reasons->add();
  r << "non-target NON-CR/NON-PD: ";
  // Progression and NE are ruled out here, so "present" is the whole test.
  list(r, [](const NonTargetValue& v) { return non_target_present(v); });
  r << " still present, no unequivocal progression (R11)";
  if (node_present_after_cr)
    r << "; after an overall CR a lymph node present again has not reappeared unless it unequivocally "
         "progressed (R10, working group FAQ)";
  return Response::NonCrNonPd;
}

}  // namespace recist::rules
