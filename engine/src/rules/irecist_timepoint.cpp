// iRECIST time-point responses (Seymour 2017, table 2): a RECIST 1.1 PD is iUPD, unconfirmed; the
// next assessment 4 to 8 weeks later (profile icpd-min-days .. icpd-max-days) confirms it as
// iCPD when progression grows further; a time point that is iSD, iPR or iCR after an iUPD resets
// the bar, and a later PD is a new iUPD. The target and non-target responses are RECIST 1.1's.
#include <algorithm>

#include "irecist_rules.hpp"
#include "recist/assess.hpp"
#include "recist/irecist.hpp"

namespace recist {
namespace rules {

IResponse irecist_without_progression(Response target, Response non_target, bool new_lesion_present,
                                      Response recist_overall) {
  Response r = overall_response(target, non_target, false);                   // R13, guideline tables 1 and 2
  if (r == Response::SD && recist_overall == Response::PR) r = Response::PR;  // R9a kept
  switch (r) {
    case Response::CR:
      // iCR needs every lesion gone, the new ones too (Seymour 2017, table 2, footnote).
      if (!new_lesion_present) return IResponse::iCR;
      return target == Response::NA ? IResponse::NonICrNonIUpd : IResponse::iPR;
    case Response::PR:
      return IResponse::iPR;
    case Response::SD:
      return IResponse::iSD;
    case Response::NonCrNonPd:
      return IResponse::NonICrNonIUpd;
    default:
      return IResponse::iNE;
  }
}

}  // namespace rules

namespace {

/// An open iUPD: where it began, the time point the confirmation window runs from (the iUPD, or
/// the last one 4-8 weeks later that kept it), and what is measured against it.
struct OpenIupd {
  Date first;
  Date anchor;
  Response target = Response::NA;
  std::optional<Millimetres> sum;
  std::optional<Millimetres> new_target_sum;
  std::vector<std::uint32_t> progressed;  ///< Non-targets at PD at the iUPD.
  /// New-lesion non-targets' diameters at the iUPD (or where first measured since).
  std::vector<std::pair<std::uint32_t, Millimetres>> new_non_target_mm;
  bool new_present = false;  ///< New lesions were there at the iUPD.
};

/// A time point that keeps the iUPD open moves the window to itself only when it is at least
/// icpd-min-days after the window's start: an earlier scan is disregarded for confirmation
/// (iRECIST FAQ, "Can imaging be used to confirm progression, even when done LESS than four weeks
/// after the scans that showed iUPD": repeat "4-8 weeks after the initial iUPD").
void keep_open(OpenIupd* open, Date date, std::int32_t gap, const Profile& profile, Reasons* reasons) {
  if (gap >= profile.icpd_min_days) {
    open->anchor = date;
    return;
  }
  reasons->add() << "only " << gap << " days after " << open->anchor << ", before icpd-min-days "
                 << profile.icpd_min_days << ": disregarded for confirmation, the window still runs from "
                 << open->anchor << " (iRECIST FAQ: repeat 4-8 weeks after the initial iUPD)";
}

/// Whether a time point with an open iUPD shows a change since it (Seymour 2017; iRECIST FAQ
/// scenarios B and F): the target sum smaller than at the iUPD, the targets better than they were
/// (PR to CR), or the progression gone (new lesions all absent, non-targets no longer PD).
bool changed_since(const OpenIupd& open, const TimepointResult& tp, bool new_present, bool non_target_pd) {
  if (open.sum && tp.sum && *tp.sum < *open.sum) return true;
  if (open.target == Response::PR && tp.target == Response::CR) return true;
  if (open.new_present && !new_present) return true;
  return !open.progressed.empty() && !non_target_pd;
}

const Observation* observation_at(const Assessment& a, std::uint32_t lesion) {
  for (const Observation& o : a.observations)
    if (o.lesion == lesion) return &o;
  return nullptr;
}

/// The non-targets at PD (or increased) at assessment `a`.
std::vector<std::uint32_t> progressed_non_targets(const Assessment& a, std::span<const std::uint32_t> non_targets) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t n : non_targets)
    if (const Observation* o = observation_at(a, n); o && is_progression(o->status)) out.push_back(n);
  return out;
}

