// iRECIST's new lesions (Seymour 2017, table 1 and appendix): measurable new lesions are
// new-lesion targets (at most 5, 2 per organ) with a sum of their own, the others new-lesion
// non-targets; neither enters the original target sum.
#include <algorithm>

#include "irecist_rules.hpp"

namespace recist::rules {

Millimetres new_target_threshold(const Lesion& lesion) {
  return lesion.nodal ? Millimetres::from_mm(15) : measurable_threshold(lesion);
}

std::vector<NewLesionFollowUp> irecist_new_lesions(const Track& track, std::span<const std::uint32_t> new_lesions) {
  const std::size_t follow_ups = track.assessments.empty() ? 0 : track.assessments.size() - 1;
  std::vector<NewLesionFollowUp> out(follow_ups);
  enum class Kind : std::uint8_t { NotNew, Unidentified, Target, NonTarget };
  std::vector<Kind> kind(track.lesions.size(), Kind::NotNew);
  for (std::uint32_t n : new_lesions) kind[n] = Kind::Unidentified;
  std::vector<std::pair<std::string_view, int>> per_organ;  // new-lesion targets by organ (R3)
  int targets = 0, non_targets = 0;

  for (std::size_t f = 0; f < follow_ups; ++f) {
    NewLesionFollowUp& at = out[f];
    Millimetres sum;
    bool any_target_value = false;
    for (const Observation& o : track.assessments[f + 1].observations) {
      if (kind[o.lesion] == Kind::NotNew) continue;
      const Lesion& lesion = track.lesions[o.lesion];
      if (kind[o.lesion] == Kind::Unidentified) {
        if (!is_unequivocal(o.status)) {
          if (o.status == LesionStatus::Equivocal)
            at.reasons.add() << "new lesion " << lesion.id << " equivocal: not counted until unequivocal (iRECIST)";
          continue;
        }
        const std::string_view organ = organ_of(lesion);
        auto slot = std::find_if(per_organ.begin(), per_organ.end(), [&](const auto& p) { return p.first == organ; });
        const int in_organ = slot == per_organ.end() ? 0 : slot->second;
        const bool measurable = o.diameter && *o.diameter >= new_target_threshold(lesion);
        const bool room = targets < 5 && in_organ < 2;
        const bool target = lesion.new_role == NewLesionRole::Target ||
                            (lesion.new_role == NewLesionRole::Unassigned && measurable && room);
        at.appeared.push_back(o.lesion);
        auto r = at.reasons.add();
        r << "new lesion " << lesion.id << " (" << lesion.site << ") appears";
        if (target) {
          kind[o.lesion] = Kind::Target;
          ++targets;
          if (slot == per_organ.end())
            per_organ.emplace_back(organ, 1);
          else
            ++slot->second;
          r << ": new-lesion target " << targets
            << std::string_view(lesion.new_role == NewLesionRole::Target ? " (NEW_TARGET as recorded)"
                                                                         : " (measurable, room among 5, 2 per organ)");
        } else {
          kind[o.lesion] = Kind::NonTarget;
          ++non_targets;
          r << ": new-lesion non-target "
            << std::string_view(lesion.new_role == NewLesionRole::NonTarget ? "(NEW_NON_TARGET as recorded)"
                                : !measurable                               ? "(not measurable)"
                                              : "(no room: 5 new-lesion targets, 2 per organ)");
        }
        r << " (Seymour 2017, table 1)";
      }
      if (o.status != LesionStatus::Absent) at.any_present = true;
      if (kind[o.lesion] == Kind::Target) {
        if (o.status == LesionStatus::Absent) {
          any_target_value = true;
        } else if (o.diameter) {
          sum += *o.diameter;
          any_target_value = true;
        }
      } else if (o.status == LesionStatus::Increased) {
        at.increased.push_back(o.lesion);
        at.reasons.add() << "new-lesion non-target " << lesion.id << " increased since the last assessment";
      }
    }
    at.targets = targets;
    at.non_targets = non_targets;
    if (targets > 0 && any_target_value) {
      at.target_sum = sum;
      at.reasons.add() << "new-lesion target sum " << sum << " mm, not added to the target sum (Seymour 2017, table 1)";
    }
  }
  return out;
}

}  // namespace recist::rules
