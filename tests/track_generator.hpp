#pragma once
// Random valid measured tracks for the property tests (issue 20): a seed gives one track, the same
// on every machine. A track is a valid baseline (1–5 targets, at most 2 per organ, measurable by
// R1/R2; some non-targets) and 0–8 follow-ups whose diameters drift down and up, with the
// occasional ABSENT, TOO_SMALL, NE, FRAGMENT, MERGED or missing target, non-targets PRESENT,
// ABSENT, PD or NE, and new lesions EQUIVOCAL or UNEQUIVOCAL, at times several at once.

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "recist/track.hpp"

namespace recist::testing {

/// Draws from std::mt19937_64 without the standard distributions, whose results the standard
/// leaves to each library: a seed gives the same numbers everywhere.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : rng_(seed) {}
  /// Uniform in [lo, hi] (the modulo bias is far below anything a test could notice).
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(rng_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  /// True `p` times in a hundred.
  bool percent(int p) { return between(0, 99) < p; }
  template <typename T, std::size_t N>
  const T& pick(const T (&from)[N]) {
    return from[static_cast<std::size_t>(between(0, N - 1))];
  }
  /// Fisher–Yates (std::shuffle's draws, too, differ between libraries).
  template <typename T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(between(0, i - 1))]);
  }

 private:
  std::mt19937_64 rng_;
};

