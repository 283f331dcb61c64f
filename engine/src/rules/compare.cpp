// Independent confirmation of recorded responses. A recorded response that differs from the recomputed one is
// explained by asking which single, named mistake would have produced it: the response is
// recomputed under that mistake (PD judged from the baseline, no 5 mm rule, nodes ignored for CR,
// a new lesion ignored, ...) and the first mistake that gives the recorded response names the
// category. The explanation quotes the engine's values (sums, nadir, percentages, lesions).
#include "recist/compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "recist/assess.hpp"
#include "rules.hpp"

namespace recist {
namespace {

using rules::NonTargetValue;
using rules::TargetValue;

const Millimetres kNodeNormal = Millimetres::from_mm(10);  // R9, R11
const Millimetres kPdAbsolute = Millimetres::from_mm(5);   // R9
constexpr const char* kInvestigator = "INVESTIGATOR";

std::string code(Response r) {
  return std::string(to_string(r));
}

std::string signed_pct(const std::optional<std::int64_t>& tenths) {
  if (!tenths) return "n/a";
  return (*tenths > 0 ? "+" : "") + format_tenths(*tenths) + "%";
}

std::string signed_mm(Millimetres from, Millimetres to) {
  const Millimetres d = to - from;
  return (d.hundredths() > 0 ? "+" : "") + d.to_string() + " mm";
}

std::string join(const std::vector<std::string>& parts, std::string_view sep = ", ") {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : std::string(sep)) + p;
  return s;
}

// ---- one time point: the lesions as the rules see them ----

/// The lesions of one follow-up: each target's value (R7), each non-target's status, new lesions.
struct Lesions {
  std::vector<TargetValue> targets;
  std::vector<NonTargetValue> non_targets;
  std::vector<std::string> new_unequivocal, new_equivocal;
};

Lesions lesions_at(const Track& track, const rules::BaselineCheck& check, const Assessment& a, const Profile& profile) {
  std::vector<const Observation*> by_lesion(track.lesions.size());
  for (const Observation& o : a.observations) by_lesion[o.lesion] = &o;
  Lesions out;
  for (std::uint32_t t : check.targets)
    out.targets.push_back(rules::target_value(track.lesions[t], by_lesion[t], profile));
  for (std::uint32_t n : check.non_targets) {
    const Observation* o = by_lesion[n];
    out.non_targets.push_back({track.lesions[n].id, track.lesions[n].nodal, o ? o->status : LesionStatus::NotEvaluated,
                               o ? o->diameter : std::nullopt});
  }
  for (std::uint32_t n : check.new_lesions) {
    const Observation* o = by_lesion[n];
    if (!o) continue;
    const std::string name = track.lesions[n].id + " (" + track.lesions[n].site + ")";
    if (o->status == LesionStatus::Unequivocal) out.new_unequivocal.push_back(name);
    if (o->status == LesionStatus::Equivocal) out.new_equivocal.push_back(name);
  }
  return out;
}

/// R9 with one mistake switched on: the target response a reader making it would find.
struct Mistake {
  bool pd_from_baseline = false;  ///< PD judged against the baseline sum instead of the nadir.
  bool pr_from_nadir = false;     ///< PR judged against the nadir instead of the baseline sum.
  bool no_absolute = false;       ///< PD at +20% without the 5 mm absolute increase.
  bool cr_ignores_nodes = false;  ///< CR when the non-nodal targets are gone, whatever the nodes.
  bool cr_needs_zero = false;     ///< CR only when the sum is 0 (nodes < 10 mm kept from CR).
};

Response target_under(std::span<const TargetValue> targets, Millimetres baseline, Millimetres nadir, Mistake m) {
  if (targets.empty()) return Response::NA;
  Millimetres sum;
  bool missing = false, non_nodal_gone = true, nodes_normal = true;
  for (const TargetValue& t : targets) {
    if (!t.value) {
      missing = true;
      continue;
    }
    sum += *t.value;
    if (t.nodal)
      nodes_normal &= *t.value < kNodeNormal;
    else
      non_nodal_gone &= t.value->is_zero();
  }
  const Millimetres pd_ref = m.pd_from_baseline ? baseline : nadir;
  if (100 * sum.hundredths() >= 120 * pd_ref.hundredths() && (m.no_absolute || sum - pd_ref >= kPdAbsolute))
    return Response::PD;
  if (missing) return Response::NE;
  const bool cr = m.cr_needs_zero ? sum.is_zero() : non_nodal_gone && (m.cr_ignores_nodes || nodes_normal);
  if (cr) return Response::CR;
  if (rules::meets_partial_response(sum, m.pr_from_nadir ? nadir : baseline)) return Response::PR;
  return Response::SD;
}

/// Everything known about one recomputed time point.
struct Context {
  const TimepointResult& tp;
  Lesions lesions;
  Millimetres baseline;
  Millimetres nadir;
  Response target = Response::NA;
  Response non_target = Response::NA;
  bool new_yes = false;
  bool kept_pr = false;  ///< R9a turned SD into PR here.