/// A sentence naming lesions: `before`, their ids comma separated, `after`.
void lesions_sentence(Reasons* reasons, std::string_view before, const Track& track,
                      std::span<const std::uint32_t> lesions, std::string_view after) {
  auto r = reasons->add();
  r << before;
  for (std::size_t i = 0; i < lesions.size(); ++i) r << std::string_view(i ? ", " : "") << track.lesions[lesions[i]].id;
  r << after;
}

/// What grows further since an open iUPD (Seymour 2017, table 2, right column): each test that
/// holds is a sentence in `reasons`; true if any held.
bool further_progression(const Track& track, const Assessment& a, std::span<const std::uint32_t> non_targets,
                         const TimepointResult& tp, const rules::NewLesionFollowUp& news, const OpenIupd& open,
                         Reasons* reasons) {
  bool further = false;
  const Millimetres five = Millimetres::from_mm(5);
  if (open.target == Response::PD && open.sum && tp.sum) {
    const Millimetres grown = *tp.sum - *open.sum;
    const bool yes = grown >= five;
    further |= yes;
    reasons->add() << "target sum " << *tp.sum << " mm is " << grown << " mm from the iUPD sum " << *open.sum
                   << std::string_view(yes ? " mm: a further increase of at least 5 mm" : " mm: less than 5 mm more")
                   << " (Seymour 2017, table 2)";
  } else if (tp.target == Response::PD) {
    further = true;
    reasons->push_back(
        "targets now PD by RECIST 1.1 (R9), which they were not at the iUPD: new progression in "
        "another category (Seymour 2017, table 2)");
  }
  std::vector<std::uint32_t> worse;
  for (std::uint32_t n : non_targets) {
    const Observation* o = observation_at(a, n);
    if (!o) continue;
    const bool was = std::find(open.progressed.begin(), open.progressed.end(), n) != open.progressed.end();
    if (o->status == LesionStatus::Increased || (is_progression(o->status) && !was)) worse.push_back(n);
  }
  if (!worse.empty()) {
    further = true;
    lesions_sentence(reasons, "non-target progression grows: ", track, worse,
                     " increased since the iUPD (Seymour 2017, table 2; need not be unequivocal again)");
  }
  if (open.new_target_sum && news.target_sum) {
    const Millimetres grown = *news.target_sum - *open.new_target_sum;
    const bool yes = grown >= five;
    further |= yes;
    reasons->add() << "new-lesion target sum " << *news.target_sum << " mm is " << grown
                   << " mm from its value at the iUPD, " << *open.new_target_sum
                   << std::string_view(yes ? " mm: at least 5 mm more" : " mm: less than 5 mm more")
                   << " (Seymour 2017, table 2)";
  }
  if (!news.appeared.empty()) {
    further = true;
    lesions_sentence(reasons, "new lesion ", track, news.appeared, " not there at the iUPD (Seymour 2017, table 2)");
  }
  if (!news.increased.empty()) {
    further = true;
    lesions_sentence(reasons, "new-lesion non-target ", track, news.increased, " increased (Seymour 2017, table 2)");
  }
  // Measured growth adds up since the iUPD (iRECIST FAQ, "How do new lesions define progression?").
  for (const auto& measured : news.non_target_mm) {
    // Not a structured binding: clang 14 (the fuzz build) cannot capture one in the lambda below.
    const auto lesion = measured.first;
    const auto mm = measured.second;
    if (std::find(news.increased.begin(), news.increased.end(), lesion) != news.increased.end()) continue;
    auto then = std::find_if(open.new_non_target_mm.begin(), open.new_non_target_mm.end(),
                             [&](const auto& p) { return p.first == lesion; });
    if (then == open.new_non_target_mm.end() || mm - then->second < rules::new_non_target_growth()) continue;
    further = true;
    reasons->add() << "new-lesion non-target " << track.lesions[lesion].id << " measured " << mm << " mm, "
                   << (mm - then->second) << " mm above its " << then->second
                   << " mm at the iUPD: an increase (at least " << rules::new_non_target_growth()
                   << " mm, Seymour 2017, table 2)";
  }
  return further;
}

