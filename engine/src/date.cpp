#include "recist/date.hpp"

#include <cstring>

#include "digits.hpp"

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