  /// The overall response (R13) from other components, with this time point's backdating (R12)
  /// and R9a.
  Response overall(Response t, Response nt, bool new_lesion, bool backdating = true) const {
    if (backdating && tp.backdated_pd) return Response::PD;
    Response r = rules::overall_response(t, nt, new_lesion);
    if (kept_pr && r == Response::SD) r = Response::PR;
    return r;
  }

  std::string sum_text() const { return tp.sum ? tp.sum->to_string() + " mm" : "n/a"; }
  std::string vs_baseline() const {
    return signed_pct(tp.pct_from_baseline) + " from the baseline " + baseline.to_string() + " mm";
  }
  std::string vs_nadir() const {
    return signed_pct(tp.pct_from_nadir) + " (" + (tp.sum ? signed_mm(nadir, *tp.sum) : "n/a") + ") from the nadir " +
           nadir.to_string() + " mm";
  }
  std::string components() const {
    return "target " + code(target) + ", non-target " + code(non_target) + ", new lesions " +
           std::string(to_string(tp.new_lesions.value_or(NewLesions::No)));
  }
  /// The engine's reasons about the targets (R6–R9).
  std::string target_reasons() const {
    std::vector<std::string> picked;
    for (std::string_view r : tp.reasons)
      if (r.starts_with("sum of") || r.starts_with("target ")) picked.emplace_back(r);
    return join(picked, "; ");
  }
};

std::vector<std::string> targets_where(const Context& c, bool (*pred)(const TargetValue&)) {
  std::vector<std::string> ids;
  for (const TargetValue& t : c.lesions.targets)
    if (pred(t)) ids.push_back(std::string(t.id) + (t.value ? " " + t.value->to_string() + " mm" : ""));
  return ids;
}

std::vector<std::string> non_targets_where(const Context& c, bool (*pred)(const NonTargetValue&)) {
  std::vector<std::string> ids;
  for (const NonTargetValue& v : c.lesions.non_targets)
    if (pred(v)) ids.emplace_back(v.id);
  return ids;
}

bool node_not_normal(const TargetValue& t) {
  return t.nodal && t.value && *t.value >= kNodeNormal;
}
bool node_normal_present(const TargetValue& t) {
  return t.nodal && t.value && !t.value->is_zero() && *t.value < kNodeNormal;
}
bool target_missing(const TargetValue& t) {
  return !t.value;
}
bool nt_missing(const NonTargetValue& v) {
  return v.status == LesionStatus::NotEvaluated;
}
bool nt_progressed(const NonTargetValue& v) {
  return v.status == LesionStatus::Progression;
}
bool nt_present(const NonTargetValue& v) {
  return rules::non_target_present(v);
}
bool nt_normal_node(const NonTargetValue& v) {
  return v.nodal && v.diameter && *v.diameter < kNodeNormal && v.status != LesionStatus::Absent &&
         v.status != LesionStatus::NotEvaluated;
}

using Explained = std::pair<Discrepancy, std::string>;

std::optional<Explained> new_lesion_mistake(const Context& c, Response recorded) {
  const TimepointResult& tp = c.tp;
  if (tp.backdated_pd && recorded != Response::PD && recorded == c.overall(c.target, c.non_target, c.new_yes, false))
    return Explained{Discrepancy::NewLesion,
                     "new lesion " + join(c.lesions.new_equivocal) +
                         ", equivocal on this scan, was confirmed unequivocal later: progression is dated back to "
                         "this scan, PD (R12); without it " +
                         c.components() + " give " + code(recorded)};
  if (c.new_yes && recorded != Response::PD && recorded == c.overall(c.target, c.non_target, false))
    return Explained{Discrepancy::NewLesion, "unequivocal new lesion " + join(c.lesions.new_unequivocal) +
                                                 " on this scan: PD (R12, R13); the recorded " + code(recorded) +
                                                 " is what target " + code(c.target) + " and non-target " +
                                                 code(c.non_target) + " give without it"};
  if (tp.new_lesions == NewLesions::Equivocal && !tp.backdated_pd && recorded == Response::PD)
    return Explained{Discrepancy::NewLesion,
                     "new lesion " + join(c.lesions.new_equivocal) +
                         " is equivocal: not PD unless a later scan shows it unequivocal (R12); " + c.components() +
                         ": " + code(tp.overall) + " (R13)"};
  return std::nullopt;
}

std::optional<Explained> not_evaluable_mistake(const Context& c, Response recorded) {
  const TimepointResult& tp = c.tp;
  if ((tp.overall == Response::NE) == (recorded == Response::NE)) return std::nullopt;
  const std::vector<std::string> targets = targets_where(c, target_missing);
  const std::vector<std::string> non_targets = non_targets_where(c, nt_missing);
  std::vector<std::string> why;
  if (tp.overall == Response::NE) {
    if (!targets.empty())
      why.push_back("target " + join(targets) + " not evaluated and the evaluated targets alone (sum " + c.sum_text() +
                    ", " + c.vs_nadir() + ") do not reach PD: target NE (R9)");
    if (!non_targets.empty()) why.push_back("non-target " + join(non_targets) + " not evaluated: non-target NE (R11)");
    why.push_back(c.components() + ": NE, not " + code(recorded) + " (R13)");
  } else if (!targets.empty() && c.target == Response::PD) {
    why.push_back("target " + join(targets) + " not evaluated, but the evaluated targets alone already show PD (sum " +
                  c.sum_text() + ", " + c.vs_nadir() + "): PD (R9)");
  } else if (!non_targets.empty()) {
    why.push_back("only non-target " + join(non_targets) + " not evaluated: target " + code(c.target) +
                  " with non-target NE is " + code(tp.overall) + " (R13, table 1)");
  } else {
    why.push_back("recorded NE although every target and non-target was evaluated: " + c.components() + ": " +
                  code(tp.overall) + " (R13)");
  }
  return Explained{Discrepancy::NotEvaluable, join(why, "; ")};
}

std::optional<Explained> target_rule_mistake(const Context& c, Response recorded) {
  const TimepointResult& tp = c.tp;
  if (!tp.sum || !tp.nadir) return std::nullopt;
  auto gives = [&](Mistake m) {
    const Response t = target_under(c.lesions.targets, c.baseline, c.nadir, m);
    return t != c.target && c.overall(t, c.non_target, c.new_yes) == recorded;
  };
  const std::string sum = "the sum " + c.sum_text();
  if (c.nadir != c.baseline && gives({.pd_from_baseline = true}))
    return Explained{Discrepancy::WrongReference, sum + " is " + c.vs_nadir() +
                                                      ": PD (R8, R9); judged from the baseline (" + c.vs_baseline() +
                                                      ") it is not, but progression is measured from the nadir"};
  if (c.nadir != c.baseline && gives({.pr_from_nadir = true}))
    return Explained{Discrepancy::WrongReference, sum + " is " + c.vs_baseline() +
                                                      ": PR (R9); judged from the nadir (" +
                                                      signed_pct(tp.pct_from_nadir) + " from " + c.nadir.to_string() +
                                                      " mm) it is not, but response is measured from the baseline"};
  if (gives({.no_absolute = true}))
    return Explained{Discrepancy::AbsoluteIncrease,
                     sum + " is " + c.vs_nadir() +
                         ": at least +20% but less than 5 mm, and PD needs both (R9); target " + code(c.target)};
  if (gives({.cr_ignores_nodes = true}))
    return Explained{Discrepancy::NodalCr, "every non-nodal target is 0 mm but nodal target " +
                                               join(targets_where(c, node_not_normal)) +
                                               " is not below 10 mm short axis: no CR (R9); target " + code(c.target) +
                                               ", " + sum + " " + c.vs_baseline()};
  if (gives({.cr_needs_zero = true}))
    return Explained{Discrepancy::NodalCr, "every non-nodal target is 0 mm and nodal target " +
                                               join(targets_where(c, node_normal_present)) +
                                               " is below 10 mm short axis: target CR (R9), although " + sum +
                                               " is not 0 (nodes keep their short axis in the sum, R6)"};
  if (c.non_target == Response::CR && c.overall(c.target, Response::NonCrNonPd, c.new_yes) == recorded) {
    const std::vector<std::string> nodes = non_targets_where(c, nt_normal_node);
    if (!nodes.empty())
      return Explained{Discrepancy::NodalCr, "non-target node " + join(nodes) +
                                                 " is below 10 mm short axis, a normal node: non-target CR (R11); " +
                                                 c.components() + ": " + code(tp.overall)};
  }
  return std::nullopt;
}

std::optional<Explained> non_target_mistake(const Context& c, Response recorded) {
  if (c.non_target == Response::NA || c.non_target == Response::NE) return std::nullopt;
  for (Response nt : {Response::CR, Response::NonCrNonPd, Response::PD}) {
    if (nt == c.non_target || c.overall(c.target, nt, c.new_yes) != recorded) continue;
    std::string why;
    if (c.non_target == Response::PD) {
      why = "non-target " + join(non_targets_where(c, nt_progressed)) +
            " shows unequivocal progression: non-target PD, overall PD (R11, R13)";
    } else if (nt == Response::PD) {
      why = "no non-target is recorded with unequivocal progression (non-target " + code(c.non_target) +
            "), and target " + code(c.target) + " with no new lesion gives " + code(c.tp.overall) +
            "; a non-target PD needs the lesion recorded as PD (R11)";
    } else if (c.non_target == Response::NonCrNonPd) {
      why = "non-target " + join(non_targets_where(c, nt_present)) + " still present: non-target NON-CR/NON-PD, and " +
            "target " + code(c.target) + " with it gives " + code(c.tp.overall) + " (R11, table 1)";
    } else {
      why = "every non-target is absent: non-target CR, and target " + code(c.target) + " with it gives " +
            code(c.tp.overall) + " (R11, table 1)";
    }
    return Explained{Discrepancy::NonTarget, why};
  }
  return std::nullopt;
}

std::optional<Explained> arithmetic_mistake(const Context& c, Response recorded) {
  if (!c.tp.sum) return std::nullopt;
  // The target response the recorded one names first (a recorded PR needs target PR before CR).
  for (Response t : {recorded, Response::CR, Response::PR, Response::SD, Response::PD}) {
    if (t == Response::NE || t == Response::NonCrNonPd || t == c.target ||
        c.overall(t, c.non_target, c.new_yes) != recorded)
      continue;
    return Explained{Discrepancy::Arithmetic, "the recorded " + code(recorded) + " needs target " + code(t) +
                                                  ", but the recorded diameters give target " + code(c.target) + ": " +
                                                  c.target_reasons()};
  }
  return std::nullopt;
}

Explained explain_timepoint(const Context& c, Response recorded) {
  for (auto* mistake :
       {new_lesion_mistake, not_evaluable_mistake, target_rule_mistake, non_target_mistake, arithmetic_mistake}) {
    if (auto e = mistake(c, recorded)) return *e;
  }
  return {Discrepancy::Other, "recorded " + code(recorded) + ", recomputed " + code(c.tp.overall) +
                                  " and no single rule explains it: " + c.tp.reasons.joined("; ")};
}

// ---- best responses ----

std::vector<TimepointResult> as_timepoints(std::span<const RecordedTimepoint> recorded, Date start) {
  std::vector<TimepointResult> tps;
  for (const RecordedTimepoint& r : recorded) {
    if (!r.response) continue;
    TimepointResult tp;
    tp.date = r.date;
    tp.visit = r.visit;
    tp.day = r.date.days_after(start);
    tp.overall = *r.response;
    tps.push_back(std::move(tp));
  }
  return tps;
}

Response level_of(const BestResponse& b, CompareLevel level) {
  return level == CompareLevel::Bor ? b.bor : b.confirmed_bor;
}

std::string best_reasons(const BestResponse& b, CompareLevel level) {
  std::vector<std::string> picked;
  for (std::string_view r : b.reasons) {
    const bool unconfirmed = r.starts_with("unconfirmed");
    if (r.starts_with("duration of response") || r.starts_with("window")) continue;
    if ((level == CompareLevel::Bor) == unconfirmed) picked.emplace_back(r);
  }
  return join(picked, "; ");
}

/// A recorded best response that does not follow from the time points by R14–R15: which rule,
/// left out, gives it.
std::optional<Explained> best_rule_mistake(std::span<const TimepointResult> tps, Date start, const Profile& profile,
                                           CompareLevel level, Response recorded) {
  const BestResponse strict = best_response(tps, start, profile);
  struct Relaxed {
    Profile profile;
    std::string rule;
  };
  std::vector<Relaxed> relaxed;
  Profile p = profile;
  p.confirm_min_days = 0;
  relaxed.push_back({p, "the confirming scan must be at least " + std::to_string(profile.confirm_min_days) +
                            " days after the response (R15)"});
  p = profile;
  p.max_ne_between = 1 << 20;
  relaxed.push_back({p, "at most " + std::to_string(profile.max_ne_between) +
                            " NE may stand between a response and its confirmation (R15)"});
  p = profile;
  p.sd_min_days = 0;
  relaxed.push_back(
      {p, "SD counts only at a scan at least " + std::to_string(profile.sd_min_days) + " days after start_date (R14)"});
  for (const Relaxed& r : relaxed) {
    if (level_of(best_response(tps, start, r.profile), level) != recorded) continue;
    return Explained{Discrepancy::Confirmation, "the recorded " + code(recorded) +
                                                    " follows only without the rule that " + r.rule + "; " +
                                                    best_reasons(strict, level)};
  }
  if (level == CompareLevel::ConfirmedBor && strict.bor == recorded)
    return Explained{Discrepancy::Confirmation, "the recorded " + code(recorded) +
                                                    " is the unconfirmed best response: a CR or PR needs a later " +
                                                    "scan confirming it (R15); " + best_reasons(strict, level)};
  return std::nullopt;
}

// ---- reader against reader ----

bool has_unique_visits(const TrackResult& t) {
  std::set<std::string> seen;
  for (const TimepointResult& tp : t.timepoints)
    if (tp.visit.empty() || !seen.insert(tp.visit).second) return false;
  return true;
}

std::string component_differences(const TimepointResult& a, const TimepointResult& b) {
  std::vector<std::string> parts;
  auto both = [](const std::optional<Response>& x, const std::optional<Response>& y) { return x && y && *x != *y; };
  if (both(a.target, b.target))
    parts.push_back("target " + code(*a.target) + " vs " + code(*b.target) + " (" + signed_pct(a.pct_from_baseline) +
                    " vs " + signed_pct(b.pct_from_baseline) + " from baseline, " + signed_pct(a.pct_from_nadir) +
                    " vs " + signed_pct(b.pct_from_nadir) + " from nadir)");
  if (both(a.non_target, b.non_target))
    parts.push_back("non-target " + code(*a.non_target) + " vs " + code(*b.non_target));
  if (a.new_lesions && b.new_lesions && *a.new_lesions != *b.new_lesions)
    parts.push_back("new lesions " + std::string(to_string(*a.new_lesions)) + " vs " +
                    std::string(to_string(*b.new_lesions)));
  if (a.backdated_pd != b.backdated_pd)
    parts.push_back(std::string("PD backdated (R12) for ") + (a.backdated_pd ? "A" : "B"));
  if (parts.empty()) parts.push_back("overall " + code(a.overall) + " vs " + code(b.overall));
  return join(parts, "; ");
}

PdTiming timing(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (a && b) return *a == *b ? PdTiming::Same : (*a < *b ? PdTiming::AEarlier : PdTiming::ALater);
  if (a) return PdTiming::AOnly;
  return b ? PdTiming::BOnly : PdTiming::Neither;
}

bool reader_before(const std::string& a, const std::string& b) {
  if ((a == kInvestigator) != (b == kInvestigator)) return a == kInvestigator;
  return a < b;
}

std::string key_of(const std::string& subject, const std::string& reader) {
  return subject + '\x1f' + reader;
}

}  // namespace

