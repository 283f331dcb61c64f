// The text of reasons and of results: sentences kept apart in one buffer, numbers and dates written
// exactly as to_string() would, and JSON strings escaped wherever the byte to escape falls.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "recist/io/write/writers.hpp"
#include "recist/result.hpp"
#include "recist/reasons.hpp"
#include "test_support.hpp"

using namespace recist;
using recist::testing::day;
using recist::testing::mm;

TEST_CASE("reasons keep their sentences apart, in order") {
  Reasons r;
  CHECK(r.empty());
  r.add() << "sum " << mm("23.1") << " mm on " << day("2026-03-04") << " (R" << 6 << ")";
  r.push_back("second");
  r.add() << SignedPercent{-314} << ' ' << SignedPercent{77} << ' ' << SignedPercent{0} << ' '
          << SignedPercent{std::nullopt} << ' ' << Response::NonCrNonPd << ' ' << NewLesions::Equivocal;
  REQUIRE(r.size() == 3);
  CHECK(r[0] == "sum 23.1 mm on 2026-03-04 (R6)");
  CHECK(r[1] == "second");
  CHECK(r[2] == "-31.4% +7.7% 0.0% n/a NON-CR/NON-PD EQUIVOCAL");
  CHECK(r.joined(" | ") == "sum 23.1 mm on 2026-03-04 (R6) | second | -31.4% +7.7% 0.0% n/a NON-CR/NON-PD EQUIVOCAL");
  CHECK(r.contains("second"));
  CHECK_FALSE(r.contains("secon"));
}

TEST_CASE("reasons beyond the inline slots and the first buffer, copied and moved") {
  Reasons r;
  std::vector<std::string> expected;
  for (int i = 0; i < 40; ++i) {
    std::string sentence(static_cast<std::size_t>(i * 37 % 200), static_cast<char>('a' + i % 26));
    sentence += std::to_string(i);
    r.push_back(sentence);
    expected.push_back(sentence);
  }
  r.add();  // an empty sentence is still a sentence
  expected.emplace_back();
  auto check = [&](const Reasons& got) {
    REQUIRE(got.size() == expected.size());
    std::size_t i = 0;
    for (std::string_view s : got) CHECK(s == expected[i++]);
  };
  check(r);
  Reasons copy = r;
  check(copy);
  CHECK(copy == r);
  Reasons moved = std::move(copy);
  check(moved);
  Reasons assigned;
  assigned.push_back("overwritten");
  assigned = moved;
  check(assigned);
  Reasons both;
  both.push_back("first");
  both.append(r);
  CHECK(both.size() == r.size() + 1);
  CHECK(both[1] == expected[0]);
}

TEST_CASE("numbers and dates are written as to_string() gives them") {
  char buf[Millimetres::kMaxText];
  for (const char* text : {"0", "0.01", "0.1", "9.99", "10", "23.1", "12.25", "100.05", "999999999.99"}) {
    const Millimetres m = mm(text);
    CHECK(std::string(buf, m.write(buf)) == m.to_string());
  }
  CHECK(mm("23.10").to_string() == "23.1");
  CHECK(mm("12.25").to_string() == "12.25");
  CHECK(mm("7").to_string() == "7.0");
  CHECK((mm("20") - mm("26.6")).to_string() == "-6.6");
  CHECK(std::string(buf, write_integer(buf, 0)) == "0");
  CHECK(std::string(buf, write_integer(buf, -42)) == "-42");
  CHECK(std::string(buf, write_integer(buf, 1234567890123)) == "1234567890123");
  CHECK(format_tenths(-314) == "-31.4");
  CHECK(format_tenths(5) == "0.5");
  CHECK(format_tenths(-5) == "-0.5");
  CHECK(format_tenths(2000) == "200.0");
  for (const char* text : {"0001-01-01", "1999-12-31", "2000-02-29", "2026-11-25", "9999-12-31"})
    CHECK(day(text).to_string() == text);
}

TEST_CASE("put() writes its parts as << does, past the first buffer too") {
  Reasons a, b;
  const std::string id = "NT12";
  for (int i = 0; i < 40; ++i) {  // well past the first buffer
    const Millimetres m = mm(i % 2 ? "23.1" : "100.25");
    const SignedPercent pct{i % 3 == 0 ? std::optional<std::int64_t>() : std::optional<std::int64_t>(i * 37 - 700)};
    a.add().put("sum ", m, " mm on ", day("2026-03-04"), ", ", id, ": ", Response::NonCrNonPd, " ", NewLesions::Equivocal,
                " ", pct, std::string_view(""), " (R", "6)");
    b.add() << "sum " << m << " mm on " << day("2026-03-04") << ", " << id << ": " << Response::NonCrNonPd << " "
            << NewLesions::Equivocal << " " << pct << " (R" << 6 << ")";
  }
  CHECK(a == b);
  CHECK(a[1] == "sum 23.1 mm on 2026-03-04, NT12: NON-CR/NON-PD EQUIVOCAL -66.3% (R6)");
  CHECK(a[0] == "sum 100.25 mm on 2026-03-04, NT12: NON-CR/NON-PD EQUIVOCAL n/a (R6)");
  CHECK(a[2] == "sum 100.25 mm on 2026-03-04, NT12: NON-CR/NON-PD EQUIVOCAL -62.6% (R6)");
  Reasons c;
  c.add().put(SignedPercent{5}, " ", SignedPercent{0}, " ", SignedPercent{-5});
  CHECK(c[0] == "+0.5% 0.0% -0.5%");
}

