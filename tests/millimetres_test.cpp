// SPEC §2: exact decimals and dates.
#include <doctest/doctest.h>

#include "recist/date.hpp"
#include "recist/millimetres.hpp"

#include <string>
#include <vector>

using namespace recist;

TEST_CASE("diameters are parsed exactly into hundredths") {
  std::string why;
  CHECK(parse_millimetres("23.1", &why)->hundredths() == 2310);
  CHECK(parse_millimetres("23.10", &why)->hundredths() == 2310);
  CHECK(parse_millimetres("23.15", &why)->hundredths() == 2315);
  CHECK(parse_millimetres("0", &why)->hundredths() == 0);
  CHECK(parse_millimetres(".5", &why)->hundredths() == 50);
  CHECK(parse_millimetres("7.", &why)->hundredths() == 700);
  CHECK(parse_millimetres("12.340", &why)->hundredths() == 1234);
}

TEST_CASE("bad diameters are rejected with the reason") {
  std::string why;
  CHECK_FALSE(parse_millimetres("-1", &why));
  CHECK(why.find("negative") != std::string::npos);
  CHECK_FALSE(parse_millimetres("12.345", &why));
  CHECK(why.find("two decimals") != std::string::npos);
  for (const char* bad : {"", "abc", "1e3", "12,5", "1.2.3", ".", " 12", "12mm"}) {
    CHECK_MESSAGE(!parse_millimetres(bad, &why), bad);
  }
}

TEST_CASE("33.0 to 23.1 mm is exactly -30.0%, where floating point says otherwise") {
  // In doubles, 23.1 / 33.0 - 1 = -0.30000000000000004: the trap of SPEC §2.
  auto base = *parse_millimetres("33.0", nullptr);
  auto now = *parse_millimetres("23.1", nullptr);
  CHECK(*percent_change_tenths(now, base) == -300);
  CHECK(100 * now.hundredths() == 70 * base.hundredths());
}

TEST_CASE("percentages round half away from zero to one decimal") {
  auto m = [](std::int64_t h) { return Millimetres::from_hundredths(h); };
  CHECK(*percent_change_tenths(m(2400), m(3500)) == -314);  // -31.428…
  CHECK(*percent_change_tenths(m(3500), m(3000)) == 167);   // +16.666…
  CHECK(*percent_change_tenths(m(10005), m(10000)) == 1);   // +0.05 → +0.1
  CHECK(*percent_change_tenths(m(9995), m(10000)) == -1);   // -0.05 → -0.1
  CHECK(*percent_change_tenths(m(10004), m(10000)) == 0);
  CHECK_FALSE(percent_change_tenths(m(100), m(0)));
  CHECK(format_tenths(-314) == "-31.4");
  CHECK(format_tenths(0) == "0.0");
  CHECK(format_tenths(-5) == "-0.5");
}

TEST_CASE("lengths print with one or two decimals") {
  CHECK(Millimetres::from_hundredths(2310).to_string() == "23.1");
  CHECK(Millimetres::from_hundredths(3500).to_string() == "35.0");
  CHECK(Millimetres::from_hundredths(1225).to_string() == "12.25");
  CHECK(Millimetres::from_hundredths(5).to_string() == "0.05");
}

TEST_CASE("dates must be real calendar dates") {
  std::string why;
  CHECK(parse_date("2026-02-28", &why));
  CHECK_FALSE(parse_date("2026-02-29", &why));
  CHECK(parse_date("2028-02-29", &why));
  CHECK_FALSE(parse_date("2026-02-30", &why));
  CHECK(why.find("calendar") != std::string::npos);
  CHECK_FALSE(parse_date("2026-13-01", &why));
  CHECK_FALSE(parse_date("2026-04-31", &why));
  CHECK_FALSE(parse_date("2026-4-1", &why));
  CHECK_FALSE(parse_date("2026/04/01", &why));
  CHECK_FALSE(parse_date("", &why));
  CHECK(parse_date("2000-02-29", &why));
  CHECK_FALSE(parse_date("1900-02-29", &why));
}