std::string_view to_string(Discrepancy d) {
  switch (d) {
    case Discrepancy::None:
      return "NONE";
    case Discrepancy::Arithmetic:
      return "ARITHMETIC";
    case Discrepancy::WrongReference:
      return "WRONG_REFERENCE";
    case Discrepancy::AbsoluteIncrease:
      return "ABSOLUTE_5MM";
    case Discrepancy::NodalCr:
      return "NODAL_CR";
    case Discrepancy::NonTarget:
      return "NON_TARGET";
    case Discrepancy::NewLesion:
      return "NEW_LESION";
    case Discrepancy::NotEvaluable:
      return "NE_HANDLING";
    case Discrepancy::Confirmation:
      return "CONFIRMATION";
    case Discrepancy::FollowsTimepoints:
      return "FOLLOWS_TIMEPOINTS";
    case Discrepancy::Other:
      break;
  }
  return "OTHER";
}

std::string_view to_string(CompareLevel l) {
  switch (l) {
    case CompareLevel::Timepoint:
      return "timepoint";
    case CompareLevel::Bor:
      return "bor";
    case CompareLevel::ConfirmedBor:
      break;
  }
  return "confirmed_bor";
}

bool TrackComparison::agree() const {
  return std::all_of(comparisons.begin(), comparisons.end(), [](const RecordedComparison& c) { return c.agree(); });
}

