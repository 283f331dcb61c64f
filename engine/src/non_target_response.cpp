// Non-target lesions at a follow-up: R11 (guideline §4.3.2 and table 2).
#include "rules.hpp"

namespace recist::rules {

bool non_target_present(const NonTargetValue& v) {
  switch (v.status) {
    case LesionStatus::Absent:
    case LesionStatus::NotEvaluated:
      return false;
    case LesionStatus::Progression:
      return true;
    default:
      // A non-target node back below 10 mm short axis is normal (guideline §4.3.2).
      return !(v.nodal && v.diameter && *v.diameter < Millimetres::from_mm(10));
  }
}

Response non_target_response(std::span<const NonTargetValue> non_targets,
                             std::vector<std::string>* reasons) {
  if (non_targets.empty()) {
    reasons->push_back("non-target response NA: no non-target lesions");
    return Response::NA;
  }
  std::string progressed, missing, present;
  auto list = [](std::string* ids, std::string_view id) {
    if (!ids->empty()) ids->append(", ");
    ids->append(id);
  };
  for (const NonTargetValue& v : non_targets) {
    if (v.status == LesionStatus::Progression) list(&progressed, v.id);
    else if (v.status == LesionStatus::NotEvaluated) list(&missing, v.id);
    else if (non_target_present(v)) list(&present, v.id);
  }
  if (!progressed.empty()) {
    reasons->push_back(cat({"non-target PD: unequivocal progression of ", progressed, " (R11)"}));
    return Response::PD;
  }
  if (!missing.empty()) {
    reasons->push_back(cat({"non-target NE: ", missing, " not evaluated (R11)"}));
    return Response::NE;
  }
  if (present.empty()) {
    reasons->push_back("non-target CR: every non-target lesion is absent (nodes below 10 mm) (R11)");
    return Response::CR;
  }
  reasons->push_back(cat({"non-target NON-CR/NON-PD: ", present, " still present, no unequivocal progression (R11)"}));
  return Response::NonCrNonPd;
}

}  // namespace recist::rules