TEST_CASE("cleared reasons start again, past the inline slots too") {
  Reasons r;
  for (int i = 0; i < 12; ++i) r.add() << "the first sentences " << i;
  REQUIRE(r.size() == 12);
  r.clear();
  CHECK(r.empty());
  CHECK(r.joined_text().empty());
  CHECK(r.begin() == r.end());
  for (int i = 0; i < 10; ++i) r.add() << "again " << i;
  REQUIRE(r.size() == 10);
  for (int i = 0; i < 10; ++i) CHECK(r[i] == "again " + std::to_string(i));
  CHECK(r.joined_text().substr(0, 17) == "again 0 | again 1");
  Reasons fresh;
  for (int i = 0; i < 10; ++i) fresh.add() << "again " << i;
  CHECK(r == fresh);
}

TEST_CASE("codes are written as to_string() gives them, padded or in a sentence") {
  const std::string_view responses[] = {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE", "NA", "ND", "MISSING"};
  for (std::size_t i = 0; i < std::size(responses); ++i) {
    const auto r = static_cast<Response>(i);
    CHECK(to_string(r) == responses[i]);
    CHECK(std::string_view(padded(r).text, padded(r).size) == responses[i]);
    Reasons reasons;
    reasons.add() << "overall " << r << " (R13)";
    CHECK(reasons[0] == "overall " + std::string(responses[i]) + " (R13)");
  }
  const std::string_view news[] = {"NO", "YES", "EQUIVOCAL"};
  for (std::size_t i = 0; i < std::size(news); ++i) {
    const auto n = static_cast<NewLesions>(i);
    CHECK(to_string(n) == news[i]);
    CHECK(std::string_view(padded(n).text, padded(n).size) == news[i]);
    Reasons reasons;
    reasons.add() << "new lesions " << n;
    CHECK(reasons[0] == "new lesions " + std::string(news[i]));
  }
  CHECK(to_string(static_cast<Response>(9)) == "?");
  // A sentence of codes alone, past the first buffer: each code makes its own room.
  Reasons many;
  {
    auto s = many.add();
    for (int i = 0; i < 100; ++i) s << Response::NonCrNonPd;
  }
  std::string expected;
  for (int i = 0; i < 100; ++i) expected += "NON-CR/NON-PD";
  CHECK(many.joined_text() == expected);
}

TEST_CASE("JSON strings escape quotes, backslashes and control bytes at any offset") {
  auto json = [](std::string_view s) {
    std::string out;
    io::append_json_string(&out, s);
    return out;
  };
  CHECK(json("") == "\"\"");
  CHECK(json("plain ≥ 20%") == "\"plain ≥ 20%\"");
  CHECK(json("a\"b\\c\n\r\t\x01\x1f\x7f") == "\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\x7f\"");
  // Around the 16-byte steps of the scan.
  for (std::size_t at : {0u, 14u, 15u, 16u, 17u, 31u, 32u, 33u, 47u}) {
    std::string s(48, 'x');
    s[at] = '"';
    std::string expected = "\"" + s.substr(0, at) + "\\\"" + s.substr(at + 1) + "\"";
    CHECK_MESSAGE(json(s) == expected, at);
  }
}

TEST_CASE("a CSV time-point row quotes the fields that need it, reasons joined by \" | \"") {
  TrackResult t;
  t.subject = "S,1";
  t.reader = "R\"2";
  t.start_date = day("2026-03-02");
  TimepointResult tp;
  tp.date = day("2026-04-13");
  tp.visit = "W6\nbis";
  tp.day = 42;
  tp.sum = mm("24");
  tp.pct_from_baseline = -314;
  tp.nadir = mm("35");
  tp.pct_from_nadir = -314;
  tp.target = Response::PR;
  tp.non_target = Response::NA;
  tp.new_lesions = NewLesions::No;
  tp.overall = Response::PR;
  tp.reasons.push_back("lesion \"T1\" at 12.0");
  tp.reasons.push_back("second, with a comma");
  t.timepoints.push_back(tp);
  TimepointResult plain;  // no targets: empty numbers; reasons without a byte to quote
  plain.date = day("2026-05-25");
  plain.day = -3;
  plain.overall = Response::NE;
  plain.reasons.push_back("a");
  plain.reasons.push_back("b");
  t.timepoints.push_back(plain);

  auto writer = io::make_csv_writer(io::CsvLevel::Timepoint);
  std::string out;
  writer->track(t, &out);
  CHECK(out ==
        "\"S,1\",\"R\"\"2\",2026-03-02,2026-04-13,\"W6\nbis\",42,24.0,-31.4,35.0,-31.4,PR,NA,NO,PR,,"
        "\"lesion \"\"T1\"\" at 12.0 | second, with a comma\"\n"
        "\"S,1\",\"R\"\"2\",2026-03-02,2026-05-25,,-3,,,,,,,,NE,,a | b\n");
}

TEST_CASE("CSV quoting doubles every quote of long reasons, wherever it falls") {
  for (std::size_t length : {15u, 16u, 17u, 33u, 70u}) {
    for (std::size_t at = 0; at + 1 < length; at += 3) {
      std::string sentence(length, 'x');
      sentence[at] = '"';
      sentence[at + 1] = '"';  // two quotes side by side
      sentence[length - 1] = '"';
      TrackResult t;
      t.subject = "S";
      TimepointResult tp;
      tp.reasons.push_back(sentence);
      tp.reasons.push_back("then, a comma");
      t.timepoints.push_back(tp);
      std::string out;
      io::make_csv_writer(io::CsvLevel::Timepoint)->track(t, &out);
      std::string doubled;
      for (char c : sentence + " | then, a comma") {
        doubled += c;
        if (c == '"') doubled += '"';
      }
      const std::string expected_end = ",\"" + doubled + "\"\n";
      CHECK_MESSAGE(out.ends_with(expected_end), "length ", length, " at ", at);
    }
  }
}

TEST_CASE("CSV reasons whose only special byte is a line end are quoted, others are not") {
  for (const char* special : {"\n", "\r", ",", ""}) {
    TrackResult t;
    t.subject = "S";
    TimepointResult tp;
    tp.reasons.push_back(std::string("first") + special + "line");
    tp.reasons.push_back("second");
    t.timepoints.push_back(tp);
    std::string out;
    io::make_csv_writer(io::CsvLevel::Timepoint)->track(t, &out);
    const std::string field = std::string("first") + special + "line | second";
    const std::string expected_end = *special ? ",\"" + field + "\"\n" : "," + field + "\n";
    CHECK_MESSAGE(out.ends_with(expected_end), "special byte ", int(special[0]));
  }
}

TEST_CASE("reasons made and dropped by the thousand keep their own text") {
  // Buffers of the first size are handed from dropped reasons to new ones (one thread's pool):
  // each must hold its own sentences, whatever was in the buffer before.
  std::vector<Reasons> kept;
  for (int i = 0; i < 2000; ++i) {
    Reasons r;
    const std::string long_one(i % 7 == 0 ? 900 : 10, static_cast<char>('a' + i % 26));
    r.add() << "reason " << i;
    r.push_back(long_one);
    if (i % 3 == 0) kept.push_back(std::move(r));  // others are dropped here, their buffers reused
    else CHECK(r[0] == "reason " + std::to_string(i));
  }
  for (std::size_t k = 0; k < kept.size(); ++k) {
    const int i = static_cast<int>(3 * k);
    CHECK(kept[k].size() == 2);
    CHECK(kept[k][0] == "reason " + std::to_string(i));
    CHECK(kept[k][1] == std::string(i % 7 == 0 ? 900 : 10, static_cast<char>('a' + i % 26)));
    CHECK(kept[k].joined_text() == std::string(kept[k][0]) + " | " + std::string(kept[k][1]));
  }
}

TEST_CASE("a JSON time point escapes its visit and reasons only where needed") {
  TrackResult t;
  t.subject = "S";
  TimepointResult tp;
  tp.date = day("2026-04-13");
  tp.visit = "W\"6";
  tp.day = 42;
  tp.sum = mm("24");
  tp.pct_from_baseline = -314;
  tp.target = Response::PR;
  tp.new_lesions = NewLesions::Equivocal;
  tp.overall = Response::NonCrNonPd;
  tp.reasons.push_back("a\tb");
  tp.reasons.push_back("plain");
  t.timepoints.push_back(tp);
  TimepointResult plain;
  plain.date = day("2026-05-25");
  plain.overall = Response::NE;
  plain.reported = Response::PD;
  plain.reasons.push_back("x, y");
  plain.reasons.push_back("z");
  t.timepoints.push_back(plain);
  std::string out;
  io::make_json_writer()->track(t, &out);
  CHECK(out.find("\"timepoints\":["
                 "{\"date\":\"2026-04-13\",\"visit\":\"W\\\"6\",\"day\":42,\"sum_mm\":24.0,\"pct_from_baseline\":-31.4,"
                 "\"nadir_mm\":null,\"pct_from_nadir\":null,\"target\":\"PR\",\"non_target\":null,"
                 "\"new_lesions\":\"EQUIVOCAL\",\"overall\":\"NON-CR/NON-PD\",\"reported\":null,"
                 "\"reasons\":[\"a\\tb\",\"plain\"]},"
                 "{\"date\":\"2026-05-25\",\"visit\":null,\"day\":0,\"sum_mm\":null,\"pct_from_baseline\":null,"
                 "\"nadir_mm\":null,\"pct_from_nadir\":null,\"target\":null,\"non_target\":null,"
                 "\"new_lesions\":null,\"overall\":\"NE\",\"reported\":\"PD\",\"reasons\":[\"x, y\",\"z\"]}]") !=
        std::string::npos);
}