bool ReaderComparison::agree() const {
  return std::all_of(timepoints.begin(), timepoints.end(), [](const ReaderTimepoint& t) { return t.agree(); }) &&
         bor_a == bor_b && confirmed_bor_a == confirmed_bor_b &&
         (pd_timing == PdTiming::Same || pd_timing == PdTiming::Neither);
}

std::size_t CompareResult::disagreements() const {
  std::size_t n = 0;
  for (const TrackComparison& t : recorded)
    n += std::count_if(t.comparisons.begin(), t.comparisons.end(),
                       [](const RecordedComparison& c) { return !c.agree(); });
  for (const ReaderComparison& r : readers) {
    n += std::count_if(r.timepoints.begin(), r.timepoints.end(), [](const ReaderTimepoint& t) { return !t.agree(); });
    n += (r.bor_a != r.bor_b) + (r.confirmed_bor_a != r.confirmed_bor_b) +
         (r.pd_timing != PdTiming::Same && r.pd_timing != PdTiming::Neither);
  }
  return n;
}

std::vector<RecordedTimepoint> recorded_timepoints(const Track& track, const RecordedTrack* recorded) {
  if (recorded) return recorded->timepoints;
  std::vector<RecordedTimepoint> out;
  for (std::size_t k = 1; k < track.assessments.size(); ++k) {
    const Assessment& a = track.assessments[k];
    if (a.reported) out.push_back({a.date, a.visit, a.reported});
  }
  return out;
}

