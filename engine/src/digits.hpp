#pragma once
// Decimal digits written two at a time: dates and diameters are formatted several times for every
// time point of a batch. Internal to the engine.

#include <array>
#include <cstdint>
#include <cstring>

namespace recist::digits {

/// "00", "01", … "99" one after the other.
inline constexpr std::array<char, 200> kPairs = [] {
  std::array<char, 200> pairs{};
  for (std::size_t i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

/// Writes the two digits of `v` (< 100) at `out`.
inline void write_pair(char* out, unsigned v) { std::memcpy(out, &kPairs[2 * std::size_t{v}], 2); }

/// Writes the decimal digits of `v` at `out`, front to back; returns how many.
inline std::size_t write(char* out, std::uint64_t v) {
  if (v < 10) {
    out[0] = static_cast<char>('0' + v);
    return 1;
  }
  if (v < 100) {
    write_pair(out, static_cast<unsigned>(v));
    return 2;
  }
  if (v < 1000) {
    out[0] = static_cast<char>('0' + v / 100);
    write_pair(out + 1, static_cast<unsigned>(v % 100));
    return 3;
  }
  std::size_t n = 1;
  for (std::uint64_t rest = v; rest >= 10; rest /= 10) ++n;
  for (std::size_t i = n; i-- > 0; v /= 10) out[i] = static_cast<char>('0' + v % 10);
  return n;
}

}  // namespace recist::digits
