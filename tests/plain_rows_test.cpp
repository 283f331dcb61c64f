// RowParser::parse_plain, the batch reader's way through the usual record: whenever it takes a
// record, it reads it exactly as CsvReader and RowParser::parse() do (same fields, same values, same
// track, same next record), so that the errors and the tracks never depend on which way was taken.
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/measurement_rows.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/io/read/native_csv.hpp"

namespace recist::io {
namespace {

/// The layout of `header` (column names of SPEC 4.1, comma-separated).
MeasurementLayout layout_of(const std::string& header) {
  MeasurementLayout layout;
  layout.at.fill(-1);
  CsvReader reader(header);
  CsvRecord rec;
  REQUIRE(reader.next(&rec));
  for (std::size_t i = 0; i < rec.fields.size(); ++i)
    for (int c = 0; c < kMeasurementColumnCount; ++c)
      if (kMeasurementColumns[c] == rec.fields[i]) layout.at[c] = static_cast<int>(i);
  layout.width = rec.fields.size();
  return layout;
}

void check_same(const RowView& a, const RowView& b) {
  CHECK(a.line == b.line);
  CHECK(a.date == b.date);
  CHECK(a.lesion == b.lesion);
  CHECK(a.site == b.site);
  CHECK(a.visit == b.visit);
  CHECK(a.diameter == b.diameter);
  CHECK(a.slice == b.slice);
  CHECK(a.start == b.start);
  CHECK(a.status == b.status);
  CHECK(a.role.get() == b.role.get());
  CHECK(a.node.get() == b.node.get());
  CHECK(a.method.get() == b.method.get());
  CHECK(a.irradiated.get() == b.irradiated.get());
  CHECK(a.reported.get() == b.reported.get());
}

/// A layout and a parser for each way.
struct Ways {
  explicit Ways(const std::string& header) : layout(layout_of(header)), plain(layout), parser(layout) {}
  MeasurementLayout layout;
  RowParser plain;
  RowParser parser;
};

/// Reads `record` (after `before`, then padding, or nothing) both ways. True if parse_plain() took it.
bool read_both_ways(Ways& ways, const std::string& record, bool padded, const std::string& before = "") {
  const MeasurementLayout& layout = ways.layout;
  const std::string text = before + record + (padded ? std::string(200, '\n') : std::string());
  RowView plain;
  std::string_view subject, reader_name;
  std::size_t next = 0;
  ways.plain.new_text();
  const bool taken = ways.plain.parse_plain(text, before.size(), &plain, &subject, &reader_name, &next);
  if (!taken) return false;
  plain.line = 1;
  INFO("record: " << record << ", at " << before.size());
  CsvReader reader(text, before.size(), 1);
  CsvRecord rec;
  REQUIRE(reader.next(&rec));
  CHECK(next == reader.offset());
  REQUIRE(rec.fields.size() == layout.width);
  std::string_view s, r;
  REQUIRE(track_of_record(rec, layout.at[kSubject], layout.at[kReader], &s, &r));
  CHECK(s == subject);
  CHECK(r == reader_name);
  const std::string file = "t.csv";
  ErrorList errors(&file, 10);
  RowView row;
  CHECK(ways.parser.parse(rec, s, errors, &row));
  CHECK(errors.empty());
  check_same(plain, row);
  return true;
}

TEST_CASE("parse_plain takes the usual records and reads them as parse() does") {
  Ways all(
      "subject,date,lesion,role,site,node,diameter_mm,status,reader,visit,start_date,method,slice_mm,"
      "irradiated,reported");
  const std::vector<std::string> usual = {
      "P1,2024-04-30,T1,TARGET,LIVER,N,47.4,,INVESTIGATOR,BASELINE,2024-05-02,CT,5,N,",
      "P1,2024-06-30,NT1,NON-TARGET,LYMPH NODE,Y,,PRESENT,,WEEK 8,,MRI,1.25,Y_PROGRESSED,SD",
      "P1,2024-06-30,N1,NEW,BRAIN,,,EQUIVOCAL,R2,,,,,,PD",
      "P1,2024-02-29,T2,target,liver,y,0,absent,ir,v,2024-02-29,ct,0.5,y,non-cr/non-pd",
  };
  for (const std::string& r : usual) {
    CHECK(read_both_ways(all, r + "\n", true));
    CHECK(read_both_ways(all, r + "\r\n", true));
  }
  // Records parse() reports, or that only CsvReader reads: parse_plain() leaves them to it.
  const std::vector<std::string> other = {
      "P1,2024-04-31,T1,TARGET,LIVER,N,47.4,,,,,,,,",      // not a date
      "P1,2024-04-30,T1,TARGET,LIVER,N,47.4,,,,,,,",       // a field short
      "P1,2024-04-30,T1,TARGET,LIVER,N,47.4,,,,,,,,,",     // a field more
      "P1,2024-04-30,\"T1\",TARGET,LIVER,N,47.4,,,,,,,,",  // a quote
      "P1,2024-04-30,T1,TARGET,LIVER,N,-4,,,,,,,,",        // a negative diameter
      ",2024-04-30,T1,TARGET,LIVER,N,47.4,,,,,,,,",        // no subject
      "P1,2024-04-30, ,TARGET,LIVER,N,47.4,,,,,,,,",       // no lesion
      "P1,2024-04-30,T1,TARGETS,LIVER,N,47.4,,,,,,,,",     // no such role
      "P1,2024-04-30,T1,TARGET,LIVER,N,47.4,,,,,,,,NA",    // NA is not a reported response
      "",
  };
  for (const std::string& r : other) CHECK_FALSE(read_both_ways(all, r + "\n", true));
  CHECK_FALSE(read_both_ways(all, usual[0] + "\r" + usual[1] + "\n", true));  // a lone carriage return
  CHECK_FALSE(read_both_ways(all, usual[0] + "\n", false));  // too near the end of the text

  // Blanks around values are taken off as trim() does, a tab or a space.
  CHECK(read_both_ways(all, "P1 ,2024-04-30, T1,\tTARGET , LIVER,N ,47.4 , ,  ,BASELINE ,,CT,5,N,\n", true));
  // A long record, over more than two blocks of 64 bytes.
  CHECK(read_both_ways(all, "P1," + std::string("2024-04-30,T1,TARGET,") + std::string(150, 'L') +
                                ",N,47.4,,,BASELINE,,CT,5,N,\n",
                       true));
}

TEST_CASE("parse_plain trims the fields with blanks at their edges, wherever the blocks of 64 bytes end") {
  Ways all(
      "subject,date,lesion,role,site,node,diameter_mm,status,reader,visit,start_date,method,slice_mm,"
      "irradiated,reported");
  const std::vector<std::string> records = {
      "P1 ,2024-04-30, T1,\tTARGET , LIVER,N ,47.4 , ,  ,BASELINE ,,CT,5,N,\n",
      " P1,2024-04-30,T1,TARGET,LIVER,N,47.4,,,,,,,, \r\n",
      "P1,2024-04-30,T1,TARGET,LIVER,N,47.4,,,,,,,,\t\n",
      "P1,2024-06-30,NT1,NON-TARGET,LYMPH NODE,Y,,PRESENT,,WEEK 8,,MRI,1.25,Y_PROGRESSED,SD\r\n",
      "P 1,2024-06-30,N 1,NEW,A B C D E F G H I J K L M N O P Q R S T U V W X Y Z,,,,R 2,W 8,,,,,\n",
  };
  // One blank at the first or the last byte of one field (the dates are not trimmed).
  const std::vector<std::string> fields = {"P1",  "2024-04-30", "T1", "TARGET", "LIVER", "N",  "47.4", "",
                                           "R2",  "BASELINE",   "",   "CT",     "5",     "N",  "SD"};
  std::vector<std::string> records_with_a_blank;
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (k == 1) continue;
    for (const std::string& blanked : {" " + fields[k], fields[k] + "\t"}) {
      std::string r;
      for (std::size_t i = 0; i < fields.size(); ++i) r += (i ? "," : "") + (i == k ? blanked : fields[i]);
      records_with_a_blank.push_back(r + (k % 2 ? "\r\n" : "\n"));
    }
  }
  records_with_a_blank.insert(records_with_a_blank.end(), records.begin(), records.end());
  // At every place in a block, with blanks just before the record and just after it, not its own.
  for (const std::string& r : records_with_a_blank)
    for (std::size_t at = 0; at < 130; ++at) {
      const std::string before = at == 0 ? std::string() : std::string(at - 1, ' ') + "\n";
      CHECK(read_both_ways(all, r + " \n", true, before));
      CHECK(read_both_ways(all, r, true, before));
      read_both_ways(all, r, false, before);  // taken when the text ends with a block
    }
}

#if defined(__SSE2__)
TEST_CASE("csv_block_masks_avx2 makes the masks of csv_block_masks") {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2")) return;
  auto check = [](const char* block) {
    std::uint64_t ends = 0, breaks = 0, blanks = 0, ends2 = 0, breaks2 = 0, blanks2 = 0;
    csv_block_masks(block, &ends, &breaks, &blanks);
    csv_block_masks_avx2(block, &ends2, &breaks2, &blanks2);
    CHECK(ends == ends2);
    CHECK(breaks == breaks2);
    CHECK(blanks == blanks2);
  };
  char block[64];
  // Every byte in every place, then blocks of the bytes that count, mixed.
  for (int first = 0; first < 256; ++first) {
    for (int i = 0; i < 64; ++i) block[i] = static_cast<char>((first + 37 * i) & 0xFF);
    check(block);
  }
  const std::string counted = "\n\r\",\t \x01\x1f!\x7f\x80\xff" "aZ09";
  std::uint32_t state = 1;
  for (int trial = 0; trial < 10000; ++trial) {
    for (char& c : block) {
      state = state * 1664525u + 1013904223u;
      c = counted[(state >> 16) % counted.size()];
    }
    check(block);
  }
}
#endif

TEST_CASE("DateCache reads a date as parse_date does") {
  auto check = [](DateCache& cache, const std::string& text) {
    INFO("date: " << text);
    std::string why, expected_why;
    const std::optional<Date> expected = parse_date(text, &expected_why);
    CHECK(cache.parse(text, &why) == expected);
    CHECK(why == expected_why);
    Date cached;
    CHECK(cache.cached(text, &cached) == expected.has_value());
    if (expected) CHECK(cached == *expected);
  };
  DateCache cache;
  char text[16];
  for (int year = 0; year <= 9999; ++year)
    for (int month = 0; month <= 13; ++month)
      for (int day : {0, 1, 9, 10, 19, 20, 28, 29, 30, 31, 32}) {
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
        check(cache, text);
      }
  // Any byte in any place of a date.
  for (std::size_t at = 0; at < 10; ++at)
    for (int byte = 0; byte < 256; ++byte) {
      std::string changed = "2024-02-29";
      changed[at] = static_cast<char>(byte);
      check(cache, changed);
    }
}

TEST_CASE("parse_plain reads a length as parse_millimetres does, or leaves it") {
  Ways ways("subject,date,lesion,role,diameter_mm");
  const std::string chars = "059.x";
  std::size_t taken = 0;
  std::vector<std::string> values = {""};
  for (std::size_t length = 1; length <= 7; ++length) {
    std::vector<std::string> longer;
    for (const std::string& v : values)
      for (char c : chars) longer.push_back(v + c);
    values = longer;
    for (const std::string& v : values) {
      const std::string record = "P1,2024-04-30,T1,TARGET," + v + "\n";
      const bool took = read_both_ways(ways, record, true);
      taken += took;
      if (took) {
        CHECK(parse_millimetres(v, nullptr).has_value());
      }
    }
  }
  CHECK(taken > 1000);  // the usual forms go the quick way
}

TEST_CASE("parse_plain reads a role, status or method as parse() does, the usual spellings at once") {
  Ways ways("subject,date,lesion,role,status,method");
  const std::vector<std::string> terms = {
      "TARGET", "target", "TARGEt", "TARGE", "TARGETS", "NON-TARGET", "NEW", "PRESENT", "present", "PRESEN",
      "PRESENTS", "ABSENT", "PD", "NE", "CT", "ct", "C", "CTT", "MRI", "CALIPER", "XRAY", "X", "",
  };
  std::size_t taken = 0;
  for (const std::string& role : terms)
    for (const std::string& status : terms)
      for (const std::string& method : terms)
        taken += read_both_ways(ways, "P1,2024-04-30,T1," + role + "," + status + "," + method + "\n", true);
  CHECK(taken == 6 * 6 * 6);  // blank or one of the terms each
  // Terms less than 8 bytes from the text's end (which ends a block), read by their parse_…().
  for (const std::string& record : std::vector<std::string>{"P1,2024-04-30,T1,TARGET,PRESENT,CT\n", "P1,2024-04-30,T1,TARGET,,\n"})
    CHECK(read_both_ways(ways, record, false, std::string(128 - record.size(), '\n')));
}

TEST_CASE("short_id_key: equal keys for equal ids of 1 to 7 bytes, distinct otherwise; 0 for the rest") {
  // Each id followed by other bytes, which the key must not see (8 bytes are read).
  auto key = [](std::string_view id) {
    std::string text(id);
    text += "\x01XYZ,\"\n\xff";
    return short_id_key(text.data(), id.size());
  };
  const std::vector<std::string> ids = {"T",     "T1",      "T2",      "NT1",     "T1\0",  std::string("\0T1", 3),
                                        "NEW1",  "NEW10",   "LESION7", "t1",      "1T",    "ABCDEFG",
                                        "ABCDEF", "ABCDEFH", "T\xff",  "T\x01"};
  for (const std::string& a : ids) {
    CHECK(key(a) != 0);
    const std::uint64_t length = key(a) >> 56;
    CHECK(length == a.size());
    for (const std::string& b : ids) {
      const bool same_key = key(a) == key(b);
      CHECK(same_key == (a == b));
    }
  }
  CHECK(key("") == 0);
  CHECK(key("ABCDEFGH") == 0);  // 8 bytes and more: compared byte by byte
  CHECK(key("LESION-12") == 0);
}

}  // namespace
}  // namespace recist::io
