#pragma once
// The rules of SPEC §3 as small pure functions, one group per source file. Internal to the engine
// (and its unit tests): callers use recist/assess.hpp.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recist/lesion.hpp"
#include "recist/profile.hpp"
#include "recist/response.hpp"
#include "recist/result.hpp"
#include "recist/track.hpp"

namespace recist::rules {

// ---- baseline_rules.cpp (R1–R5) ----

/// The organ a lesion counts against for R3: all lymph nodes are one organ, and paired organs
/// ("LEFT LUNG", "RIGHT LUNG") are one organ ("LUNG"). A view of the site or of a literal.
std::string_view organ_of(const Lesion& lesion);

// ---- site_terms.cpp ----

/// Whether a site names a lymph node ("LYMPH", "NODE"): R2's short axis, R3's one organ.
bool names_lymph_node(std::string_view site);
/// Whether a site names the brain or a part of it (README "Sites"): R3's BRAIN exclusion.
bool names_brain(std::string_view site);

// ---- schedule_rules.cpp ----

/// The track's dates against the file and the profile: a follow-up before the visit called
/// baseline (error), the baseline window, no start date, schedule gaps (warnings).
void check_schedule(const Track& track, const Profile& profile, std::vector<Finding>* findings);

/// The smallest measurable diameter of a non-nodal lesion by its method and slice thickness (R1).
Millimetres measurable_threshold(const Lesion& lesion);

/// The result of the baseline checks of a track.
struct BaselineCheck {
  std::vector<Finding> findings;
  /// Lesion indices of the targets assessed (measured at baseline), in lesion order.
  std::vector<std::uint32_t> targets;
  /// Lesion indices of the non-targets recorded at baseline.
  std::vector<std::uint32_t> non_targets;
  /// Lesions recorded as NEW at follow-ups (not at baseline).
  std::vector<std::uint32_t> new_lesions;
  /// Baseline value of each lesion (by lesion index) when measured at baseline.
  std::vector<std::optional<Millimetres>> baseline_diameter;
  /// R5: at least one target breaks none of R1–R4.
  bool has_measurable_target = false;
};

BaselineCheck check_baseline_detail(const Track& track, const Profile& profile);
/// check_baseline_detail() into `out`, whose lists are cleared and filled (see working_lists.hpp).
void check_baseline_detail(const Track& track, const Profile& profile, BaselineCheck* out);

// ---- target_response.cpp (R6–R9) ----

/// PR threshold of R9: 100·sum ≤ 70·baseline.
bool meets_partial_response(Millimetres sum, Millimetres baseline);
/// PD threshold of R9: both halves below (100·sum ≥ 120·nadir and sum − nadir ≥ 5 mm).
bool meets_progression(Millimetres sum, Millimetres nadir);
/// R9's relative half of PD: 100·sum ≥ 120·nadir.
bool meets_relative_increase(Millimetres sum, Millimetres nadir);
/// R9's absolute half of PD (guideline §4.3.1): sum − nadir ≥ 5 mm.
bool meets_absolute_increase(Millimetres sum, Millimetres nadir);

/// A target at one follow-up: its value per R7, or nullopt when not evaluated, and what it was
/// recorded as (for the reasons).
struct TargetValue {
  std::string_view id;
  bool nodal = false;
  std::optional<Millimetres> value;
  bool has_row = false;  ///< False: no row at this assessment (not evaluated).
  LesionStatus status = LesionStatus::NotEvaluated;
  std::size_t fragments = 0;  ///< FRAGMENTED: how many pieces were summed.
};

/// R7: the value of a target from its observation (null observation: no row, not evaluated),
/// written into `v`.
inline void set_target_value(TargetValue& v, const Lesion& lesion, const Observation* obs, const Profile& profile) {
  v.id = lesion.id;
  v.nodal = lesion.nodal;
  v.value.reset();
  v.has_row = obs != nullptr;
  v.status = LesionStatus::NotEvaluated;
  v.fragments = 0;
  if (!obs) return;
  v.status = obs->status;
  switch (obs->status) {
    case LesionStatus::Measured:
      v.value = obs->diameter;
      break;
    case LesionStatus::Absent:
    case LesionStatus::Merged:
      v.value = Millimetres();
      break;
    case LesionStatus::TooSmall:
      v.value = profile.too_small_mm;
      break;
    case LesionStatus::Fragment:
      v.value = obs->diameter.value_or(Millimetres());
      v.fragments = obs->fragments.size();
      break;
    default:
      break;
  }
}

/// set_target_value() as a value.
inline TargetValue target_value(const Lesion& lesion, const Observation* obs, const Profile& profile) {
  TargetValue v;
  set_target_value(v, lesion, obs, profile);
  return v;
}

/// How a target's value came about: "12.0", "ABSENT → 0.0", "TOO_SMALL → 5.0", "2 fragments → 7.0",
/// "no row: not evaluated".
void describe_target_value(Reasons::Sentence& out, const TargetValue& t);

/// What R9 decided for the targets at one follow-up.
struct TargetOutcome {
  Response response = Response::NA;
  Millimetres sum;  ///< Sum of the evaluated targets (R6).
  bool all_evaluated = true;
  std::optional<std::int64_t> pct_from_baseline;  ///< Tenths of a percent (reported, never decides).
  std::optional<std::int64_t> pct_from_nadir;
};

/// The update's normal lymph node: short axis below 10 mm (R9 CR, R10, R11).
bool node_normal(Millimetres short_axis);
/// R9's CR test, non-nodal half: every evaluated non-nodal target is 0 mm.
bool non_nodal_targets_gone(std::span<const TargetValue> targets);
/// R9's CR test, nodal half (the update): every evaluated nodal target is below 10 mm short axis.
bool nodal_targets_normal(std::span<const TargetValue> targets);

/// R6, R9 and R10's target branch: the target response from the targets' values, the baseline
/// sum and the nadir (R8), with its reasons added to `reasons`. `after_cr`: the previous overall
/// response (not NE) was CR, so a target back above 0 mm (a node at 10 mm or more) is PD (R10).
TargetOutcome target_response(std::span<const TargetValue> targets, Millimetres baseline_sum, Millimetres nadir,
                              Reasons* reasons, bool after_cr = false);

// ---- non_target_response.cpp (R11) ----

/// A non-target at one follow-up (status NotEvaluated when there was no row).
struct NonTargetValue {
  std::string_view id;
  bool nodal = false;
  LesionStatus status = LesionStatus::NotEvaluated;
  std::optional<Millimetres> diameter;
};

/// R11 and R10's non-target branch: the non-target response; NA when there are no non-targets.
/// `after_cr`: the previous overall response (not NE) was CR, so a non-nodal non-target present
/// again is PD (R10); a nodal one is PD only when it unequivocally progressed (R11 already).
Response non_target_response(std::span<const NonTargetValue> non_targets, Reasons* reasons, bool after_cr = false);

/// Whether a non-target counts as present (for R11 CR and R10 reappearance): anything but ABSENT,
/// NE, or a node below 10 mm short axis.
bool non_target_present(const NonTargetValue& v);

// ---- new_lesions.cpp (R12) ----

/// The new-lesion state of each follow-up and the follow-ups whose PD is backdated.
struct NewLesionFindings {
  std::vector<NewLesions> state;   ///< By follow-up index.
  std::vector<Reasons> reasons;    ///< By follow-up index; empty when there are no new lesions.
  std::vector<bool> backdated_pd;  ///< By follow-up index.
};

/// R12 over all follow-ups of a track (assessments[1..]), into `out` (its lists are cleared and
/// filled; see working_lists.hpp).
void new_lesion_findings(const Track& track, std::span<const std::uint32_t> new_lesions, NewLesionFindings* out);

// ---- timepoint_response.cpp (R13) ----

/// Guideline tables 1 and 2: the overall response from its components.
Response overall_response(Response target, Response non_target, bool unequivocal_new_lesion);

// ---- best_response.cpp (R14–R17) ----

/// R17: the date of the first response and of the first PD (when not yet set), the best percent
/// change and the duration of response, over the time points up to the first PD.
void add_per_track_values(std::span<const TimepointResult> timepoints, BestResponse* out);

/// The date of the time point confirming a response at `first` at level `level` (CR or PR), or
/// nullopt with `why` (unless null) set to the reason it is not confirmed (R15).
std::optional<std::size_t> find_confirmation(std::span<const TimepointResult> window, std::size_t first, Response level,
                                             const Profile& profile, std::string* why);

// ---- best_response_admiralonco.cpp (`convention = admiralonco`) ----

/// R14–R17 by admiralonco's derive_param_bor and derive_param_confirmed_bor, with the dates of the
/// time points the best responses were taken from.
BestResponse admiralonco_best_response(std::span<const TimepointResult> timepoints, const Profile& profile);

}  // namespace recist::rules
