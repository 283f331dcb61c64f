// The text of the enumerations: the codes of SPEC §1 and §4.1.
#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <string>

#include "recist/lesion.hpp"
#include "recist/response.hpp"
#include "recist/result.hpp"

namespace recist {

namespace {

/// The text of enumerator `e` in `texts`, "?" for a value outside the enumeration.
template <typename E, std::size_t N>
std::string_view text_of(E e, const std::string_view (&texts)[N]) {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? texts[i] : "?";
}

}  // namespace

std::string_view to_string(Response r) { return text_of(r, detail::kResponseTexts); }

namespace {
/// The one of `codes` whose text is `text`, in any case.
std::optional<Response> parse_one_of(std::string_view text, std::initializer_list<Response> codes) {
  std::string up(text);
  std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
  for (Response r : codes) {
    if (up == to_string(r)) return r;
  }
  return std::nullopt;
}
}  // namespace

std::optional<Response> parse_response(std::string_view text) {
  return parse_one_of(text, {Response::CR, Response::PR, Response::SD, Response::NonCrNonPd, Response::PD,
                             Response::NE, Response::NA});
}

std::optional<Response> parse_admiralonco_response(std::string_view text) {
  return parse_one_of(text, {Response::ND, Response::Missing});
}

std::string_view to_string(NewLesions n) { return text_of(n, detail::kNewLesionTexts); }

namespace {
/// iRECIST's codes (Seymour 2017, table 2), indexed by IResponse.
constexpr std::string_view kIResponseTexts[] = {"iCR", "iPR", "iSD", "NON-iCR/NON-iUPD", "iUPD", "iCPD", "iNE"};
}  // namespace

std::string_view to_string(IResponse r) { return text_of(r, kIResponseTexts); }

std::optional<IResponse> parse_iresponse(std::string_view text) {
  auto upper = [](std::string_view s) {
    std::string up(s);
    std::transform(up.begin(), up.end(), up.begin(), [](unsigned char c) { return std::toupper(c); });
    return up;
  };
  const std::string up = upper(text);
  for (std::size_t i = 0; i < std::size(kIResponseTexts); ++i)
    if (up == upper(kIResponseTexts[i])) return static_cast<IResponse>(i);
  return std::nullopt;
}

std::string_view to_string(LesionRole r) {
  switch (r) {
    case LesionRole::Target: return "TARGET";
    case LesionRole::NonTarget: return "NON-TARGET";
    case LesionRole::New: return "NEW";
  }
  return "?";
}

std::string_view role_term(const Lesion& lesion) {
  if (lesion.role == LesionRole::New && lesion.new_role == NewLesionRole::Target) return "NEW_TARGET";
  if (lesion.role == LesionRole::New && lesion.new_role == NewLesionRole::NonTarget) return "NEW_NON_TARGET";
  return to_string(lesion.role);
}

std::string_view to_string(Irradiation i) {
  switch (i) {
    case Irradiation::No: return "N";
    case Irradiation::Yes: return "Y";
    case Irradiation::YesProgressed: return "Y_PROGRESSED";
  }
  return "?";
}

std::string_view to_string(Method m) {
  switch (m) {
    case Method::CT: return "CT";
    case Method::MRI: return "MRI";
    case Method::XRay: return "XRAY";
    case Method::Caliper: return "CALIPER";
  }
  return "?";
}

std::string_view to_string(LesionStatus s) {
  switch (s) {
    case LesionStatus::Measured: return "";
    case LesionStatus::Absent: return "ABSENT";
    case LesionStatus::TooSmall: return "TOO_SMALL";
    case LesionStatus::Fragment: return "FRAGMENT";
    case LesionStatus::Merged: return "MERGED";
    case LesionStatus::NotEvaluated: return "NE";
    case LesionStatus::Present: return "PRESENT";
    case LesionStatus::Progression: return "PD";
    case LesionStatus::Unequivocal: return "UNEQUIVOCAL";
    case LesionStatus::Equivocal: return "EQUIVOCAL";
    case LesionStatus::Increased: return "INCREASED";
  }
  return "?";
}

std::string_view to_string(Severity s) { return s == Severity::Error ? "error" : "warning"; }

bool TrackResult::has_error_finding() const {
  auto is_error = [](const Finding& f) { return f.severity == Severity::Error; };
  return std::any_of(findings.begin(), findings.end(), is_error) ||
         std::any_of(best.findings.begin(), best.findings.end(), is_error);
}

}  // namespace recist