/// What starts an iUPD where none is open: RECIST 1.1 PD by the targets or non-targets, a new
/// lesion appearing, the new-lesion targets' sum at PD by R9 from their own nadir, or a new-lesion
/// non-target increasing (iRECIST FAQ "How do new lesions define progression?").
bool starts_iupd(const Track& track, const TimepointResult& tp, const rules::NewLesionFollowUp& news,
                 const std::optional<Millimetres>& new_target_nadir, Reasons* reasons) {
  bool start = false;
  if (tp.target == Response::PD || tp.non_target == Response::PD) {
    start = true;
    reasons->add() << "RECIST 1.1 PD (target " << *tp.target << ", non-target " << *tp.non_target
                   << "): unconfirmed, iUPD (Seymour 2017, table 2)";
  }
  if (!news.appeared.empty()) {
    start = true;
    lesions_sentence(reasons, "new lesion ", track, news.appeared, ": iUPD (Seymour 2017, table 2)");
  }
  if (news.target_sum && new_target_nadir && rules::meets_progression(*news.target_sum, *new_target_nadir)) {
    start = true;
    reasons->add() << "new-lesion target sum " << *news.target_sum << " mm is PD from its nadir " << *new_target_nadir
                   << " mm by R9: iUPD";
  }
  if (!news.increased.empty()) {
    start = true;
    lesions_sentence(reasons, "new-lesion non-target ", track, news.increased, " increased: iUPD");
  }
  return start;
}

}  // namespace

TrackResult assess_with_criteria(const Track& track, const Profile& profile) {
  TrackResult out = assess(track, profile);
  if (profile.criteria != Criteria::Recist) out.irecist = assess_irecist(track, out, profile);
  return out;
}

IrecistResult assess_irecist(const Track& track, const Profile& profile) {
  return assess_irecist(track, assess(track, profile), profile);
}

