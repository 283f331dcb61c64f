// The vocabulary of the SDTM input; see sdtm_terms.hpp.
#include "sdtm_terms.hpp"

#include "reader_support.hpp"

namespace recist::io {

std::string reader_of(std::string_view eval, std::string_view evalid) {
  if (!evalid.empty()) return std::string(evalid);
  if (!eval.empty()) return std::string(eval);
  return "INVESTIGATOR";
}

std::optional<std::string> canonical_number(std::string_view v) {
  std::string s(v);
  if (!s.empty() && s.front() == '+') s.erase(0, 1);
  const std::size_t digits_from = !s.empty() && s.front() == '-' ? 1 : 0;
  bool digit = false, dot = false;
  for (std::size_t i = digits_from; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9')
      digit = true;
    else if (s[i] == '.' && !dot)
      dot = true;
    else
      return std::nullopt;
  }
  if (!digit) return std::nullopt;
  if (dot) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return s;
}

std::optional<Date> parse_dtc(std::string_view v, std::string* why) {
  if (v.size() > 10 && v[10] == 'T') v = v.substr(0, 10);
  if (v.size() < 10 && !v.empty() && v.find_first_not_of("0123456789-") == std::string_view::npos) {
    *why = "a partial date: a complete date YYYY-MM-DD was expected (partial dates are not imputed)";
    return std::nullopt;
  }
  return parse_date(v, why);
}

std::optional<Date> impute_last_day(std::string_view v) {
  if (v.size() != 7 || v[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  for (std::size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (v[i] < '0' || v[i] > '9') return std::nullopt;
    (i < 4 ? year : month) = (i < 4 ? year : month) * 10 + (v[i] - '0');
  }
  if (month < 1 || month > 12) return std::nullopt;
  const std::optional<Date> next = month == 12 ? Date::from_ymd(year + 1, 1, 1) : Date::from_ymd(year, month + 1, 1);
  if (!next) return std::nullopt;
  return Date::from_days(next->days_since_epoch() - 1);
}

std::optional<Millimetres> round_hundredths(std::string_view v) {
  const std::size_t dot = v.find('.');
  const std::string_view whole = v.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view() : v.substr(dot + 1);
  if (whole.empty() || whole.size() > 12) return std::nullopt;
  std::int64_t h = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    h = h * 10 + (c - '0');
  }
  for (std::size_t i = 0; i < 3; ++i) {
    const char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    if (i < 2)
      h = h * 10 + (c - '0');
    else if (c >= '5')
      ++h;
  }
  for (std::size_t i = 3; i < frac.size(); ++i)
    if (frac[i] < '0' || frac[i] > '9') return std::nullopt;
  return Millimetres::from_hundredths(h);
}

std::optional<Method> parse_sdtm_method(std::string_view v) {
  const std::string up = upper(v);
  if (up == "CT SCAN" || up == "CT") return Method::CT;
  if (up == "MRI") return Method::MRI;
  if (up == "X-RAY" || up == "CHEST X-RAY" || up == "XRAY") return Method::XRay;
  if (up == "CALIPER" || up == "PHYSICAL EXAMINATION" || up == "PHOTOGRAPHY") return Method::Caliper;
  return std::nullopt;
}

std::string_view name_of(TrValue v) {
  switch (v) {
    case TrValue::None:
      return "nothing";
    case TrValue::Number:
      return "a diameter";
    case TrValue::TooSmall:
      return "TOO SMALL TO MEASURE";
    case TrValue::Merged:
      return "MERGED";
    case TrValue::NotDone:
      return "NOT DONE";
    case TrValue::Present:
      return "PRESENT";
    case TrValue::Absent:
      return "ABSENT";
    case TrValue::Progression:
      return "UNEQUIVOCAL PROGRESSION";
    case TrValue::Equivocal:
      return "EQUIVOCAL";
  }
  return "";
}

std::optional<TrValue> state_value(TrTest test, const std::string& up) {
  if (up == "NOT EVALUABLE" || up == "NE") return TrValue::NotDone;
  if (up == "UNEQUIVOCAL PROGRESSION") return TrValue::Progression;
  if (test == TrTest::TumState) {
    if (up == "PRESENT") return TrValue::Present;
    if (up == "ABSENT") return TrValue::Absent;
    if (up == "UNEQUIVOCAL" || up == "PD") return TrValue::Progression;
    if (up == "EQUIVOCAL") return TrValue::Equivocal;
  } else {
    if (up == "PATHOLOGICAL") return TrValue::Present;
    if (up == "NON-PATHOLOGICAL" || up == "NONPATHOLOGICAL") return TrValue::Absent;
  }
  return std::nullopt;
}

}  // namespace recist::io