TEST_CASE("durations are whole days and dates round-trip") {
  std::string why;
  auto a = *parse_date("2026-03-02", &why);
  auto b = *parse_date("2026-04-13", &why);
  CHECK(b.days_after(a) == 42);
  CHECK(parse_date("2024-12-31", &why)->days_after(*parse_date("2024-01-01", &why)) == 365);
  for (const char* s : {"1970-01-01", "2026-03-02", "2000-02-29", "1999-12-31", "2100-03-01"})
    CHECK(parse_date(s, &why)->to_string() == s);
}

TEST_CASE("every date from 0001-01-01 to 9999-12-31 is written as its year, month and day") {
  const Date first = *Date::from_ymd(1, 1, 1);
  const Date last = *Date::from_ymd(9999, 12, 31);
  int y = 1, m = 1, d = 1;  // counted here, one day at a time, independently of the Date code
  auto days_in = [](int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
  };
  std::size_t wrong = 0;
  for (std::int32_t n = first.days_since_epoch(); n <= last.days_since_epoch(); ++n) {
    int year, month, day;
    Date::from_days(n).to_ymd(&year, &month, &day);
    if (year != y || month != m || day != d) ++wrong;
    if (++d > days_in(y, m)) {
      d = 1;
      if (++m > 12) m = 1, ++y;
    }
  }
  CHECK(wrong == 0);
  CHECK(y == 10000);
  char text[11] = {};
  Date::from_days(0).write(text);
  CHECK(std::string(text) == "1970-01-01");
  last.write(text);
  CHECK(std::string(text) == "9999-12-31");
  // Far outside the calendar of the inputs, the slower algorithm still answers consistently.
  for (std::int32_t n : {-20000000, 2000000000}) {
    int year, month, day;
    Date::from_days(n).to_ymd(&year, &month, &day);
    CHECK(month >= 1);
    CHECK(month <= 12);
    CHECK(day >= 1);
    CHECK(day <= 31);
  }
}

TEST_CASE("every length below 2 m, and larger ones, is written with one or two decimals") {
  auto reference = [](std::int64_t h) {
    const std::int64_t v = h < 0 ? -h : h;
    std::string s = (h < 0 ? "-" : "") + std::to_string(v / 100) + ".";
    if (v % 10 == 0) return s + std::to_string(v % 100 / 10);
    return s + (v % 100 < 10 ? "0" : "") + std::to_string(v % 100);
  };
  auto tenths_reference = [](std::int64_t t) {
    const std::int64_t v = t < 0 ? -t : t;
    return (t < 0 ? "-" : "") + std::to_string(v / 10) + "." + std::to_string(v % 10);
  };
  std::size_t wrong = 0;
  char buf[Millimetres::kMaxText];
  std::vector<std::int64_t> values;
  for (std::int64_t h = -200000; h <= 200000; ++h) values.push_back(h);
  for (std::int64_t h : {99999999999LL, 100000000000LL, 123456789012LL, -99999999999LL}) values.push_back(h);
  for (std::int64_t h : values) {
    if (std::string(buf, Millimetres::from_hundredths(h).write(buf)) != reference(h)) ++wrong;
    if (std::string(buf, write_tenths(buf, h)) != tenths_reference(h)) ++wrong;
  }
  CHECK(wrong == 0);
}

TEST_CASE("percentages are the same whether the division fits 32 bits or not") {
  auto reference = [](std::int64_t value, std::int64_t ref) {
    const std::int64_t num = 1000 * (value - ref);
    const std::int64_t mag = (2 * (num < 0 ? -num : num) + ref) / (2 * ref);
    return num < 0 ? -mag : mag;
  };
  std::size_t wrong = 0, checked = 0;
  for (std::int64_t ref : {1LL, 7LL, 999LL, 3300LL, 8520LL, 2147483LL, 2147484LL, 99999999LL})
    for (std::int64_t value : {0LL, 1LL, 2310LL, 3300LL, 9999LL, 2147483LL, 2147484LL, 4294967LL, 4294968LL,
                               100000000LL, 999999999999LL}) {
      ++checked;
      if (*percent_change_tenths(Millimetres::from_hundredths(value), Millimetres::from_hundredths(ref)) !=
          reference(value, ref))
        ++wrong;
    }
  CHECK(checked == 88);
  CHECK(wrong == 0);
}
