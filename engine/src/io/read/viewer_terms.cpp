// The concept codes, units and the one rounding shared by the viewer readers (issue 33; README
// "From the viewer"). Codes are matched by value among the SNOMED schemes (SCT, and the older SRT
// and SNM3): their value spaces do not overlap, and real files label SCT values with SRT.
#include "io/read/viewer_terms.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace recist::io {

std::string_view to_string(LengthKind k) {
  switch (k) {
    case LengthKind::LongAxis:
      return "Long Axis";
    case LengthKind::ShortAxis:
      return "Short Axis";
    case LengthKind::Length:
      return "Length";
    case LengthKind::Diameter:
      return "Diameter";
  }
  return "Length";
}

namespace viewer {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool snomed(std::string_view scheme) {
  const std::string s = lower(trim(scheme));
  return s == "sct" || s == "srt" || s == "snm3" || s == "snomed" || s == "snomed-ct" || s == "snomed ct";
}

struct LengthCode {
  std::string_view value;
  LengthKind kind;
};

// TID 1410/1411 (SCT), their SRT predecessors (dcmjs, PixelMed, ePAD), and the AIM toolkit's G-A22A.
constexpr std::array<LengthCode, 10> kLengthCodes{{
    {"103339001", LengthKind::LongAxis},
    {"G-A185", LengthKind::LongAxis},
    {"103340004", LengthKind::ShortAxis},
    {"G-A186", LengthKind::ShortAxis},
    {"410668003", LengthKind::Length},
    {"G-D7FE", LengthKind::Length},
    {"G-A22A", LengthKind::Length},
    {"81827009", LengthKind::Diameter},
    {"G-D785", LengthKind::Diameter},
    {"131190003", LengthKind::Diameter},
}};

struct SiteCode {
  std::string_view value;  // SCT, SRT or RadLex
  std::string_view organ;
};

constexpr std::array<SiteCode, 24> kSites{{
    {"10200004", "LIVER"},      {"T-62000", "LIVER"},          {"RID58", "LIVER"},           {"39607008", "LUNG"},
    {"T-28000", "LUNG"},        {"RID1301", "LUNG"},           {"15776009", "PANCREAS"},     {"T-65000", "PANCREAS"},
    {"RID170", "PANCREAS"},     {"15497006", "OVARY"},         {"T-87000", "OVARY"},         {"RID290", "OVARY"},
    {"59441001", "LYMPH NODE"}, {"T-C4000", "LYMPH NODE"},     {"RID13296", "LYMPH NODE"},   {"12738006", "BRAIN"},
    {"T-A0100", "BRAIN"},       {"RID6434", "BRAIN"},          {"64033007", "KIDNEY"},       {"T-71000", "KIDNEY"},
    {"RID205", "KIDNEY"},       {"23451007", "ADRENAL GLAND"}, {"T-B3000", "ADRENAL GLAND"}, {"RID88", "ADRENAL GLAND"},
}};

/// What a unit measures; for a length, the power of ten from it to mm.
struct UnitMeaning {
  enum Kind { Length, Area, Volume, Pixel, Other } kind = Other;
  int shift = 0;
};

UnitMeaning unit_meaning(const Code& unit) {
  const std::string v = lower(trim(unit.value));
  const std::string m = lower(trim(unit.meaning));
  if (v == "mm" || v == "millimeter") return {UnitMeaning::Length, 0};
  if (v == "cm" || v == "centimeter") return {UnitMeaning::Length, 1};
  if (v == "m" || v == "meter") return {UnitMeaning::Length, 3};
  if (v == "um" || v == "micrometer") return {UnitMeaning::Length, -3};
  if (v == "px" || m == "px" || m == "pixel" || m == "pixels" || v == "pixel" || v == "pixels")
    return {UnitMeaning::Pixel, 0};
  if (v == "mm2" || v == "cm2" || v == "m2" || v == "um2" || m.find("square") != std::string::npos)
    return {UnitMeaning::Area, 0};
  if (v == "mm3" || v == "cm3" || v == "ml" || v == "l" || m.find("cubic") != std::string::npos)
    return {UnitMeaning::Volume, 0};
  return {};
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' || s.back() == '\0'))
    s.remove_suffix(1);
  return s;
}

std::string item_label(const std::string& position) {
  if (position.empty()) return {};
  return (position.front() == '/' ? position : "content item " + position) + ": ";
}

std::string to_string(const Code& c) {
  return "(" + c.value + "," + c.scheme + ",\"" + c.meaning + "\")";
}

std::optional<LengthKind> length_kind(const Code& name) {
  if (!snomed(name.scheme)) return std::nullopt;
  const std::string_view v = trim(name.value);
  for (const LengthCode& c : kLengthCodes)
    if (c.value == v) return c.kind;
  return std::nullopt;
}

Site site_of(const Code& site) {
  const std::string_view v = trim(site.value);
  for (const SiteCode& c : kSites)
    if (c.value == v) return {std::string(c.organ), c.organ == "LYMPH NODE"};
  std::string organ(trim(site.meaning));
  for (char& c : organ) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  constexpr std::string_view kStructure = " STRUCTURE";  // SCT's "Lung structure"
  if (organ.size() > kStructure.size() && organ.ends_with(kStructure)) organ.resize(organ.size() - kStructure.size());
  const bool nodal = organ.find("LYMPH NODE") != std::string::npos;
  return {nodal ? std::string("LYMPH NODE") : organ, nodal};
}

std::optional<LesionRole> role_of(std::string_view meaning) {
  const std::string m = lower(meaning);
  if (m.find("non-target") != std::string::npos || m.find("nontarget") != std::string::npos ||
      m.find("non target") != std::string::npos)
    return LesionRole::NonTarget;
  if (m.find("new") != std::string::npos) return LesionRole::New;
  if (m.find("target") != std::string::npos) return LesionRole::Target;
  return std::nullopt;
}

std::optional<Millimetres> round_to_hundredths(std::string_view text, int shift, std::string* exact, std::string* why) {
  text = trim(text);
  const auto bad = [&](const std::string& what) -> std::optional<Millimetres> {
    *why = what;
    return std::nullopt;
  };
  if (text.empty()) return bad("empty: expected a decimal number");
  if (text.size() > 64)
    return bad("\"" + std::string(text.substr(0, 64)) + "…\" is too long: expected a decimal number");
  std::size_t i = 0;
  if (text[i] == '-') return bad("\"" + std::string(text) + "\" is negative: expected a length ≥ 0");
  if (text[i] == '+') ++i;
  std::string digits;
  int exponent = 0;
  bool any = false;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, any = true) digits += text[i];
  if (i < text.size() && text[i] == '.')
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, any = true) {
      digits += text[i];
      --exponent;
    }
  if (any && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    int sign = 1;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) sign = text[i++] == '-' ? -1 : 1;
    int e = 0;
    bool edigits = false;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, edigits = true)
      if (e < 1000) e = e * 10 + (text[i] - '0');
    if (!edigits) any = false;
    exponent += sign * e;
  }
  if (!any || i != text.size()) return bad("\"" + std::string(text) + "\" is not a decimal number");
  exponent += shift;
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    digits = "0";
    exponent = 0;
  } else {
    digits.erase(0, first);
  }
  const int whole_digits = static_cast<int>(digits.size()) + exponent;  // digits before the point
  if (digits != "0" && whole_digits > 7)
    return bad("\"" + std::string(text) + "\" is 10 km or longer: expected a lesion length");
  if (digits != "0" && exponent < -60) {  // below 10^-40 mm: zero for every purpose here
    digits = "0";
    exponent = 0;
  }
  // The exact value in mm as decimal text.
  std::string t;
  if (exponent >= 0) {
    t = digits + std::string(static_cast<std::size_t>(exponent), '0');
  } else {
    const std::size_t frac = static_cast<std::size_t>(-exponent);
    std::string padded = digits.size() <= frac ? std::string(frac - digits.size() + 1, '0') + digits : digits;
    t = padded.substr(0, padded.size() - frac) + "." + padded.substr(padded.size() - frac);
    while (t.back() == '0') t.pop_back();
    if (t.back() == '.') t.pop_back();
  }
  *exact = t;
  // Hundredths: digits × 10^(exponent + 2), rounded half away from zero at the dropped digits.
  const int e2 = exponent + 2;
  std::int64_t h = 0;
  if (e2 >= 0) {
    for (char c : digits) h = h * 10 + (c - '0');
    for (int k = 0; k < e2; ++k) h *= 10;
  } else {
    const std::size_t drop = static_cast<std::size_t>(-e2);
    const std::size_t keep = digits.size() > drop ? digits.size() - drop : 0;
    for (std::size_t k = 0; k < keep; ++k) h = h * 10 + (digits[k] - '0');
    const char next = keep < digits.size() && digits.size() - keep == drop ? digits[keep] : '0';
    if (next >= '5') ++h;  // half away from zero: the exact decimal, so a tie is a real tie
  }
  return Millimetres::from_hundredths(h);
}

