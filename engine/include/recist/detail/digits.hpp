#pragma once
// Decimal digits written two at a time: dates and diameters are formatted several times for every
// time point of a batch. Not part of the API: here so that lengths and percentages are written
// inline (Millimetres::write, write_tenths).

#include <array>
#include <cstdint>
#include <cstring>

namespace recist::digits {

/// |v| without overflow.
inline std::uint64_t magnitude(std::int64_t v) {
  return v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
}

/// "00", "01", … "99" one after the other.
inline constexpr std::array<char, 200> kPairs = [] {
  std::array<char, 200> pairs{};
  for (std::size_t i = 0; i < 100; ++i) {
    pairs[2 * i] = static_cast<char>('0' + i / 10);
    pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

/// A short text of at most N bytes, copied whole (N bytes) and then counted by `size`.
template <std::size_t N>
struct ShortText {
  char text[N];
  unsigned char size;
};

/// The table of `Count` short texts, the i-th written by `write(i, text)`, which returns its size.
template <std::size_t Count, std::size_t N, class Write>
constexpr std::array<ShortText<N>, Count> short_texts(Write write) {
  std::array<ShortText<N>, Count> all{};
  for (unsigned i = 0; i < Count; ++i) all[i].size = static_cast<unsigned char>(write(i, all[i].text));
  return all;
}

/// The text of 0 … 999 followed by a decimal point ("7.", "42.", "999."): a number below 1000 with
/// its point is one copy of 4 bytes.
inline constexpr auto kWholeDot = short_texts<1000, 4>([](unsigned i, char* text) {
  unsigned n = 0;
  if (i >= 100) text[n++] = static_cast<char>('0' + i / 100);
  if (i >= 10) text[n++] = static_cast<char>('0' + i / 10 % 10);
  text[n++] = static_cast<char>('0' + i % 10);
  text[n++] = '.';
  return n;
});

/// Writes `v` (< 1000) and a decimal point at `out` (room for 4 bytes); returns the length.
inline std::size_t write_whole_dot(char* out, std::uint64_t v) {
  const ShortText<4>& w = kWholeDot[v];
  std::memcpy(out, w.text, 4);
  return w.size;
}

/// The decimals of a length in hundredths (0 … 99) as written: at most two, no trailing zero but
/// one ("5" for 50, "05" for 5, "0" for 0).
inline constexpr auto kDecimals = short_texts<100, 2>([](unsigned i, char* text) {
  text[0] = static_cast<char>('0' + i / 10);
  text[1] = static_cast<char>('0' + i % 10);
  return i % 10 == 0 ? 1u : 2u;
});

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
