// Baseline rules R1–R5 (guideline §3 and §4.2): measurability, nodal thresholds, target selection,
// irradiated lesions and the eligibility finding. Findings stand beside the result: a target that
// breaks R1–R4 is still assessed as recorded.
#include <algorithm>
#include <array>

#include "rules.hpp"
#include "working_lists.hpp"

namespace recist::rules {
namespace {

const Millimetres kNodeMeasurable = Millimetres::from_mm(15);  // R2, guideline §3.1.1
const Millimetres kNodePathological = Millimetres::from_mm(10);
constexpr std::size_t kMaxTargets = 5;  // R3, guideline §4.2
constexpr std::size_t kMaxTargetsPerOrgan = 2;

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

void add(std::vector<Finding>* out, Severity s, std::string code, std::string lesion, std::string msg) {
  out->push_back({s, std::move(code), std::move(lesion), std::move(msg)});
}

}  // namespace

std::string_view organ_of(const Lesion& lesion) {
  if (lesion.nodal || names_lymph_node(lesion.site)) return "LYMPH NODE";
  if (names_brain(lesion.site)) return "BRAIN";
  std::string_view site = lesion.site;
  for (std::string_view side : {"LEFT ", "RIGHT ", "BILATERAL "})
    if (starts_with(site, side)) site.remove_prefix(side.size());
  if (site == "LUNGS") return "LUNG";
  return site;
}

Millimetres measurable_threshold(const Lesion& lesion) {
  switch (lesion.method) {
    case Method::XRay:
      return Millimetres::from_mm(20);
    case Method::Caliper:
      return Millimetres::from_mm(10);
    case Method::CT:
    case Method::MRI:
      if (lesion.slice_thickness && *lesion.slice_thickness > Millimetres::from_mm(5))
        return *lesion.slice_thickness + *lesion.slice_thickness;
      return Millimetres::from_mm(10);
  }
  return Millimetres::from_mm(10);
}

namespace {

/// R3's "at most 2 per organ": a finding for each organ with more targets, organs in name order
/// (a track has a handful of targets: no map needed).
void check_targets_per_organ(const Track& track, std::span<const std::uint32_t> targets,
                             std::vector<Finding>* findings) {
  // Views of the lesions' sites, counted pairwise: a track has a handful of targets.
  std::array<std::string_view, 16> small;
  std::vector<std::string_view> large;
  std::span<std::string_view> organs = small;
  if (targets.size() > small.size()) {
    large.resize(targets.size());
    organs = large;
  }
  organs = organs.first(targets.size());
  std::vector<std::string_view> crowded;  // organs with more than kMaxTargetsPerOrgan targets
  for (std::size_t k = 0; k < targets.size(); ++k) {
    organs[k] = organ_of(track.lesions[targets[k]]);
    if (std::count(organs.begin(), organs.begin() + static_cast<std::ptrdiff_t>(k) + 1, organs[k]) ==
        static_cast<std::ptrdiff_t>(kMaxTargetsPerOrgan) + 1)
      crowded.push_back(organs[k]);
  }
  std::sort(crowded.begin(), crowded.end());
  for (std::string_view organ : crowded) {
    std::vector<std::uint32_t> ids;
    for (std::size_t k = 0; k < organs.size(); ++k)
      if (organs[k] == organ) ids.push_back(targets[k]);
    std::string names;
    for (std::uint32_t i : ids) names += (names.empty() ? "" : ", ") + track.lesions[i].id;
    add(findings, Severity::Error, "TOO_MANY_TARGETS_IN_ORGAN", track.lesions[ids[kMaxTargetsPerOrgan]].id,
        std::to_string(ids.size()) + " target lesions in " + std::string(organ) + " (" + names +
            "); at most 2 per organ are allowed, all lymph nodes counting as one organ (R3)");
  }
}

}  // namespace

BaselineCheck check_baseline_detail(const Track& track, const Profile& profile) {
  BaselineCheck out;
  check_baseline_detail(track, profile, &out);
  return out;
}

void check_baseline_detail(const Track& track, const Profile& profile, BaselineCheck* check) {
  BaselineCheck& out = *check;
  out.findings.clear();
  out.targets.clear();
  out.non_targets.clear();
  out.new_lesions.clear();
  out.has_measurable_target = false;
  out.baseline_diameter.assign(track.lesions.size(), std::nullopt);
  if (track.assessments.empty()) {
    add(&out.findings, Severity::Error, "NO_ASSESSMENTS", "", "the track has no assessment");
    return;
  }
  const Assessment& baseline = track.assessments.front();
  const Date baseline_date = baseline.date;  // written into the messages only
  std::size_t valid_targets = 0;
  // The baseline's observation of each lesion, looked up once.
  std::vector<const Observation*>& at_baseline = baseline_observations();
  at_baseline.assign(track.lesions.size(), nullptr);
  for (const Observation& o : baseline.observations)
    if (o.lesion < at_baseline.size() && !at_baseline[o.lesion]) at_baseline[o.lesion] = &o;
  out.targets.reserve(track.lesions.size());
  out.non_targets.reserve(track.lesions.size());

  for (std::uint32_t i = 0; i < track.lesions.size(); ++i) {
    const Lesion& lesion = track.lesions[i];
    const Observation* obs = at_baseline[i];
    if (obs && obs->diameter) out.baseline_diameter[i] = obs->diameter;

    if (lesion.role == LesionRole::New) {
      if (obs) {
        add(&out.findings, Severity::Error, "NEW_LESION_AT_BASELINE", lesion.id,
            lesion.id + " is recorded as NEW at the baseline " + baseline_date.to_string() +
                "; a lesion seen at baseline is a target or non-target, so it is not assessed");
      } else {
        out.new_lesions.push_back(i);
      }
      continue;
    }
    if (!obs) {
      add(&out.findings, Severity::Error, "LESION_AFTER_BASELINE", lesion.id,
          lesion.id + " is recorded as " + std::string(to_string(lesion.role)) +
              " but is not recorded at the baseline " + baseline_date.to_string() +
              "; roles are fixed at baseline, so it is not assessed");
      continue;
    }
    if (!lesion.nodal && names_lymph_node(lesion.site))
      add(&out.findings, Severity::Warning, "NODE_SITE_NOT_NODAL", lesion.id,
          lesion.id + " is in " + lesion.site +
              " but is not marked as a node (node = N): a lymph node is measured "
              "in short axis, a target from 15 mm (R2); check the node column");
    if (lesion.role == LesionRole::NonTarget) {
      out.non_targets.push_back(i);
      if (lesion.nodal && obs->diameter && *obs->diameter < kNodePathological)
        add(&out.findings, Severity::Warning, "NORMAL_NODE", lesion.id,
            "non-target node " + lesion.id + " is " + obs->diameter->to_string() +
                " mm in short axis, below 10 mm: a normal node, not a lesion (R2)");
      continue;
    }

    // A target lesion.
    if (!obs->diameter || obs->status != LesionStatus::Measured) {
      add(&out.findings, Severity::Error, "TARGET_NOT_MEASURED", lesion.id,
          "target " + lesion.id + " has no measured diameter at the baseline " + baseline_date.to_string() +
              "; it cannot enter the sum of diameters and is not assessed");
      continue;
    }
    out.targets.push_back(i);
    const Millimetres d = *obs->diameter;
    bool valid = true;
    if (lesion.nodal) {
      if (d < kNodeMeasurable) {
        valid = false;
        add(&out.findings, Severity::Error, "NODE_TOO_SMALL_FOR_TARGET", lesion.id,
            "target node " + lesion.id + " is " + d.to_string() + " mm in short axis; a nodal target needs " +
                "at least 15 mm (R2): " +
                (d < kNodePathological ? "below 10 mm it is a normal node, not a lesion"
                                       : "10 to <15 mm is pathological but non-measurable, non-target only"));
      }
    } else {
      const Millimetres threshold = measurable_threshold(lesion);
      if (d < threshold) {
        valid = false;
        add(&out.findings, Severity::Error, "TARGET_NOT_MEASURABLE", lesion.id,
            "target " + lesion.id + " is " + d.to_string() + " mm by " + std::string(to_string(lesion.method)) +
                "; a measurable lesion needs at least " + threshold.to_string() + " mm (R1)");
      }
    }
    const std::string_view organ = organ_of(lesion);
    for (const std::string& excluded : profile.exclude_target_sites) {
      if (excluded == lesion.site || excluded == organ) {
        valid = false;
        add(&out.findings, Severity::Error, "TARGET_SITE_EXCLUDED", lesion.id,
            "target " + lesion.id + " is in " + lesion.site + ", a site the profile excludes from target lesions (R3)");
      }
    }
    if (lesion.irradiation == Irradiation::Yes) {
      valid = false;
      add(&out.findings, Severity::Error, "IRRADIATED_TARGET", lesion.id,
          "target " + lesion.id +
              " was previously irradiated and has not progressed since; it may not "
              "be a target (R4)");
    }
    if (valid) ++valid_targets;
  }

  // R3: at most 5 targets in all and 2 per organ.
  if (out.targets.size() > kMaxTargets) {
    std::string ids;
    for (std::uint32_t i : out.targets) ids += (ids.empty() ? "" : ", ") + track.lesions[i].id;
    add(&out.findings, Severity::Error, "TOO_MANY_TARGETS", track.lesions[out.targets[kMaxTargets]].id,
        std::to_string(out.targets.size()) + " target lesions (" + ids + "); at most 5 are allowed (R3)");
  }
  if (out.targets.size() > kMaxTargetsPerOrgan) check_targets_per_organ(track, out.targets, &out.findings);

  check_schedule(track, profile, &out.findings);

  // R5: the protocol's "at least one measurable target lesion".
  out.has_measurable_target = valid_targets > 0;
  if (out.targets.empty() && out.non_targets.empty()) {
    add(&out.findings, Severity::Error, "NO_ASSESSABLE_DISEASE", "",
        "no target and no non-target lesion at the baseline " + baseline_date.to_string() +
            ": no assessable disease (R5)");
  }
  if (!out.has_measurable_target) {
    add(&out.findings, Severity::Error, "NO_MEASURABLE_TARGET", "",
        "no valid target lesion at the baseline " + baseline_date.to_string() +
            ": the track fails the protocol's \"at least one measurable target lesion\" criterion (R5)");
  }
}

}  // namespace recist::rules
