// Explaining a recorded response by the single named mistake that gives it (see
// explain_mistake.hpp). The explanation quotes the engine's values (sums, nadir, percentages,
// lesions).
#include "explain_mistake.hpp"

#include "recist/assess.hpp"

namespace recist::compare_support {
namespace {

/// A reader's mistake about the targets (R9), to be tried one at a time.
enum class Mistake {
  PdFromBaseline,  ///< PD (and PR) judged against the baseline sum, R10 not applied after a CR.
  PrFromNadir,     ///< PR judged against the nadir instead of the baseline sum.
  NoAbsolute,      ///< PD at +20% without the 5 mm absolute increase.
  CrIgnoresNodes,  ///< CR when the non-nodal targets are gone, whatever the nodes.
  CrNeedsZero,     ///< CR only when the sum is 0 (nodes below 10 mm kept from CR).
};

/// The target response a reader making mistake `m` finds: the engine's own rules (R9, R10) with
/// the one thing the mistake changes, so an explanation cannot drift from the rule it explains.
Response target_under(const Context& c, Mistake m) {
  Reasons unused;
  auto by_rules = [&](Millimetres baseline, Millimetres nadir, bool after_cr) {
    return rules::target_response(c.lesions.targets, baseline, nadir, &unused, after_cr);
  };
  const rules::TargetOutcome real = by_rules(c.baseline, c.nadir, c.after_cr);
  if (real.response == Response::NA) return Response::NA;
  switch (m) {
    case Mistake::PdFromBaseline:
      return by_rules(c.baseline, c.baseline, false).response;
    case Mistake::PrFromNadir:
      return by_rules(c.nadir, c.nadir, c.after_cr).response;
    case Mistake::NoAbsolute:
      return rules::meets_relative_increase(real.sum, c.nadir) ? Response::PD : real.response;
    case Mistake::CrIgnoresNodes:
      if (real.response == Response::PD || real.response == Response::NE) return real.response;
      return rules::non_nodal_targets_gone(c.lesions.targets) ? Response::CR : real.response;
    case Mistake::CrNeedsZero:
      if (real.response != Response::CR || real.sum.is_zero()) return real.response;
      return rules::meets_partial_response(real.sum, c.baseline) ? Response::PR : Response::SD;
  }
  return real.response;
}

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
  return t.nodal && t.value && !rules::node_normal(*t.value);
}
bool node_normal_present(const TargetValue& t) {
  return t.nodal && t.value && !t.value->is_zero() && rules::node_normal(*t.value);
}
bool target_missing(const TargetValue& t) {
  return !t.value;
}
bool nt_missing(const NonTargetValue& v) {
  return v.status == LesionStatus::NotEvaluated;
}
bool nt_progressed(const NonTargetValue& v) {
  return is_progression(v.status);
}
bool nt_present(const NonTargetValue& v) {
  return rules::non_target_present(v);
}
bool nt_normal_node(const NonTargetValue& v) {
  return v.nodal && v.diameter && rules::node_normal(*v.diameter) && v.status != LesionStatus::Absent &&
         v.status != LesionStatus::NotEvaluated;
}

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
  return std::nullopt;
}

/// A recorded PD beside an equivocal new lesion, once no target or non-target rule explains it
/// (a PD from the target sum is named by that rule, not by the new lesion).
std::optional<Explained> equivocal_new_lesion_mistake(const Context& c, Response recorded) {
  const TimepointResult& tp = c.tp;
  if (tp.new_lesions == NewLesions::Equivocal && !tp.backdated_pd && recorded == Response::PD)
    return Explained{Discrepancy::NewLesion,
                     "new lesion " + join(c.lesions.new_equivocal) +
                         " is equivocal: not PD unless a later scan shows it unequivocal (R12); " + c.components() +
                         ": " + code(tp.overall) + " (R13)"};
  return std::nullopt;
}

