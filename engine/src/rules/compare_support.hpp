#pragma once
// What the parts of `recist compare` share (internal to engine/src/rules): the texts their
// explanations are written with, the order of readers, and how two PD dates compare.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recist/compare.hpp"

namespace recist::compare_support {

inline constexpr const char* kInvestigator = "INVESTIGATOR";

inline std::string code(Response r) {
  return std::string(to_string(r));
}

inline std::string signed_pct(const std::optional<std::int64_t>& tenths) {
  if (!tenths) return "n/a";
  return (*tenths > 0 ? "+" : "") + format_tenths(*tenths) + "%";
}

inline std::string signed_mm(Millimetres from, Millimetres to) {
  const Millimetres d = to - from;
  return (d.hundredths() > 0 ? "+" : "") + d.to_string() + " mm";
}

inline std::string join(const std::vector<std::string>& parts, std::string_view sep = ", ") {
  std::string s;
  for (const std::string& p : parts) s += (s.empty() ? "" : std::string(sep)) + p;
  return s;
}

inline PdTiming timing(const std::optional<Date>& a, const std::optional<Date>& b) {
  if (a && b) return *a == *b ? PdTiming::Same : (*a < *b ? PdTiming::AEarlier : PdTiming::ALater);
  if (a) return PdTiming::AOnly;
  return b ? PdTiming::BOnly : PdTiming::Neither;
}

inline bool reader_before(const std::string& a, const std::string& b) {
  if ((a == kInvestigator) != (b == kInvestigator)) return a == kInvestigator;
  return a < b;
}

}  // namespace recist::compare_support