TrackComparison compare_recorded(const Track& track, const TrackResult& computed,
                                 std::span<const RecordedTimepoint> recorded, const RecordedBest* best,
                                 const Profile& profile) {
  TrackComparison out;
  out.subject = track.subject;
  out.reader = track.reader;
  out.best_recorded = best != nullptr;
  out.computed_pd_date = computed.best.pd_date;
  if (!computed.start_date || !computed.baseline) return out;
  const Date start = *computed.start_date;

  const rules::BaselineCheck check = rules::check_baseline_detail(track, profile);
  std::map<Date, std::size_t> assessment_at;  // follow-up date → index into track.assessments
  for (std::size_t k = 1; k < track.assessments.size(); ++k) assessment_at[track.assessments[k].date] = k;
  std::map<Date, const TimepointResult*> computed_at;
  for (const TimepointResult& tp : computed.timepoints) computed_at[tp.date] = &tp;

  std::vector<std::string> differing_dates;
  for (const RecordedTimepoint& r : recorded) {
    if (!r.response) continue;
    RecordedComparison c;
    c.date = r.date;
    c.visit = r.visit;
    c.day = r.date.days_after(start);
    c.recorded = *r.response;
    auto found = computed_at.find(r.date);
    if (found == computed_at.end()) {
      c.category = Discrepancy::Other;
      c.explanation = "no follow-up assessment on " + r.date.to_string() + " in the measurements";
    } else {
      const TimepointResult& tp = *found->second;
      c.computed = tp.overall;
      if (c.visit.empty()) c.visit = tp.visit;
      if (tp.overall != c.recorded) {
        Context ctx{tp,
                    lesions_at(track, check, track.assessments[assessment_at.at(r.date)], profile),
                    computed.baseline->sum.value_or(Millimetres()),
                    tp.nadir.value_or(Millimetres()),
                    tp.target.value_or(Response::NA),
                    tp.non_target.value_or(Response::NA),
                    tp.new_lesions == NewLesions::Yes,
                    false};
        ctx.kept_pr = tp.overall == Response::PR && !tp.backdated_pd &&
                      rules::overall_response(ctx.target, ctx.non_target, ctx.new_yes) == Response::SD;
        std::tie(c.category, c.explanation) = explain_timepoint(ctx, c.recorded);
      }
    }
    if (!c.agree()) differing_dates.push_back(r.date.to_string());
    out.comparisons.push_back(std::move(c));
  }

  const std::vector<TimepointResult> recorded_tps = as_timepoints(recorded, start);
  const BestResponse derived = best_response(recorded_tps, start, profile);
  if (!recorded_tps.empty()) out.recorded_pd_date = derived.pd_date;
  if (recorded_tps.empty() && !best) return out;
  for (CompareLevel level : {CompareLevel::Bor, CompareLevel::ConfirmedBor}) {
    std::optional<Response> value =
        best ? (level == CompareLevel::Bor ? best->bor : best->confirmed_bor) : std::optional(level_of(derived, level));
    if (!value) continue;
    RecordedComparison c;
    c.level = level;
    c.recorded = *value;
    c.computed = level_of(computed.best, level);
    if (c.recorded != *c.computed) {
      const bool follows = !recorded_tps.empty() && level_of(derived, level) == c.recorded;
      if (follows && !differing_dates.empty()) {
        c.category = Discrepancy::FollowsTimepoints;
        c.explanation = "the recorded " + code(c.recorded) +
                        " follows by R14–R15 from the recorded time-point responses, which differ from the "
                        "recomputed ones on " +
                        join(differing_dates);
      } else if (auto e = best_rule_mistake(recorded_tps.empty() ? computed.timepoints : recorded_tps, start, profile,
                                            level, c.recorded)) {
        std::tie(c.category, c.explanation) = *e;
      } else {
        c.category = Discrepancy::Other;
        c.explanation = "recorded " + code(c.recorded) + ", recomputed " + code(*c.computed) + ": " +
                        best_reasons(computed.best, level);
      }
    }
    out.comparisons.push_back(std::move(c));
  }
  return out;
}