namespace generator_detail {

/// A lesion's true size as it evolves, in hundredths of a millimetre.
struct Course {
  std::uint32_t lesion = 0;
  std::int64_t size = 0;
  bool present = true;  ///< Non-targets: present (else absent).
};

inline Millimetres hundredths(std::int64_t h) {
  return Millimetres::from_hundredths(h);
}

/// Diameters are mostly recorded to a tenth of a millimetre, sometimes to a hundredth.
inline std::int64_t as_recorded(Dice& dice, std::int64_t h) {
  return dice.percent(80) ? (h + 5) / 10 * 10 : h;
}

/// The organ of a target and the site written for it: the lungs are one organ (R3), written
/// either way.
struct Organ {
  const char* organ;
  bool nodal;
};
inline constexpr Organ kTargetOrgans[] = {{"LIVER", false},   {"LUNG", false},    {"LYMPH NODE", true},
                                          {"ADRENAL", false}, {"KIDNEY", false},  {"PERITONEUM", false},
                                          {"SPLEEN", false},  {"PANCREAS", false}};
inline constexpr const char* kNonTargetSites[] = {"BONE", "BRAIN", "PLEURA", "LIVER", "LYMPH NODE", "LUNG"};
inline constexpr const char* kNewSites[] = {"LIVER", "BONE", "BRAIN", "LUNG", "LYMPH NODE", "ADRENAL"};
inline constexpr Response kCodes[] = {Response::CR,         Response::PR, Response::SD,
                                      Response::NonCrNonPd, Response::PD, Response::NE};

inline std::string site_of(Dice& dice, const Organ& o) {
  if (std::string(o.organ) == "LUNG") {
    static constexpr const char* kLungs[] = {"LUNG", "LEFT LUNG", "RIGHT LUNG"};
    return dice.pick(kLungs);
  }
  return o.organ;
}

/// The baseline: targets, then non-targets, each with its observation.
inline void make_baseline(Dice& dice, Track& t, Assessment& base, std::vector<Course>& targets,
                          std::vector<Course>& non_targets) {
  std::vector<int> per_organ(std::size(kTargetOrgans), 0);
  const auto n_targets = dice.between(1, 5);
  while (static_cast<std::int64_t>(targets.size()) < n_targets) {
    const auto o = static_cast<std::size_t>(dice.between(0, std::size(kTargetOrgans) - 1));
    if (per_organ[o] == 2) continue;  // R3: at most 2 per organ
    ++per_organ[o];
    Lesion l;
    l.id = "T" + std::to_string(targets.size() + 1);
    l.role = LesionRole::Target;
    l.nodal = kTargetOrgans[o].nodal;
    l.site = site_of(dice, kTargetOrgans[o]);
    if (!l.nodal && dice.percent(15)) l.method = dice.percent(70) ? Method::MRI : Method::Caliper;
    if (l.method != Method::Caliper && dice.percent(30)) l.slice_thickness = hundredths(dice.between(1, 4) * 125);
    if (dice.percent(5)) l.irradiation = Irradiation::YesProgressed;  // R4: may be a target
    // R1: ≥ 10 mm (slices ≤ 5 mm); R2: a nodal target ≥ 15 mm short axis.
    const std::int64_t size = as_recorded(dice, l.nodal ? dice.between(1500, 4000) : dice.between(1000, 8000));
    targets.push_back({static_cast<std::uint32_t>(t.lesions.size()), size});
    base.observations.push_back({targets.back().lesion, LesionStatus::Measured, hundredths(size), {}});
    t.lesions.push_back(std::move(l));
  }
  const auto n_non_targets = dice.between(0, 3);
  for (std::int64_t k = 0; k < n_non_targets; ++k) {
    Lesion l;
    l.id = "NT" + std::to_string(k + 1);
    l.role = LesionRole::NonTarget;
    l.site = dice.pick(kNonTargetSites);
    l.nodal = l.site == "LYMPH NODE";
    Course c{static_cast<std::uint32_t>(t.lesions.size())};
    Observation o{c.lesion, LesionStatus::Present, std::nullopt, {}};
    if (l.nodal) {  // R2: a pathological node, 10 to < 15 mm, with its short axis
      c.size = as_recorded(dice, dice.between(1000, 1490));
      o.diameter = hundredths(c.size);
    }
    non_targets.push_back(c);
    base.observations.push_back(o);
    t.lesions.push_back(std::move(l));
  }
}

/// The targets at one follow-up: the tumour burden moves by `trend` percent, each lesion by a few
/// more either way; small lesions may vanish and come back.
inline void follow_targets(Dice& dice, const Track& t, std::int64_t trend, std::vector<Course>& targets,
                           Assessment& a) {
  const std::size_t first = a.observations.size();
  for (Course& c : targets) {
    const bool nodal = t.lesions[c.lesion].nodal;
    if (c.size == 0) {
      if (dice.percent(15)) c.size = dice.between(200, 800);  // reappears (R10)
    } else {
      c.size = c.size * (trend + dice.between(-10, 10)) / 100;
      if (nodal && c.size < 400) c.size = 400;  // nodes shrink to normal, rarely vanish
      if (!nodal && c.size < 300) c.size = 0;   // gone
    }
    if (dice.percent(2)) continue;  // no row: not evaluated (R7)
    Observation o{c.lesion, LesionStatus::Measured, std::nullopt, {}};
    const std::int64_t shown = as_recorded(dice, c.size);
    if (dice.percent(2)) {
      o.status = LesionStatus::NotEvaluated;
    } else if (shown == 0) {
      o.status = LesionStatus::Absent;
    } else if (shown < 500 && dice.percent(40)) {
      o.status = LesionStatus::TooSmall;
    } else if (shown >= 1000 && dice.percent(4)) {  // split in 2 or 3 (R7: the pieces add up)
      o.status = LesionStatus::Fragment;
      std::int64_t left = shown;
      for (auto pieces = dice.between(2, 3); pieces > 1; --pieces) {
        const std::int64_t piece = dice.between(100, left / pieces);
        o.fragments.push_back(hundredths(piece));
        left -= piece;
      }
      o.fragments.push_back(hundredths(left));
      o.diameter = hundredths(shown);
    } else {
      o.diameter = hundredths(shown);
    }
    a.observations.push_back(std::move(o));
  }
  // Now and then a measured target merges into another, which then carries both (R7).
  std::vector<std::size_t> measured;
  for (std::size_t i = first; i < a.observations.size(); ++i)
    if (a.observations[i].status == LesionStatus::Measured) measured.push_back(i);
  if (measured.size() >= 2 && dice.percent(4)) {
    Observation& from = a.observations[measured[0]];
    Observation& into = a.observations[measured[1]];
    into.diameter = *into.diameter + *from.diameter;
    from.status = LesionStatus::Merged;
    from.diameter.reset();
  }
}

/// The non-targets at one follow-up: they come and go, more often gone when the tumour shrinks.
inline void follow_non_targets(Dice& dice, const Track& t, std::int64_t trend, std::vector<Course>& non_targets,
                               Assessment& a) {
  for (Course& c : non_targets) {
    if (c.present ? dice.percent(trend < 80 ? 30 : 10) : dice.percent(trend < 80 ? 5 : 15)) c.present = !c.present;
    if (dice.percent(2)) continue;  // no row: not evaluated (R11)
    Observation o{c.lesion, LesionStatus::Present, std::nullopt, {}};
    if (dice.percent(3)) {
      o.status = LesionStatus::NotEvaluated;
    } else if (dice.percent(2)) {
      o.status = LesionStatus::Progression;
    } else if (!c.present) {
      o.status = LesionStatus::Absent;
    } else if (t.lesions[c.lesion].nodal) {  // a node's short axis, which may fall below 10 mm
      c.size = std::max<std::int64_t>(300, c.size * dice.between(80, 120) / 100);
      o.diameter = hundredths(as_recorded(dice, c.size));
    }
    a.observations.push_back(o);
  }
}

/// New lesions (R12): one may appear at any follow-up, equivocal or not; an equivocal one may be
/// seen again, equivocal or now unequivocal, or not recorded.
inline void follow_new_lesions(Dice& dice, Track& t, std::vector<std::pair<std::uint32_t, bool>>& news, Assessment& a) {
  for (auto& [lesion, equivocal] : news) {
    if (dice.percent(equivocal ? 25 : 40)) continue;  // no row
    if (equivocal && dice.percent(50)) equivocal = false;
    a.observations.push_back(
        {lesion, equivocal ? LesionStatus::Equivocal : LesionStatus::Unequivocal, std::nullopt, {}});
  }
  if (!dice.percent(5)) return;
  // Mostly one; at times a cluster of three in one organ, all measured, more than iRECIST's two
  // new-lesion targets per organ can take at once (which of them are is then the largest).
  const bool cluster = dice.percent(20);
  const std::string_view site = dice.pick(kNewSites);
  for (int n = 0; n < (cluster ? 3 : 1); ++n) {
    Lesion l;
    l.id = "N" + std::to_string(news.size() + 1);
    l.role = LesionRole::New;
    l.site = cluster ? std::string(site) : std::string(dice.pick(kNewSites));
    l.nodal = l.site == "LYMPH NODE";
    const auto index = static_cast<std::uint32_t>(t.lesions.size());
    t.lesions.push_back(std::move(l));
    const bool equivocal = !cluster && dice.percent(40);
    news.emplace_back(index, equivocal);
    Observation o{index, equivocal ? LesionStatus::Equivocal : LesionStatus::Unequivocal, std::nullopt, {}};
    if (cluster || dice.percent(30)) o.diameter = hundredths(as_recorded(dice, dice.between(500, 2000)));
    a.observations.push_back(o);
  }
}

}  // namespace generator_detail

