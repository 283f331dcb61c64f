// The observation of one lesion at one visit from its TR records (R7, R11, R12): the diameter
// and state records are read by the lesion's role, then turned into an Observation through the
// native vocabulary (native_terms.hpp), so that SDTM and native input mean the same.
#include "sdtm_observation.hpp"

#include "native_terms.hpp"

namespace recist::io {

std::optional<Observation> observe_lesion(const Lesion& lesion, const LesionVisit& s, VisitProblem* problem) {
  auto bad = [&](const TrRow* row, std::string_view variable, std::string message) {
    *problem = VisitProblem{row, std::string(variable), std::move(message)};
    return std::nullopt;
  };
  const TrRow* any = s.diameter ? s.diameter : s.state ? s.state : s.fragments.empty() ? s.off_axis : s.fragments[0];
  RawStatus status = RawStatus::Blank;
  std::optional<Millimetres> diameter;
  const TrValue d = s.diameter ? s.diameter->value : TrValue::None;
  const TrValue st = s.state ? s.state->value : TrValue::None;
  if (d == TrValue::Number) diameter = s.diameter->mm;
  switch (lesion.role) {
    case LesionRole::Target:
      if (!s.fragments.empty()) {
        if (s.diameter || s.state)
          return bad(s.fragments[0], "TRLNKID", "the target has both its own result and fragments (TUSPLIT)");
        status = RawStatus::Fragment;
        for (const TrRow* f : s.fragments)
          if (f->value != TrValue::Number)
            return bad(
                f, "TRSTRESC",
                "a fragment of a split target needs a measured diameter, found " + std::string(name_of(f->value)));
        diameter = s.fragments[0]->mm;
        break;
      }
      if (!s.diameter && s.off_axis)
        return bad(s.off_axis, "TRTESTCD",
                   std::string(lesion.nodal ? "a nodal target measured by LDIAM only: its short axis (LPERP or "
                                              "DIAMETER) was expected"
                                            : "a non-nodal target measured by LPERP only: its longest diameter "
                                              "(LDIAM or DIAMETER) was expected"));
      if (st != TrValue::None && st != TrValue::Absent && st != TrValue::Present && st != TrValue::NotDone)
        return bad(s.state, "TRSTRESC", std::string(name_of(st)) + " for a target: expected ABSENT or PRESENT");
      if (d != TrValue::None) {
        if (d == TrValue::NotDone)
          status = RawStatus::NE;
        else if (d == TrValue::TooSmall)
          status = RawStatus::TooSmall;
        else if (d == TrValue::Merged)
          status = RawStatus::Merged;
        else if (st == TrValue::Absent)
          status = RawStatus::Absent;  // a 0 mm diameter checked below
        else if (st == TrValue::NotDone)
          return bad(s.state, "TRSTAT", "NOT DONE beside a measured diameter");
      } else if (st == TrValue::Absent) {
        status = RawStatus::Absent;
      } else if (st == TrValue::NotDone) {
        status = RawStatus::NE;
      } else {
        return bad(s.state, "TRTESTCD",
                   "a target with " + std::string(name_of(st)) + " but no diameter (LDIAM, LPERP or DIAMETER)");
      }
      break;
    case LesionRole::NonTarget:
      if (!s.fragments.empty()) return bad(s.fragments[0], "TRLNKID", "only targets are split (R7)");
      if (d == TrValue::TooSmall || d == TrValue::Merged)
        return bad(s.diameter, "TRORRES", std::string(name_of(d)) + " applies to targets only");
      if (st != TrValue::None) {
        if (st == TrValue::Equivocal) return bad(s.state, "TRSTRESC", "EQUIVOCAL applies to new lesions only");
        status = st == TrValue::Present       ? RawStatus::Present
                 : st == TrValue::Absent      ? RawStatus::Absent
                 : st == TrValue::Progression ? RawStatus::PD
                                              : RawStatus::NE;
      } else if (d == TrValue::NotDone) {
        status = RawStatus::NE;
      }
      break;
    case LesionRole::New:
      if (!s.fragments.empty()) return bad(s.fragments[0], "TRLNKID", "only targets are split (R7)");
      if (d == TrValue::TooSmall || d == TrValue::Merged)
        return bad(s.diameter, "TRORRES", std::string(name_of(d)) + " applies to targets only");
      if (st == TrValue::Equivocal)
        status = RawStatus::Equivocal;
      else if (st == TrValue::Present || st == TrValue::Progression)
        status = RawStatus::Unequivocal;
      else if (st != TrValue::None)
        return bad(s.state, "TRSTRESC",
                   std::string(name_of(st)) +
                       " for a new lesion: expected "
                       "UNEQUIVOCAL, PRESENT or EQUIVOCAL");
      break;
  }
  std::string why;
  bool about_diameter = false;
  auto obs = observation_of(status, diameter, lesion.role, &why, &about_diameter);
  if (!obs) return bad(about_diameter && s.diameter ? s.diameter : any, about_diameter ? "TRSTRESC" : "TRTESTCD", why);
  for (std::size_t i = 1; i < s.fragments.size(); ++i) {  // R7: the fragments add up
    obs->fragments.push_back(*s.fragments[i]->mm);
    obs->diameter = *obs->diameter + *s.fragments[i]->mm;
  }
  obs->lesion = s.lesion;
  return obs;
}

}  // namespace recist::io
