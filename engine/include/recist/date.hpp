#pragma once
// Calendar dates (ISO 8601 `YYYY-MM-DD`) as a count of days, so durations are exact whole days
// (SPEC §2). Value type, thread-safe.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recist {

/// A proleptic Gregorian calendar date.
class Date {
 public:
  constexpr Date() = default;
  /// Days since 1970-01-01.
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  /// Returns nullopt unless year/month/day is a real calendar date (2026-02-30 is not).
  static std::optional<Date> from_ymd(int year, int month, int day);

  constexpr std::int32_t days_since_epoch() const { return days_; }
  void to_ymd(int* year, int* month, int* day) const;
  /// `YYYY-MM-DD`.
  std::string to_string() const;
  /// Appends to_string() to `out` without a temporary string.
  void append_to(std::string* out) const;
  /// The length of to_string().
  static constexpr std::size_t kText = 10;
  /// Writes to_string() at `out` (room for kText bytes).
  void write(char* out) const;

  constexpr auto operator<=>(const Date&) const = default;
  /// Whole days from `earlier` to this date.
  constexpr std::int32_t days_after(Date earlier) const { return days_ - earlier.days_; }

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

/// Parses exactly `YYYY-MM-DD`. On failure returns nullopt and sets `why`.
std::optional<Date> parse_date(std::string_view text, std::string* why);

}  // namespace recist