ReaderComparison compare_readers(const TrackResult& a, const TrackResult& b) {
  ReaderComparison out;
  out.subject = a.subject;
  out.reader_a = a.reader;
  out.reader_b = b.reader;
  out.matched_by_visit = has_unique_visits(a) && has_unique_visits(b);
  auto key = [&](const TimepointResult& tp) { return out.matched_by_visit ? tp.visit : tp.date.to_string(); };
  std::map<std::string, const TimepointResult*> in_b;
  for (const TimepointResult& tp : b.timepoints) in_b[key(tp)] = &tp;
  std::set<std::string> used;
  for (const TimepointResult& tp : a.timepoints) {
    ReaderTimepoint t;
    t.date_a = tp.date;
    t.visit = tp.visit;
    t.a = tp.overall;
    auto found = in_b.find(key(tp));
    if (found != in_b.end()) {
      used.insert(found->first);
      t.date_b = found->second->date;
      t.b = found->second->overall;
      if (*t.a != *t.b) t.explanation = component_differences(tp, *found->second);
    } else {
      t.explanation = "no time point of " + b.reader +
                      (out.matched_by_visit ? " at visit " + tp.visit : " on " + tp.date.to_string());
    }
    out.timepoints.push_back(std::move(t));
  }
  for (const TimepointResult& tp : b.timepoints) {
    if (used.count(key(tp))) continue;
    ReaderTimepoint t;
    t.date_b = tp.date;
    t.visit = tp.visit;
    t.b = tp.overall;
    t.explanation = "no time point of " + a.reader +
                    (out.matched_by_visit ? " at visit " + tp.visit : " on " + tp.date.to_string());
    out.timepoints.push_back(std::move(t));
  }
  std::stable_sort(out.timepoints.begin(), out.timepoints.end(),
                   [](const ReaderTimepoint& x, const ReaderTimepoint& y) {
                     return x.date_a.value_or(*x.date_b) < y.date_a.value_or(*y.date_b);
                   });
  out.bor_a = a.best.bor;
  out.bor_b = b.best.bor;
  out.confirmed_bor_a = a.best.confirmed_bor;
  out.confirmed_bor_b = b.best.confirmed_bor;
  out.pd_date_a = a.best.pd_date;
  out.pd_date_b = b.best.pd_date;
  out.pd_timing = timing(out.pd_date_a, out.pd_date_b);
  return out;
}

