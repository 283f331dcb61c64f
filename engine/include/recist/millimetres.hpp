#pragma once
// Exact lengths. Diameters are decimals with at most two decimals (SPEC §2); they are held as an
// integer count of hundredths of a millimetre so that every threshold is an exact integer
// comparison and no floating-point rounding ever decides a response. Value type, thread-safe.

#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "recist/detail/digits.hpp"

namespace recist {

/// A length in hundredths of a millimetre.
class Millimetres {
 public:
  constexpr Millimetres() = default;
  /// From a count of hundredths of a millimetre (2310 is 23.1 mm).
  static constexpr Millimetres from_hundredths(std::int64_t h) { return Millimetres(h); }
  /// From whole millimetres.
  static constexpr Millimetres from_mm(std::int64_t mm) { return Millimetres(mm * 100); }

  constexpr std::int64_t hundredths() const { return h_; }
  constexpr bool is_zero() const { return h_ == 0; }

  constexpr Millimetres operator+(Millimetres o) const { return Millimetres(h_ + o.h_); }
  constexpr Millimetres operator-(Millimetres o) const { return Millimetres(h_ - o.h_); }
  constexpr Millimetres& operator+=(Millimetres o) { h_ += o.h_; return *this; }
  constexpr auto operator<=>(const Millimetres&) const = default;

  /// "23.1", "35.0", "12.25": at least one decimal, at most two, no trailing zero beyond one.
  std::string to_string() const;
  /// Appends to_string() to `out` without a temporary string.
  void append_to(std::string* out) const;
  /// The longest text to_string() can give.
  static constexpr std::size_t kMaxText = 24;
  /// Writes to_string() at `out` (room for kMaxText bytes) and returns its length.
  std::size_t write(char* out) const;

 private:
  constexpr explicit Millimetres(std::int64_t h) : h_(h) {}
  std::int64_t h_ = 0;
};

/// Parses a non-negative decimal such as "23", "23.1", "23.10". Digits beyond the second decimal
/// are accepted only when they are zeros. On failure returns nullopt and sets `why` to what was
/// expected.
std::optional<Millimetres> parse_millimetres(std::string_view text, std::string* why);

/// A change relative to a reference, in tenths of a percent, rounded half away from zero
/// (SPEC §2: reported, never decides). Null when the reference is zero.
std::optional<std::int64_t> percent_change_tenths(Millimetres value, Millimetres reference);

/// "-31.4", "0.0", "20.0": tenths of a percent as text.
std::string format_tenths(std::int64_t tenths);
/// Appends format_tenths(tenths) to `out` without a temporary string.
void append_tenths(std::string* out, std::int64_t tenths);
/// Writes the decimal text of `n` at `out` (room for Millimetres::kMaxText bytes); returns its length.
std::size_t write_integer(char* out, std::int64_t n);
/// Writes format_tenths(tenths) at `out` (room for Millimetres::kMaxText bytes); returns its length.
inline std::size_t write_tenths(char* out, std::int64_t tenths) {
  const std::uint64_t v = digits::magnitude(tenths);
  char* p = out;
  if (tenths < 0) *p++ = '-';
  if (v < 10000) {
    p += digits::write_whole_dot(p, v / 10);
  } else {
    p += digits::write(p, v / 10);
    *p++ = '.';
  }
  *p++ = static_cast<char>('0' + v % 10);
  return static_cast<std::size_t>(p - out);
}

// Written several times for every time point of a batch: inline.
inline std::size_t Millimetres::write(char* out) const {
  const std::uint64_t v = digits::magnitude(h_);
  char* p = out;
  if (h_ < 0) *p++ = '-';
  unsigned hundredths;
  if (v < 100000) {  // below 1 m (nearly always): 32-bit arithmetic, the point copied with the digits
    const auto small = static_cast<std::uint32_t>(v);
    const std::uint32_t whole = small / 100;
    hundredths = small - 100 * whole;
    p += digits::write_whole_dot(p, whole);
  } else {
    p += digits::write(p, v / 100);
    *p++ = '.';
    hundredths = static_cast<unsigned>(v % 100);
  }
  const digits::ShortText<2>& d = digits::kDecimals[hundredths];  // at most two decimals, no trailing zero
  std::memcpy(p, d.text, 2);
  return static_cast<std::size_t>(p + d.size - out);
}

}  // namespace recist
