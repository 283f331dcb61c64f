// New lesions: R12 (guideline §4.3.3; the update on equivocal new lesions). An unequivocal new
// lesion is PD; an equivocal one is not, but when a later assessment shows the same lesion to be
// unequivocal, progression is dated back to the assessment where it was first seen.
#include "rules.hpp"

namespace recist::rules {

void new_lesion_findings(const Track& track, std::span<const std::uint32_t> new_lesions, NewLesionFindings* findings) {
  const std::size_t follow_ups = track.assessments.empty() ? 0 : track.assessments.size() - 1;
  NewLesionFindings& out = *findings;
  out.state.assign(follow_ups, NewLesions::No);
  out.backdated_pd.assign(follow_ups, false);
  out.reasons.clear();
  if (new_lesions.empty()) return;  // the common case: nothing to say
  out.reasons.resize(follow_ups);

  for (std::uint32_t lesion : new_lesions) {
    const std::string& id = track.lesions[lesion].id;
    std::optional<std::size_t> first_seen;
    bool first_equivocal = false;
    for (std::size_t k = 0; k < follow_ups; ++k) {
      for (const Observation& o : track.assessments[k + 1].observations) {
        if (o.lesion != lesion) continue;
        const Date date = track.assessments[k + 1].date;
        if (is_unequivocal(o.status)) {
          out.state[k] = NewLesions::Yes;
          out.reasons[k].add() << "new lesion " << id << " unequivocal (R12)";
          if (first_seen && first_equivocal) {
            const std::size_t at = *first_seen;
            if (!out.backdated_pd[at]) {
              out.backdated_pd[at] = true;
              out.reasons[at].add() << "PD backdated: new lesion " << id
                                    << ", equivocal here, was confirmed unequivocal on " << date
                                    << "; progression is dated to the assessment where it was first seen (R12)";
            }
            first_equivocal = false;  // backdated once
          }
        } else if (o.status == LesionStatus::Equivocal) {
          if (out.state[k] == NewLesions::No) out.state[k] = NewLesions::Equivocal;
          out.reasons[k].add() << "new lesion " << id << " equivocal: not PD by itself (R12)";
        }
        if (!first_seen) {
          first_seen = k;
          first_equivocal = o.status == LesionStatus::Equivocal;
        }
      }
    }
  }
}

}  // namespace recist::rules
