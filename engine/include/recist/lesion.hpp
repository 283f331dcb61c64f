#pragma once
// A lesion as identified at baseline (or first seen, for a new lesion), and what was observed of
// it at one assessment. Value types, thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recist/millimetres.hpp"

namespace recist {

/// The role fixed when a lesion is first recorded (SPEC §1).
enum class LesionRole { Target, NonTarget, New };

/// iRECIST (Seymour 2017, table 1): a NEW lesion's own role, when the reader recorded it
/// (`NEW_TARGET`, `NEW_NON_TARGET`); else the engine classifies it by measurability. RECIST 1.1
/// reads every one as NEW.
enum class NewLesionRole : std::uint8_t { Unassigned, Target, NonTarget };

/// Previous radiotherapy of the lesion (R4).
enum class Irradiation { No, Yes, YesProgressed };

/// How the lesion was measured (R1).
enum class Method { CT, MRI, XRay, Caliper };

/// One lesion of a track: its identity and baseline attributes.
struct Lesion {
  std::string id;
  LesionRole role = LesionRole::Target;
  std::string site;  ///< Organ, upper case ("LIVER", "LUNG", "LYMPH NODE", "BRAIN").
  bool nodal = false;
  Irradiation irradiation = Irradiation::No;
  Method method = Method::CT;
  std::optional<Millimetres> slice_thickness;  ///< CT/MRI slice thickness, when recorded.
  NewLesionRole new_role = NewLesionRole::Unassigned;  ///< iRECIST only; role is New.
};

/// What was recorded of a lesion at one assessment (R7, R11, R12).
enum class LesionStatus {
  Measured,      ///< Target or nodal non-target with a diameter.
  Absent,        ///< Disappeared (0 mm).
  TooSmall,      ///< Target present but too small to measure (profile `too_small_mm`).
  Fragment,      ///< Target split: the diameters of all fragments add up.
  Merged,        ///< Target coalesced into another target, which carries the diameter (0 mm).
  NotEvaluated,  ///< Explicit NE.
  Present,       ///< Non-target present.
  Progression,   ///< Non-target unequivocal progression.
  Unequivocal,   ///< New lesion, unequivocal.
  Equivocal,     ///< New lesion, equivocal.
  /// iRECIST: a non-target or new lesion grew further since the last assessment (the iRECIST
  /// FAQ's "INCLA"); RECIST 1.1 reads it as PD (non-target) or UNEQUIVOCAL (new lesion).
  Increased,
};

/// A non-target's unequivocal progression (R11): PD, or iRECIST's further increase.
constexpr bool is_progression(LesionStatus s) { return s == LesionStatus::Progression || s == LesionStatus::Increased; }
/// An unequivocal new lesion (R12): UNEQUIVOCAL, or iRECIST's further increase.
constexpr bool is_unequivocal(LesionStatus s) { return s == LesionStatus::Unequivocal || s == LesionStatus::Increased; }

/// One lesion at one assessment.
struct Observation {
  std::uint32_t lesion = 0;  ///< Index into Track::lesions.
  LesionStatus status = LesionStatus::Measured;
  std::optional<Millimetres> diameter;  ///< For a FRAGMENT: the sum of the fragments.
  std::vector<Millimetres> fragments;   ///< For a FRAGMENT: each fragment's diameter, in input order.
};

std::string_view to_string(LesionRole r);
/// "NEW_TARGET", "NEW_NON_TARGET", or to_string(role) when unassigned.
std::string_view role_term(const Lesion& lesion);
std::string_view to_string(Irradiation i);
std::string_view to_string(Method m);
std::string_view to_string(LesionStatus s);

}  // namespace recist