/// R10 after a CR: a lesion back that the recorded response judged by the sum alone, or a lymph
/// node merely present again called PD.
std::optional<Explained> reappearance_mistake(const Context& c, Response recorded) {
  if (!c.after_cr) return std::nullopt;
  Reasons unused;
  const Response t = rules::target_response(c.lesions.targets, c.baseline, c.nadir, &unused, false).response;
  const Response nt = c.non_target_without_r10();
  if ((t != c.target || nt != c.non_target) && c.overall(t, nt, c.new_yes) == recorded)
    return Explained{Discrepancy::Reappearance,
                     c.reasons_citing("(R10") + "; the recorded " + code(recorded) + " is what target " + code(t) +
                         " and non-target " + code(nt) +
                         " give when a lesion back after a CR is only measured again, but after a CR its return "
                         "is PD (R10)"};
  const std::vector<std::string> nodes = non_targets_where(
      c, [](const NonTargetValue& v) { return v.nodal && rules::non_target_present(v) && !is_progression(v.status); });
  if (recorded == Response::PD && !nodes.empty() && c.non_target == Response::NonCrNonPd &&
      c.overall(c.target, Response::PD, c.new_yes) == Response::PD)
    return Explained{Discrepancy::Reappearance,
                     "non-target node " + join(nodes) +
                         " is present again after a CR, but a lymph node has reappeared only if it unequivocally "
                         "progressed (R10, working group FAQ): non-target NON-CR/NON-PD; " +
                         c.components() + ": " + code(c.tp.overall) + " (R13)"};
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
  // A reader who judges targets by the wrong rule after a CR may leave R10 out for the
  // non-targets too: both non-target calls are tried.
  const Response nt_without_r10 = c.non_target_without_r10();
  auto gives = [&](Mistake m) {
    const Response t = target_under(c, m);
    return t != c.target &&
           (c.overall(t, c.non_target, c.new_yes) == recorded || c.overall(t, nt_without_r10, c.new_yes) == recorded);
  };
  const std::string sum = "the sum " + c.sum_text();
  if (c.nadir != c.baseline && gives(Mistake::PdFromBaseline))
    return Explained{Discrepancy::WrongReference, sum + " is " + c.vs_nadir() +
                                                      ": PD (R8, R9); judged from the baseline (" + c.vs_baseline() +
                                                      ") it is not, but progression is measured from the nadir"};
  if (c.nadir != c.baseline && gives(Mistake::PrFromNadir))
    return Explained{Discrepancy::WrongReference, sum + " is " + c.vs_baseline() +
                                                      ": PR (R9); judged from the nadir (" +
                                                      signed_pct(tp.pct_from_nadir) + " from " + c.nadir.to_string() +
                                                      " mm) it is not, but response is measured from the baseline"};
  if (gives(Mistake::NoAbsolute))
    return Explained{Discrepancy::AbsoluteIncrease,
                     sum + " is " + c.vs_nadir() +
                         ": at least +20% but less than 5 mm, and PD needs both (R9); target " + code(c.target)};
  if (gives(Mistake::CrIgnoresNodes))
    return Explained{Discrepancy::NodalCr, "every non-nodal target is 0 mm but nodal target " +
                                               join(targets_where(c, node_not_normal)) +
                                               " is not below 10 mm short axis: no CR (R9); target " + code(c.target) +
                                               ", " + sum + " " + c.vs_baseline()};
  if (gives(Mistake::CrNeedsZero))
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

}  // namespace

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
    if (is_unequivocal(o->status)) out.new_unequivocal.push_back(name);
    if (o->status == LesionStatus::Equivocal) out.new_equivocal.push_back(name);
  }
  return out;
}

Explained explain_timepoint(const Context& c, Response recorded) {
  for (auto* mistake : {new_lesion_mistake, not_evaluable_mistake, reappearance_mistake, target_rule_mistake,
                        non_target_mistake, equivocal_new_lesion_mistake, arithmetic_mistake}) {
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

}  // namespace recist::compare_support
