#include "recist/date.hpp"

#include <cstring>

#include "recist/detail/digits.hpp"

namespace recist {
namespace {

// Days from civil and back: H. Hinnant's algorithms for the proleptic Gregorian calendar.
std::int32_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return Date(days_from_civil(year, month, day));
}

void Date::to_ymd(int* year, int* month, int* day) const {
  // C. Neri and L. Schneider, "Euclidean affine functions and their application to calendar
  // algorithms" (2023): a few multiplications instead of Hinnant's divisions. Dates are written
  // several times for every time point of a batch. Shifted by 82 eras (32,800 years) so that the
  // day count is not negative; outside that range Hinnant's algorithm below.
  constexpr std::int64_t kShift = 719468 + 146097 * 82;
  const std::int64_t shifted = std::int64_t{days_} + kShift;
  if (shifted >= 0 && shifted < (std::int64_t{1} << 30)) {
    const auto n = static_cast<std::uint32_t>(shifted);
    const std::uint32_t n1 = 4 * n + 3;
    const std::uint32_t century = n1 / 146097;
    const std::uint32_t nc = n1 % 146097 / 4;
    const std::uint64_t p2 = std::uint64_t{2939745} * (4 * nc + 3);
    const auto year_of_century = static_cast<std::uint32_t>(p2 >> 32);
    const std::uint32_t day_of_year = static_cast<std::uint32_t>(p2) / 2939745 / 4;  // from 1 March
    const std::uint32_t n3 = 2141 * day_of_year + 197913;
    const std::uint32_t m = n3 >> 16;
    const bool jan_feb = day_of_year >= 306;
    *year = static_cast<int>(static_cast<std::int64_t>(100 * century + year_of_century) - 400 * 82 + jan_feb);
    *month = static_cast<int>(jan_feb ? m - 12 : m);
    *day = static_cast<int>((n3 & 0xFFFF) / 2141 + 1);
    return;
  }
  const int z = days_ + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  *year = yoe + era * 400 + (m <= 2);
  *month = m;
  *day = d;
}

std::string Date::to_string() const {
  std::string out;
  append_to(&out);
  return out;
}

void Date::append_to(std::string* out) const {
  char buf[kText];
  write(buf);
  out->append(buf, kText);
}

void Date::write(char* out) const {
  int y, m, d;
  to_ymd(&y, &m, &d);
  digits::write_pair(out, static_cast<unsigned>(y / 100));
  digits::write_pair(out + 2, static_cast<unsigned>(y % 100));
  out[4] = '-';
  digits::write_pair(out + 5, static_cast<unsigned>(m));
  out[7] = '-';
  digits::write_pair(out + 8, static_cast<unsigned>(d));
}

std::optional<Date> parse_date(std::string_view text, std::string* why) {
  auto digits = [&](std::size_t from, std::size_t n, int* out) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      v = v * 10 + (text[i] - '0');
    }
    *out = v;
    return true;
  };
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(0, 4, &y) ||
      !digits(5, 2, &m) || !digits(8, 2, &d)) {
    if (why) *why = "a date YYYY-MM-DD was expected";
    return std::nullopt;
  }
  auto date = Date::from_ymd(y, m, d);
  if (!date && why) *why = "not a calendar date (YYYY-MM-DD with a real month and day was expected)";
  return date;
}

}  // namespace recist