CompareResult compare(std::span<const Track> tracks, std::span<const RecordedTrack> recorded,
                      std::span<const RecordedBest> best, const Profile& profile) {
  CompareResult out;
  std::map<std::string, const RecordedTrack*> recorded_by_key;
  for (const RecordedTrack& r : recorded) recorded_by_key[key_of(r.subject, r.reader)] = &r;
  std::map<std::string, const RecordedBest*> best_by_key;
  for (const RecordedBest& b : best) best_by_key[key_of(b.subject, b.reader)] = &b;

  // Every track's responses, by subject, for the reader pairs.
  std::map<std::string, std::vector<TrackResult>> by_subject;
  std::set<std::string> measured;
  for (const Track& t : tracks) {
    TrackResult computed = assess(t, profile);
    const std::string key = key_of(t.subject, t.reader);
    measured.insert(key);
    auto rec_track = recorded_by_key.find(key);
    const std::vector<RecordedTimepoint> rec =
        recorded_timepoints(t, rec_track == recorded_by_key.end() ? nullptr : rec_track->second);
    auto rec_best = best_by_key.find(key);
    const RecordedBest* b = rec_best == best_by_key.end() ? nullptr : rec_best->second;
    if (!rec.empty() || b) out.recorded.push_back(compare_recorded(t, computed, rec, b, profile));
    by_subject[t.subject].push_back(std::move(computed));
  }
  for (const RecordedTrack& r : recorded)
    if (!measured.count(key_of(r.subject, r.reader))) by_subject[r.subject].push_back(assess(r, profile));

  for (auto& [subject, results] : by_subject) {
    std::sort(results.begin(), results.end(),
              [](const TrackResult& x, const TrackResult& y) { return reader_before(x.reader, y.reader); });
    for (std::size_t i = 0; i < results.size(); ++i)
      for (std::size_t j = i + 1; j < results.size(); ++j)
        out.readers.push_back(compare_readers(results[i], results[j]));
  }

  // Statistics: each reader's recorded against recomputed, then each pair of readers.
  using Pairs = std::vector<std::pair<Response, Response>>;
  struct Collect {
    Pairs tps, bor, confirmed;
    std::vector<PdTiming> timings;
  };
  std::map<std::string, Collect, bool (*)(const std::string&, const std::string&)> by_reader(reader_before);
  for (const TrackComparison& t : out.recorded) {
    Collect& c = by_reader[t.reader];
    for (const RecordedComparison& rc : t.comparisons) {
      if (!rc.computed) continue;
      Pairs& into = rc.level == CompareLevel::Timepoint ? c.tps : rc.level == CompareLevel::Bor ? c.bor : c.confirmed;
      into.emplace_back(rc.recorded, *rc.computed);
    }
    c.timings.push_back(timing(t.recorded_pd_date, t.computed_pd_date));
  }
  std::map<std::pair<std::string, std::string>, Collect> by_pair;
  for (const ReaderComparison& r : out.readers) {
    Collect& c = by_pair[{r.reader_a, r.reader_b}];
    for (const ReaderTimepoint& t : r.timepoints)
      if (t.a && t.b) c.tps.emplace_back(*t.a, *t.b);
    c.bor.emplace_back(r.bor_a, r.bor_b);
    c.confirmed.emplace_back(r.confirmed_bor_a, r.confirmed_bor_b);
    c.timings.push_back(r.pd_timing);
  }
  auto add = [&](PairKind kind, std::string a, std::string b, const Collect& c) {
    PairStatistics s;
    s.kind = kind;
    s.source_a = std::move(a);
    s.source_b = std::move(b);
    s.timepoints = agreement_table(c.tps);
    s.bor = agreement_table(c.bor);
    s.confirmed_bor = agreement_table(c.confirmed);
    s.confirmed_bor_discordance =
        clopper_pearson(s.confirmed_bor.n - s.confirmed_bor.agreement.count, s.confirmed_bor.n);
    s.progression = progression_discordance(c.timings);
    out.statistics.push_back(std::move(s));
  };
  for (const auto& [reader, c] : by_reader)
    add(PairKind::RecordedVsRecomputed, reader + " recorded", reader + " recomputed", c);
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(by_pair.size());
  for (const auto& [pair, c] : by_pair) pairs.push_back(pair);
  std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
    if (x.first != y.first) return reader_before(x.first, y.first);
    return reader_before(x.second, y.second);
  });
  for (const auto& pair : pairs) add(PairKind::ReaderVsReader, pair.first, pair.second, by_pair[pair]);
  return out;
}

}  // namespace recist
