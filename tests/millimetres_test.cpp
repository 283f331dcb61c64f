// SPEC §2: exact decimals and dates.
#include <doctest/doctest.h>

#include "recist/date.hpp"
#include "recist/millimetres.hpp"

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
