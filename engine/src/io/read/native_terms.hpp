#pragma once
// The vocabulary of the native files (SPEC 4.1), shared by the native CSV and XML readers and
// writers: the controlled terms of the role, method, irradiated and status fields, and what a
// (role, status, diameter) triple means as an Observation (R7, R11, R12).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "reader_support.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/date.hpp"
#include "recist/lesion.hpp"
#include "recist/millimetres.hpp"
#include "recist/response.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// A `status` as written, before the lesion's role tells what it means.
enum class RawStatus : std::uint8_t {
  Blank, Absent, TooSmall, Fragment, Merged, NE, Present, PD, Unequivocal, Equivocal, Increased };

inline constexpr std::string_view kStatusExpected =
    "expected blank, ABSENT, TOO_SMALL, FRAGMENT, MERGED, NE (targets), PRESENT, ABSENT, PD, NE "
    "(non-targets), UNEQUIVOCAL or EQUIVOCAL (new lesions)";
/// Without iRECIST's NEW_TARGET and NEW_NON_TARGET (and, above, INCREASED and a new lesion's
/// ABSENT): the messages stay as they were before iRECIST (issue 19), byte for byte.
inline constexpr std::string_view kRoleExpected = "expected TARGET, NON-TARGET or NEW";
inline constexpr std::string_view kMethodExpected = "expected CT, MRI, XRAY or CALIPER";
inline constexpr std::string_view kIrradiatedExpected = "expected N, Y or Y_PROGRESSED";

/// The terms below are read case-insensitively (SPEC 4.1); nullopt for anything else.
std::optional<LesionRole> parse_role(std::string_view v);
/// iRECIST's roles of a new lesion, NEW_TARGET and NEW_NON_TARGET (role NEW, Seymour 2017 table 1).
std::optional<NewLesionRole> parse_new_role(std::string_view v);
std::optional<Method> parse_method(std::string_view v);
std::optional<Irradiation> parse_irradiated(std::string_view v);
std::optional<RawStatus> parse_status(std::string_view v);
/// The status as written ("" for Blank).
std::string_view to_string(RawStatus s);

/// The observation that `status` and `diameter` record for a lesion of `role`, or nullopt with
/// `why` set; `about_diameter` then says whether the diameter (else the status) is at fault.
/// A FRAGMENT observation holds the one fragment given.
std::optional<Observation> observation_of(RawStatus status, const std::optional<Millimetres>& diameter, LesionRole role,
                                          std::string* why, bool* about_diameter);

/// observation_of() for an observation of a declared lesion (XML, JSON), whose FRAGMENT holds all
/// its pieces at once: `diameter` is the first piece, the others in `fragments` from index 1 are
/// added to it (R7). Its lesion is `lesion`.
std::optional<Observation> declared_observation(RawStatus status, const std::optional<Millimetres>& diameter,
                                                std::span<const Millimetres> fragments, LesionRole role,
                                                std::uint32_t lesion, std::string* why, bool* about_diameter);

/// What observation_of() makes of a (role, status) pair, for fill_observation().
struct ObservationRule {
  enum Kind : std::uint8_t {
    kOther,        ///< Not for fill_observation(): FRAGMENT, or a status the role does not take.
    kKeep,         ///< The diameter as given, if any.
    kNeed,         ///< The diameter as given, which must be.
    kZeroOrNone,   ///< No diameter, the one given (if any) being 0.
    kNone,         ///< No diameter, whatever was given.
  };
  LesionStatus status = LesionStatus::Measured;
  Kind kind = kOther;
};

