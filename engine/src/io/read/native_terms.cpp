#include "native_terms.hpp"

#include <algorithm>

namespace recist::io {
namespace {

constexpr std::string_view kStatusNames[] = {"",   "ABSENT",  "TOO_SMALL", "FRAGMENT",    "MERGED",
                                             "NE", "PRESENT", "PD",        "UNEQUIVOCAL", "EQUIVOCAL", "INCREASED"};

}  // namespace

std::optional<LesionRole> parse_role(std::string_view v) {
  if (is_upper_word(v, "TARGET")) return LesionRole::Target;
  if (is_upper_word(v, "NON-TARGET")) return LesionRole::NonTarget;
  if (is_upper_word(v, "NEW")) return LesionRole::New;
  return std::nullopt;
}

std::optional<NewLesionRole> parse_new_role(std::string_view v) {
  if (is_upper_word(v, "NEW_TARGET")) return NewLesionRole::Target;
  if (is_upper_word(v, "NEW_NON_TARGET")) return NewLesionRole::NonTarget;
  return std::nullopt;
}

std::optional<Method> parse_method(std::string_view v) {
  if (is_upper_word(v, "CT")) return Method::CT;
  if (is_upper_word(v, "MRI")) return Method::MRI;
  if (is_upper_word(v, "XRAY")) return Method::XRay;
  if (is_upper_word(v, "CALIPER")) return Method::Caliper;
  return std::nullopt;
}

std::optional<Irradiation> parse_irradiated(std::string_view v) {
  if (is_upper_word(v, "N")) return Irradiation::No;
  if (is_upper_word(v, "Y")) return Irradiation::Yes;
  if (is_upper_word(v, "Y_PROGRESSED")) return Irradiation::YesProgressed;
  return std::nullopt;
}

std::optional<RawStatus> parse_status(std::string_view v) {
  // By length first: at most three names have the same.
  auto either = [&](RawStatus a, RawStatus b) -> std::optional<RawStatus> {
    if (is_upper_word(v, to_string(a))) return a;
    if (is_upper_word(v, to_string(b))) return b;
    return std::nullopt;
  };
  switch (v.size()) {
    case 0: return RawStatus::Blank;
    case 2: return either(RawStatus::NE, RawStatus::PD);
    case 6: return either(RawStatus::Absent, RawStatus::Merged);
    case 7: return either(RawStatus::Present, RawStatus::Present);
    case 8: return either(RawStatus::Fragment, RawStatus::Fragment);
    case 9:
      if (auto s = either(RawStatus::TooSmall, RawStatus::Equivocal)) return s;
      return either(RawStatus::Increased, RawStatus::Increased);
    case 11: return either(RawStatus::Unequivocal, RawStatus::Unequivocal);
    default: return std::nullopt;
  }
}

std::string_view to_string(RawStatus s) {
  return kStatusNames[static_cast<int>(s)];
}

std::optional<Observation> observation_of(RawStatus status, const std::optional<Millimetres>& diameter, LesionRole role,
                                          std::string* why, bool* about_diameter) {
  Observation o;
  o.diameter = diameter;
  *about_diameter = false;
  const std::string_view name = to_string(status);  // only in the messages
  switch (role) {
    case LesionRole::Target:  // R7
      switch (status) {
        case RawStatus::Blank:
          o.status = LesionStatus::Measured;
          if (!diameter) {
            *about_diameter = true;
            *why =
                "empty: a measured target needs diameter_mm (or a status ABSENT, TOO_SMALL, FRAGMENT, "
                "MERGED or NE)";
            return std::nullopt;
          }
          return o;
        case RawStatus::Absent:
        case RawStatus::Merged:
          o.status = status == RawStatus::Absent ? LesionStatus::Absent : LesionStatus::Merged;
          if (diameter && !diameter->is_zero()) {
            *about_diameter = true;
            *why = "a target with status " + std::string(name) + " counts 0 mm; found diameter " + diameter->to_string();
            return std::nullopt;
          }
          o.diameter.reset();
          return o;
        case RawStatus::TooSmall:
          o.status = LesionStatus::TooSmall;
          o.diameter.reset();
          return o;
        case RawStatus::Fragment:
          o.status = LesionStatus::Fragment;
          if (!diameter) {
            *about_diameter = true;
            *why = "empty: each FRAGMENT row needs the fragment's diameter_mm";
            return std::nullopt;
          }
          o.fragments.push_back(*diameter);
          return o;
        case RawStatus::NE:
          o.status = LesionStatus::NotEvaluated;
          o.diameter.reset();
          return o;
        default:
          *why = "\"" + std::string(name) + "\" is not a target status: expected blank, ABSENT, TOO_SMALL, FRAGMENT, MERGED or NE";
          return std::nullopt;
      }
    case LesionRole::NonTarget:  // R11
      switch (status) {
        case RawStatus::Blank:
        case RawStatus::Present:
          o.status = LesionStatus::Present;
          return o;
        case RawStatus::Absent:
          o.status = LesionStatus::Absent;
          return o;
        case RawStatus::PD:
          o.status = LesionStatus::Progression;
          return o;
        case RawStatus::Increased:
          o.status = LesionStatus::Increased;
          return o;
        case RawStatus::NE:
          o.status = LesionStatus::NotEvaluated;
          return o;
        default:
          *why = "\"" + std::string(name) + "\" is not a non-target status: expected PRESENT, ABSENT, PD or NE";
          return std::nullopt;
      }
    case LesionRole::New:  // R12
      switch (status) {
        case RawStatus::Blank:
        case RawStatus::Unequivocal:
          o.status = LesionStatus::Unequivocal;
          return o;
        case RawStatus::Equivocal:
          o.status = LesionStatus::Equivocal;
          return o;
        case RawStatus::Increased:
          o.status = LesionStatus::Increased;
          return o;
        case RawStatus::Absent:
          o.status = LesionStatus::Absent;
          if (diameter && !diameter->is_zero()) {
            *about_diameter = true;
            *why = "a new lesion with status ABSENT counts 0 mm; found diameter " + diameter->to_string();
            return std::nullopt;
          }
          o.diameter.reset();
          return o;
        default:
          *why = "\"" + std::string(name) + "\" is not a new-lesion status: expected UNEQUIVOCAL or EQUIVOCAL";
          return std::nullopt;
      }
  }
  return std::nullopt;
}

std::optional<Observation> declared_observation(RawStatus status, const std::optional<Millimetres>& diameter,
                                                std::span<const Millimetres> fragments, LesionRole role,
                                                std::uint32_t lesion, std::string* why, bool* about_diameter) {
  auto obs = observation_of(status, diameter, role, why, about_diameter);
  if (!obs) return obs;
  obs->lesion = lesion;
  for (std::size_t i = 1; i < fragments.size(); ++i) {  // R7: fragments add up
    obs->diameter = *obs->diameter + fragments[i];
    obs->fragments.push_back(fragments[i]);
  }
  return obs;
}

bool set_lesion_attribute(MeasurementColumn column, std::string_view v, Lesion* lesion, std::string* why) {
  auto expected = [&](std::string_view what) {
    *why = "\"" + std::string(v) + "\": " + std::string(what);
    return false;
  };
  switch (column) {
    case kRole:
      if (auto r = parse_role(v)) {
        lesion->role = *r;
      } else if (auto nr = parse_new_role(v)) {  // iRECIST (Seymour 2017, table 1)
        lesion->role = LesionRole::New;
        lesion->new_role = *nr;
      } else {
        return expected(kRoleExpected);
      }
      return true;
    case kSite:
      lesion->site = upper(v);
      return true;
    case kNode:
      if (is_upper_word(v, "Y") || is_upper_word(v, "N")) {
        lesion->nodal = is_upper_word(v, "Y");
        return true;
      }
      return expected("expected Y or N");
    case kMethod:
      if (auto m = parse_method(v)) {
        lesion->method = *m;
        return true;
      }
      return expected(kMethodExpected);
    case kSlice:
      lesion->slice_thickness = millimetres_field(v, why);
      return lesion->slice_thickness.has_value();
    case kIrradiated:
      if (auto i = parse_irradiated(v)) {
        lesion->irradiation = *i;
        return true;
      }
      return expected(kIrradiatedExpected);
    default:
      return expected("not a lesion attribute");
  }
}

void number_lesions_by_first_observation(Track* track) {
  constexpr std::uint32_t kUnseen = static_cast<std::uint32_t>(-1);
  std::vector<std::uint32_t> renumber(track->lesions.size(), kUnseen);
  std::vector<Lesion> lesions;
  for (Assessment& a : track->assessments) {
    for (Observation& o : a.observations) {
      if (renumber[o.lesion] == kUnseen) {
        renumber[o.lesion] = static_cast<std::uint32_t>(lesions.size());
        lesions.push_back(track->lesions[o.lesion]);
      }
      o.lesion = renumber[o.lesion];
    }
  }
  track->lesions = std::move(lesions);
}

bool build_recorded_track(const std::string& subject, const std::string& reader, std::int64_t line,
                          std::vector<RecordedRow>& rows, ErrorSink& errors, RecordedTrack* out) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const RecordedRow& a, const RecordedRow& b) { return a.date < b.date; });
  RecordedTrack& t = *out;
  t.subject = subject;
  t.reader = reader;
  bool ok = true;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RecordedRow& r = rows[i];
    if (r.start) {
      if (t.start_date && *t.start_date != *r.start) {
        errors.add(r.line, "start_date",
                   "\"" + r.start->to_string() + "\" differs from " + t.start_date->to_string() +
                       ": one start_date per subject was expected",
                   subject);
        ok = false;
      }
      t.start_date = r.start;
    }
    if (i > 0 && rows[i - 1].date == r.date) {
      errors.add(r.line, "date",
                 "a second response for " + subject + " on " + r.date.to_string() + " (first on line " +
                     std::to_string(rows[i - 1].line) + ")",
                 subject);
      ok = false;
      continue;
    }
    if (!r.response && !r.iresponse) {
      if (i == 0) {
        t.baseline_date = r.date;
        continue;
      }
      errors.add(r.line, "response",
                 "empty: only the earliest (baseline) time point of a track may have a blank response", subject);
      ok = false;
      continue;
    }
    t.timepoints.push_back(RecordedTimepoint{r.date, r.visit, r.response, r.iresponse});
  }
  if (!t.start_date && !t.baseline_date) {
    errors.add(rows.empty() ? line : rows.front().line, "start_date",
               "track " + subject + "/" + reader +
                   " has neither a start_date nor a baseline row with a blank response (SPEC 4.2)",
               subject);
    ok = false;
  }
  return ok;
}

}  // namespace recist::io