/// A random valid measured track of `subject`, from the seed of `dice`.
inline Track generate_track(Dice& dice, std::string subject) {
  using namespace generator_detail;
  Track t;
  t.subject = std::move(subject);
  t.reader = dice.percent(70) ? "INVESTIGATOR" : "BICR";
  Date date = Date::from_days(20089 + static_cast<std::int32_t>(dice.between(0, 365)));  // 2025
  if (dice.percent(50))
    t.start_date = Date::from_days(date.days_since_epoch() + static_cast<std::int32_t>(dice.between(0, 21)));

  std::vector<Course> targets, non_targets;
  std::vector<std::pair<std::uint32_t, bool>> news;  // lesion, still equivocal
  Assessment& base = t.assessments.emplace_back();
  base.date = date;
  base.visit = "BASELINE";
  make_baseline(dice, t, base, targets, non_targets);

  // A course of treatment: responding, stable or growing, which may turn at any follow-up.
  static constexpr std::int64_t kTrends[] = {50, 60, 70, 80, 90, 100, 100, 110, 120};
  std::int64_t trend = dice.pick(kTrends);
  const auto follow_ups = dice.between(0, 8);
  for (std::int64_t k = 1; k <= follow_ups; ++k) {
    // Mostly the protocol's 6 ± 1 weeks to 9 weeks; sometimes an early, unscheduled scan.
    date = Date::from_days(date.days_since_epoch() +
                           static_cast<std::int32_t>(dice.percent(90) ? dice.between(35, 63) : dice.between(14, 34)));
    if (dice.percent(25)) trend = dice.pick(kTrends);
    Assessment a;
    a.date = date;
    if (dice.percent(90)) a.visit = "FU" + std::to_string(k);
    if (dice.percent(30)) a.reported = dice.pick(kCodes);
    follow_targets(dice, t, trend, targets, a);
    follow_non_targets(dice, t, trend, non_targets, a);
    follow_new_lesions(dice, t, news, a);
    // A scan with no row at all would not be in a file: record the first target as NE.
    if (a.observations.empty()) a.observations.push_back({targets.front().lesion, LesionStatus::NotEvaluated, {}, {}});
    t.assessments.push_back(std::move(a));
  }
  return t;
}

}  // namespace recist::testing