/// The rules of observation_of() by role and status (R7, R11, R12).
inline constexpr auto kObservationRules = [] {
  using S = RawStatus;
  using L = LesionStatus;
  using R = ObservationRule;
  std::array<std::array<ObservationRule, 11>, 3> t{};
  auto set = [&](LesionRole role, S s, L status, R::Kind kind) {
    t[static_cast<int>(role)][static_cast<int>(s)] = R{status, kind};
  };
  set(LesionRole::Target, S::Blank, L::Measured, R::kNeed);
  set(LesionRole::Target, S::Absent, L::Absent, R::kZeroOrNone);
  set(LesionRole::Target, S::Merged, L::Merged, R::kZeroOrNone);
  set(LesionRole::Target, S::TooSmall, L::TooSmall, R::kNone);
  set(LesionRole::Target, S::NE, L::NotEvaluated, R::kNone);
  set(LesionRole::NonTarget, S::Blank, L::Present, R::kKeep);
  set(LesionRole::NonTarget, S::Present, L::Present, R::kKeep);
  set(LesionRole::NonTarget, S::Absent, L::Absent, R::kKeep);
  set(LesionRole::NonTarget, S::PD, L::Progression, R::kKeep);
  set(LesionRole::NonTarget, S::NE, L::NotEvaluated, R::kKeep);
  set(LesionRole::New, S::Blank, L::Unequivocal, R::kKeep);
  set(LesionRole::New, S::Unequivocal, L::Unequivocal, R::kKeep);
  set(LesionRole::New, S::Equivocal, L::Equivocal, R::kKeep);
  // iRECIST (the FAQ's "further increase from the last assessment"; a new lesion gone).
  set(LesionRole::NonTarget, S::Increased, L::Increased, R::kKeep);
  set(LesionRole::New, S::Increased, L::Increased, R::kKeep);
  set(LesionRole::New, S::Absent, L::Absent, R::kZeroOrNone);
  return t;
}();

/// observation_of() for the usual rows, into `o` (a new Observation) without a copy: false, with
/// `o` partly set, for a FRAGMENT row and for any row observation_of() does not accept. The rule
/// is looked up rather than branched on (the roles of a track's rows alternate).
inline bool fill_observation(RawStatus status, const std::optional<Millimetres>& diameter, LesionRole role,
                             Observation* o) {
  const ObservationRule rule = kObservationRules[static_cast<int>(role)][static_cast<int>(status)];
  const bool has = diameter.has_value();
  const Millimetres value = diameter.value_or(Millimetres());
  const bool keep = rule.kind == ObservationRule::kKeep || rule.kind == ObservationRule::kNeed;
  o->status = rule.status;
  if (keep) o->diameter = diameter;  // a branch on the rule, not on the (alternating) diameter
  return (rule.kind != ObservationRule::kOther) & !(rule.kind == ObservationRule::kNeed && !has) &
         !(rule.kind == ObservationRule::kZeroOrNone && has && !value.is_zero());
}

/// A lesion's baseline attribute `column` (kRole, kSite, kNode, kMethod, kSlice or kIrradiated)
/// from its trimmed, non-empty text `v`, read as the CSV reader reads it: false, with the CSV
/// reader's message in `why` ("\"v\": expected …"), when the text is not one of the column's values.
/// Shared by the native readers whose lesions are declared (XML, JSON).
bool set_lesion_attribute(MeasurementColumn column, std::string_view v, Lesion* lesion, std::string* why);

/// Numbers the lesions of `track` in order of first observation (assessments sorted by date), as
/// the CSV reader numbers them, so that a declared track and its CSV conversion are the same
/// track; lesions never observed are dropped (the CSV could not hold them).
void number_lesions_by_first_observation(Track* track);

/// One recorded time point as read (SPEC 4.2), before its track is checked.
struct RecordedRow {
  std::int64_t line = 0;
  Date date;
  std::optional<Response> response;  ///< Blank only on a baseline row.
  std::optional<Date> start;
  std::string visit;
  std::optional<IResponse> iresponse = std::nullopt;  ///< An iRECIST code in `response` (then `response` is null).
};

/// Builds the recorded track of `subject` and `reader` from its rows in input order (SPEC 4.2):
/// sorted by date, one row per date, a blank response only on the earliest (baseline) row, one
/// start_date, and a start_date or a baseline row. Reports every problem (columns `date`,
/// `response`, `start_date`) to `errors`, at `line` (the track's own line) when there is no row;
/// false if any.
bool build_recorded_track(const std::string& subject, const std::string& reader, std::int64_t line,
                          std::vector<RecordedRow>& rows, ErrorSink& errors, RecordedTrack* out);

}  // namespace recist::io