std::optional<ViewerLength> length_value(const Code& name, LengthKind kind, std::string_view text, const Code& unit,
                                         const std::string& position, std::string* why) {
  const std::string meaning = lower(name.meaning);
  const std::string coded = to_string(name);
  if (meaning.find("area") != std::string::npos || meaning.find("volume") != std::string::npos) {
    *why = coded + " is coded as " + std::string(to_string(kind)) + " but its meaning names " +
           (meaning.find("area") != std::string::npos ? "an area" : "a volume") + " (unit " + to_string(unit) +
           "): refused, not read as a diameter; expected a length in mm or cm";
    return std::nullopt;
  }
  const UnitMeaning u = unit_meaning(unit);
  if (u.kind != UnitMeaning::Length) {
    static constexpr std::string_view kWhat[] = {"", "an area", "a volume", "uncalibrated pixels", "not a length"};
    *why = coded + " has unit " + to_string(unit) + ", " + std::string(kWhat[u.kind]) +
           ": refused; expected a length in mm or cm (UCUM mm, cm)";
    return std::nullopt;
  }
  ViewerLength l;
  l.kind = kind;
  l.source_value = std::string(trim(text));
  l.source_unit = unit.value;
  l.position = position;
  std::string number_why;
  const auto mm = round_to_hundredths(text, u.shift, &l.exact_mm, &number_why);
  if (!mm) {
    *why = coded + " value " + number_why;
    return std::nullopt;
  }
  l.mm = *mm;
  return l;
}

}  // namespace viewer
}  // namespace recist::io