IrecistResult assess_irecist(const Track& track, const TrackResult& recist, const Profile& profile) {
  IrecistResult out;
  const rules::BaselineCheck check = rules::check_baseline_detail(track, profile);
  const std::vector<rules::NewLesionFollowUp> news = rules::irecist_new_lesions(track, check.new_lesions);
  const std::size_t n = std::min(news.size(), recist.timepoints.size());
  std::optional<OpenIupd> open;
  std::optional<Date> confirmed;  // the iCPD, final
  std::optional<Millimetres> new_target_nadir;
  out.timepoints.reserve(n);
  for (std::size_t f = 0; f < n; ++f) {
    const TimepointResult& tp = recist.timepoints[f];
    const Assessment& a = track.assessments[f + 1];
    const rules::NewLesionFollowUp& nl = news[f];
    IrecistTimepoint& it = out.timepoints.emplace_back();
    it.date = tp.date;
    it.visit = tp.visit;
    it.day = tp.day;
    it.new_target_sum = nl.target_sum;
    it.new_targets = nl.targets;
    it.new_non_targets = nl.non_targets;
    it.reasons.append(nl.reasons);
    if (confirmed) {
      it.overall = IResponse::iCPD;
      it.reasons.add() << "iCPD: progression was confirmed on " << *confirmed
                       << "; later assessments do not undo it (Seymour 2017)";
      continue;
    }
    const Response target = tp.target.value_or(Response::NE);
    const Response non_target = tp.non_target.value_or(Response::NE);
    if (open) {
      const std::int32_t gap = tp.date.days_after(open->anchor);
      if (gap > profile.icpd_max_days) {
        it.reasons.add() << "the iUPD of " << open->first << " stays unconfirmed: this assessment is " << gap
                         << " days after the last iUPD time point (" << open->anchor << "), later than icpd-max-days "
                         << profile.icpd_max_days << "; assessed afresh (Seymour 2017: confirmation at 4-8 weeks)";
        open.reset();
      }
    }
    if (open) {
      it.iupd_reference = open->first;
      const std::int32_t gap = tp.date.days_after(open->anchor);
      if (further_progression(track, a, check.non_targets, tp, nl, *open, &it.reasons)) {
        if (gap >= profile.icpd_min_days) {
          it.overall = IResponse::iCPD;
          confirmed = tp.date;
          it.reasons.add() << "iCPD: the iUPD of " << open->first << " confirmed " << gap << " days after "
                           << open->anchor << " (window " << profile.icpd_min_days << "-" << profile.icpd_max_days
                           << " days, Seymour 2017, table 2)";
        } else {
          it.overall = IResponse::iUPD;
          it.reasons.add() << "iUPD: further progression only " << gap << " days after " << open->anchor
                           << ", before icpd-min-days " << profile.icpd_min_days << ": too early to confirm";
          keep_open(&*open, tp.date, gap, profile, &it.reasons);
        }
      } else if (const IResponse base =
                     rules::irecist_without_progression(target, non_target, nl.any_present, tp.overall);
                 target == Response::PD || non_target == Response::PD) {
        it.overall = IResponse::iUPD;
        keep_open(&*open, tp.date, gap, profile, &it.reasons);
        it.reasons.add() << "remains iUPD: still PD by RECIST 1.1 (target " << target << ", non-target " << non_target
                         << ") without a further increase since the iUPD of " << open->first
                         << " (Seymour 2017, table 2)";
      } else if (nl.any_present && (base == IResponse::iSD || base == IResponse::NonICrNonIUpd)) {
        it.overall = IResponse::iUPD;
        keep_open(&*open, tp.date, gap, profile, &it.reasons);
        it.reasons.add() << "remains iUPD: new lesions seen before are still there, without growth, and the "
                         << "rest is only " << to_string(base) << " (Seymour 2017, table 2, last row; an iPR would "
                         << "reset it, iRECIST FAQ)";
      } else if ((base == IResponse::iPR || base == IResponse::iCR) &&
                 (open->target == Response::PR || open->target == Response::CR) &&
                 !changed_since(*open, tp, nl.any_present, non_target == Response::PD)) {
        it.overall = IResponse::iUPD;
        keep_open(&*open, tp.date, gap, profile, &it.reasons);
        it.reasons.add() << "remains iUPD: the targets were already " << open->target << " at the iUPD of "
                         << open->first << " and nothing has changed since (target sum "
                         << (tp.sum ? *tp.sum : Millimetres{}) << " mm, not below "
                         << (open->sum ? *open->sum : Millimetres{}) << " mm); " << to_string(base)
                         << " met before the iUPD does not reset it (iRECIST FAQ, scenario F; scenario B, "
                         << "shrinkage after the iUPD, does)";
      } else if (base == IResponse::iNE) {
        it.overall = IResponse::iNE;
        it.reasons.add() << "iNE (target " << target << ", non-target " << non_target << "); the iUPD of "
                         << open->first << " stays open";
      } else {
        it.overall = base;
        it.reasons.add() << to_string(base) << " (target " << target << ", non-target " << non_target
                         << "): the iUPD of " << open->first
                         << " is reset; a later PD is a new iUPD, measured against the nadir (Seymour 2017)";
        open.reset();
      }
    } else if (starts_iupd(track, tp, nl, new_target_nadir, &it.reasons)) {
      it.overall = IResponse::iUPD;
      it.iupd_reference = tp.date;
      open = OpenIupd{tp.date,          tp.date,       target,
                      tp.sum,           nl.target_sum, progressed_non_targets(a, check.non_targets),
                      nl.non_target_mm, nl.any_present};
    } else {
      it.overall = rules::irecist_without_progression(target, non_target, nl.any_present, tp.overall);
      it.reasons.add() << "overall " << to_string(it.overall) << ": target " << target << ", non-target " << non_target
                       << ", no new progression (Seymour 2017, table 2)";
    }
    if (open)
      for (const auto& m : nl.non_target_mm)
        if (std::none_of(open->new_non_target_mm.begin(), open->new_non_target_mm.end(),
                         [&](const auto& p) { return p.first == m.first; }))
          open->new_non_target_mm.push_back(m);
    if (nl.target_sum && (!new_target_nadir || *nl.target_sum < *new_target_nadir)) new_target_nadir = nl.target_sum;
  }
  out.best = irecist_best_response(out.timepoints, profile);
  return out;
}

}  // namespace recist
