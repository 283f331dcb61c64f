// One track from its observations to its time-point and best responses: applies the rule groups in
// the order of SPEC §3 and writes down why at every step.
#include "recist/assess.hpp"

#include "rules.hpp"
#include "working_lists.hpp"

namespace recist {
namespace {

using rules::NonTargetValue;
using rules::TargetValue;

/// Whether the time points so far hold a confirmed PR (or CR), before any PD (R9a).
bool has_confirmed_response(std::span<const TimepointResult> so_far, const Profile& profile) {
  for (std::size_t i = 0; i < so_far.size(); ++i) {
    if (so_far[i].overall == Response::PD) return false;
    if (so_far[i].overall != Response::CR && so_far[i].overall != Response::PR) continue;
    if (rules::find_confirmation(so_far, i, Response::PR, profile, nullptr)) return true;
  }
  return false;
}

}  // namespace

std::vector<Finding> check_baseline(const Track& track, const Profile& profile) {
  return rules::check_baseline_detail(track, profile).findings;
}

TrackResult assess(const Track& track, const Profile& profile) {
  TrackResult out;
  out.subject = track.subject;
  out.reader = track.reader;
  rules::WorkingLists& lists = rules::working_lists();
  rules::BaselineCheck& check = lists.check;
  rules::check_baseline_detail(track, profile, &check);
  out.findings = track.input_findings;
  out.findings.insert(out.findings.end(), check.findings.begin(), check.findings.end());
  out.has_measurable_target = check.has_measurable_target;
  if (track.assessments.empty()) return out;

  const Assessment& baseline = track.assessments.front();
  const Date start = track.start_date.value_or(baseline.date);
  out.start_date = start;
  Millimetres baseline_sum;
  for (std::uint32_t t : check.targets) baseline_sum += *check.baseline_diameter[t];
  out.baseline = BaselineSummary{baseline.date, check.targets.empty() ? std::nullopt : std::optional(baseline_sum),
                                 static_cast<int>(check.targets.size()), static_cast<int>(check.non_targets.size())};

  rules::NewLesionFindings& news = lists.news;
  rules::new_lesion_findings(track, check.new_lesions, &news);
  Millimetres nadir = baseline_sum;  // R8
  Date nadir_date = baseline.date;
  std::optional<Response> last_evaluated;       // the last overall response other than NE (R10)
  bool response_confirmed = false;              // R9a
  bool pd_seen = false, response_seen = false;  // a PD; a CR or PR before any PD (R9a needs one)
  Reasons r8;                                   // R8's sentence, written again when the nadir moves

  out.timepoints.reserve(track.assessments.size() - 1);
  std::vector<const Observation*>& by_lesion = lists.by_lesion;
  std::vector<TargetValue>& targets = lists.targets;
  std::vector<NonTargetValue>& non_targets = lists.non_targets;
  by_lesion.resize(track.lesions.size());
  for (std::size_t k = 1; k < track.assessments.size(); ++k) {
    const Assessment& a = track.assessments[k];
    std::fill(by_lesion.begin(), by_lesion.end(), nullptr);
    for (const Observation& o : a.observations) by_lesion[o.lesion] = &o;

    // The time points so far are read only once this one is complete (R9a below).
    TimepointResult& tp = out.timepoints.emplace_back();
    tp.date = a.date;
    tp.date_imputed = a.date_imputed;
    tp.visit = a.visit;
    tp.day = a.date.days_after(start);
    tp.reported = a.reported;

    targets.clear();
    for (std::uint32_t t : check.targets)
      rules::set_target_value(targets.emplace_back(), track.lesions[t], by_lesion[t], profile);
    if (!check.targets.empty()) {
      if (r8.empty()) r8.add().put("baseline sum ", baseline_sum, " mm; nadir ", nadir, " mm on ", nadir_date, " (R8)");
      tp.reasons.push_back(r8.joined_text());  // the same until the nadir moves
    }
    const bool after_cr = last_evaluated == Response::CR;  // R10
    rules::TargetOutcome target = rules::target_response(targets, baseline_sum, nadir, &tp.reasons, after_cr);
    if (!check.targets.empty()) {
      tp.sum = target.sum;
      tp.pct_from_baseline = target.pct_from_baseline;
      tp.nadir = nadir;
      tp.pct_from_nadir = target.pct_from_nadir;
      tp.all_targets_evaluated = target.all_evaluated;
    }

    non_targets.clear();
    for (std::uint32_t n : check.non_targets) {
      const Observation* o = by_lesion[n];
      NonTargetValue& v = non_targets.emplace_back();
      v.id = track.lesions[n].id;
      v.nodal = track.lesions[n].nodal;
      v.status = o ? o->status : LesionStatus::NotEvaluated;
      v.diameter = o ? o->diameter : std::nullopt;
    }
    Response non_target = rules::non_target_response(non_targets, &tp.reasons, after_cr);

    const std::size_t f = k - 1;
    tp.new_lesions = news.state[f];
    if (!news.reasons.empty()) tp.reasons.append(news.reasons[f]);
    tp.target = target.response;
    tp.non_target = non_target;
    tp.overall = rules::overall_response(target.response, non_target, news.state[f] == NewLesions::Yes);
    tp.reasons.add().put("overall ", tp.overall, ": target ", target.response, ", non-target ", non_target,
                         ", new lesions ", news.state[f], " (R13)");
    if (news.backdated_pd[f] && tp.overall != Response::PD) {
      tp.overall = Response::PD;
      tp.backdated_pd = true;
      tp.reasons.push_back("overall PD: backdated (R12)");
    }
    // R9a holds "until PD": after a PD (backdated ones included) an SD is an SD.
    if (tp.overall == Response::SD && response_confirmed && !pd_seen && profile.keep_confirmed_pr) {
      tp.overall = Response::PR;
      tp.reasons.push_back(
          "overall PR: a PR was confirmed earlier, and a sum that alone gives SD does "
          "not undo it until PD (R9a)");
    }

    if (!check.targets.empty() && target.all_evaluated && target.sum < nadir) {
      nadir = target.sum;
      nadir_date = a.date;
      r8.clear();
    }
    if (tp.overall != Response::NE) last_evaluated = tp.overall;
    if (!pd_seen) {
      pd_seen = tp.overall == Response::PD;
      response_seen |= tp.overall == Response::CR || tp.overall == Response::PR;
    }
    // Only a CR or PR before the first PD can be confirmed: without one, no need to look.
    if (!response_confirmed && response_seen) response_confirmed = has_confirmed_response(out.timepoints, profile);
  }
  out.best = best_response(out.timepoints, start, profile);
  return out;
}

TrackResult assess(const RecordedTrack& track, const Profile& profile) {
  TrackResult out;
  out.subject = track.subject;
  out.reader = track.reader;
  out.has_measurable_target = true;  // R5 cannot be checked without lesions; see README.
  const std::optional<Date> start = track.start_date ? track.start_date : track.baseline_date;
  if (!start) {
    out.findings.push_back({Severity::Error, "NO_BASELINE", "",
                            "neither a start_date nor a baseline row: days cannot be counted (SPEC 4.2)"});
    return out;
  }
  out.start_date = *start;
  out.baseline = BaselineSummary{track.baseline_date.value_or(*start), std::nullopt, 0, 0};
  for (const RecordedTimepoint& r : track.timepoints) {
    if (!r.response) continue;  // an iRECIST code only (README, iRECIST)
    TimepointResult tp;
    tp.date = r.date;
    tp.visit = r.visit;
    tp.day = r.date.days_after(*start);
    tp.overall = r.response.value_or(Response::NE);
    tp.reasons.add() << "recorded time-point response " << tp.overall << " (SPEC 4.2)";
    out.timepoints.push_back(std::move(tp));
  }
  out.best = best_response(out.timepoints, *start, profile);
  return out;
}

}  // namespace recist
