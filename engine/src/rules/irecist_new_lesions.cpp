// iRECIST's new lesions (Seymour 2017, table 1 and appendix): measurable new lesions are
// new-lesion targets (at most 5, 2 per organ) with a sum of their own, the others new-lesion
// non-targets; neither enters the original target sum.
#include <algorithm>

#include "irecist_rules.hpp"

namespace recist::rules {

Millimetres new_target_threshold(const Lesion& lesion) {
  return lesion.nodal ? Millimetres::from_mm(15) : measurable_threshold(lesion);
}

Millimetres new_non_target_growth() {
  return Millimetres::from_mm(5);
}

namespace {

/// New-lesion targets identified so far, in all and by organ (R3's organs).
struct NewTargetRoom {
  int targets = 0;
  std::vector<std::pair<std::string_view, int>> per_organ;

  int in_organ(std::string_view organ) const {
    auto slot = std::find_if(per_organ.begin(), per_organ.end(), [&](const auto& p) { return p.first == organ; });
    return slot == per_organ.end() ? 0 : slot->second;
  }
  bool has_room(std::string_view organ) const { return targets < 5 && in_organ(organ) < 2; }
  void take(std::string_view organ) {
    ++targets;
    auto slot = std::find_if(per_organ.begin(), per_organ.end(), [&](const auto& p) { return p.first == organ; });
    if (slot == per_organ.end())
      per_organ.emplace_back(organ, 1);
    else
      ++slot->second;
  }
};

/// The unassigned, measurable new lesions first unequivocal at `assessment` that become
/// new-lesion targets. iRECIST caps them (5, 2 per organ) without saying which; as for the
/// baseline targets (RECIST 1.1 section 3.3) the largest are taken, ties by lesion id, after
/// those the reader recorded as NEW_TARGET, so the choice never depends on the order of the rows.
std::vector<bool> chosen_new_targets(const Track& track, const Assessment& assessment,
                                     const std::vector<bool>& unidentified, NewTargetRoom room) {
  std::vector<bool> chosen(track.lesions.size(), false);
  std::vector<const Observation*> candidates;
  for (const Observation& o : assessment.observations) {
    if (!unidentified[o.lesion] || !is_unequivocal(o.status)) continue;
    const Lesion& lesion = track.lesions[o.lesion];
    if (lesion.new_role == NewLesionRole::Target)
      room.take(organ_of(lesion));
    else if (lesion.new_role == NewLesionRole::Unassigned && o.diameter && *o.diameter >= new_target_threshold(lesion))
      candidates.push_back(&o);
  }
  std::sort(candidates.begin(), candidates.end(), [&](const Observation* a, const Observation* b) {
    if (*a->diameter != *b->diameter) return *b->diameter < *a->diameter;
    return track.lesions[a->lesion].id < track.lesions[b->lesion].id;
  });
  for (const Observation* o : candidates) {
    const std::string_view organ = organ_of(track.lesions[o->lesion]);
    if (!room.has_room(organ)) continue;
    room.take(organ);
    chosen[o->lesion] = true;
  }
  return chosen;
}

}  // namespace

std::vector<NewLesionFollowUp> irecist_new_lesions(const Track& track, std::span<const std::uint32_t> new_lesions) {
  const std::size_t follow_ups = track.assessments.empty() ? 0 : track.assessments.size() - 1;
  std::vector<NewLesionFollowUp> out(follow_ups);
  enum class Kind : std::uint8_t { NotNew, Unidentified, Target, NonTarget };
  std::vector<Kind> kind(track.lesions.size(), Kind::NotNew);
  for (std::uint32_t n : new_lesions) kind[n] = Kind::Unidentified;
  NewTargetRoom room;
  int non_targets = 0;
  std::vector<std::optional<Millimetres>> last_mm(track.lesions.size());  // new-lesion non-targets

  for (std::size_t f = 0; f < follow_ups; ++f) {
    NewLesionFollowUp& at = out[f];
    Millimetres sum;
    bool any_target_value = false;
    const Assessment& assessment = track.assessments[f + 1];
    std::vector<bool> unidentified(track.lesions.size(), false);
    for (std::size_t i = 0; i < kind.size(); ++i) unidentified[i] = kind[i] == Kind::Unidentified;
    const std::vector<bool> chosen = chosen_new_targets(track, assessment, unidentified, room);
    for (const Observation& o : assessment.observations) {
      if (kind[o.lesion] == Kind::NotNew) continue;
      const Lesion& lesion = track.lesions[o.lesion];
      if (kind[o.lesion] == Kind::Unidentified) {
        if (!is_unequivocal(o.status)) {
          if (o.status == LesionStatus::Equivocal)
            at.reasons.add() << "new lesion " << lesion.id << " equivocal: not counted until unequivocal (iRECIST)";
          continue;
        }
        const bool measurable = o.diameter && *o.diameter >= new_target_threshold(lesion);
        const bool target = lesion.new_role == NewLesionRole::Target || chosen[o.lesion];
        at.appeared.push_back(o.lesion);
        auto r = at.reasons.add();
        r << "new lesion " << lesion.id << " (" << lesion.site << ") appears";
        if (target) {
          kind[o.lesion] = Kind::Target;
          room.take(organ_of(lesion));
          r << ": new-lesion target " << room.targets
            << std::string_view(lesion.new_role == NewLesionRole::Target ? " (NEW_TARGET as recorded)"
                                                                         : " (measurable, room among 5, 2 per organ)");
        } else {
          kind[o.lesion] = Kind::NonTarget;
          ++non_targets;
          r << ": new-lesion non-target "
            << std::string_view(lesion.new_role == NewLesionRole::NonTarget ? "(NEW_NON_TARGET as recorded)"
                                : !measurable                               ? "(not measurable)"
                                              : "(no room: 5 new-lesion targets, 2 per organ, the largest taken)");
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
      } else {
        // Table 2: "any increase" of a new-lesion non-target, recorded INCREASED or measured.
        const std::optional<Millimetres> before = last_mm[o.lesion];
        const bool grown = o.diameter && before && *o.diameter - *before >= new_non_target_growth();
        if (o.status == LesionStatus::Increased) {
          at.increased.push_back(o.lesion);
          at.reasons.add() << "new-lesion non-target " << lesion.id << " increased since the last assessment";
        } else if (grown) {
          at.increased.push_back(o.lesion);
          at.reasons.add() << "new-lesion non-target " << lesion.id << " measured " << *o.diameter << " mm, "
                           << (*o.diameter - *before) << " mm above its last diameter " << *before
                           << " mm: an increase (at least " << new_non_target_growth() << " mm, Seymour 2017, table 2)";
        }
        if (o.diameter) {
          at.non_target_mm.emplace_back(o.lesion, *o.diameter);
          last_mm[o.lesion] = o.diameter;
        }
      }
    }
    at.targets = room.targets;
    at.non_targets = non_targets;
    if (room.targets > 0 && any_target_value) {
      at.target_sum = sum;
      at.reasons.add() << "new-lesion target sum " << sum << " mm, not added to the target sum (Seymour 2017, table 1)";
    }
  }
  return out;
}

}  // namespace recist::rules
