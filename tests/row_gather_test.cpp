// The compact way's first pass (row_gather.hpp): each gathered row's track, line, size and place
// against a plain reading of the same text with CsvReader and make_track_key().
#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "batch/row_gather.hpp"
#include "recist/io/read/csv.hpp"

using namespace recist::io;

namespace {

/// What a plain reading says of a data row: its track (numbered in order of first appearance by
/// make_track_key()'s key), line, place and size.
struct Expected {
  std::uint32_t track = 0;
  std::int64_t line = 0;
  std::size_t offset = 0, size = 0;
};

constexpr std::size_t kWidth = 4;  // subject, reader, visit, diameter

MeasurementLayout layout_of_test() {
  MeasurementLayout layout;
  layout.at.fill(-1);
  layout.at[kSubject] = 0;
  layout.at[kReader] = 1;
  layout.width = kWidth;
  return layout;
}

/// The rows of `text` (a header, then data records) with the right number of fields and a subject.
std::vector<Expected> read_plainly(const std::string& text, std::vector<std::string>* subjects_of_bad_rows) {
  CsvReader reader(text, text.find('\n') + 1, 2);
  CsvRecord rec;
  std::map<std::string, std::uint32_t> tracks;
  std::vector<Expected> rows;
  for (std::size_t offset = reader.offset(); reader.next(&rec); offset = reader.offset()) {
    if (is_blank_record(rec)) continue;
    std::string_view s, r;
    if (!track_of_record(rec, 0, 1, &s, &r)) continue;
    std::string key;
    make_track_key(s, r, &key);
    const auto [at, added] = tracks.try_emplace(key, static_cast<std::uint32_t>(tracks.size()));
    if (rec.fields.size() != kWidth) {
      subjects_of_bad_rows->emplace_back(s);
      continue;
    }
    rows.push_back({at->second, rec.line, offset, reader.offset() - offset});
  }
  return rows;
}

/// What gather_rows() reads of `text` (a header line, then data rows) on `threads` threads.
GatherInput input_of(const std::string& text, const MeasurementLayout& layout, unsigned threads) {
  GatherInput in;
  in.text = text;
  in.begin = text.find('\n') + 1;
  in.line = 2;
  in.layout = &layout;
  in.threads = threads;
  return in;
}

/// Gathers `text` on `threads` threads and checks every row against read_plainly().
void check_gathered(const std::string& text, unsigned threads) {
  const MeasurementLayout layout = layout_of_test();
  const GatherInput in = input_of(text, layout, threads);
  const std::string file = "t.csv";
  ErrorList errors(&file, 1000);
  GatheredRows gathered;
  std::optional<std::pair<std::int64_t, std::string>> syntax;
  gather_rows(in, errors, &gathered, &syntax);
  REQUIRE_FALSE(syntax);

  std::vector<std::string> bad_subjects;
  const std::vector<Expected> expected = read_plainly(text, &bad_subjects);
  REQUIRE(errors.listed().size() == bad_subjects.size());
  for (std::size_t i = 0; i < bad_subjects.size(); ++i) CHECK(errors.listed()[i].error.subject == bad_subjects[i]);

  // Each bucket's rows in input order: those of the expected rows whose track is in the bucket.
  std::size_t seen = 0;
  for (const GatheredRows::Bucket& b : gathered.buckets()) {
    std::vector<const Expected*> mine;
    for (const Expected& e : expected)
      if (e.track >= b.first_track && e.track < b.last_track) mine.push_back(&e);
    std::size_t k = 0;
    b.for_each_row(text, [&](const GatheredRow& row) {
      REQUIRE(k < mine.size());
      const Expected& e = *mine[k++];
      CHECK(row.track_in_bucket + b.first_track == e.track);
      CHECK(row.line == e.line);
      CHECK(static_cast<std::size_t>(row.text.data() - text.data()) == e.offset);
      CHECK(row.size == (e.size < (std::size_t{1} << 24) - 1 ? e.size : 0));  // 0: too long to be noted
    });
    CHECK(k == mine.size());
    CHECK(b.rows() == mine.size());
    seen += k;
  }
  CHECK(seen == expected.size());
}

std::string row(const std::string& subject, const std::string& reader, int visit) {
  return subject + "," + reader + ",W" + std::to_string(visit) + ",12.5\n";
}

}  // namespace

TEST_CASE("gathered rows: track, line, place and size as a plain reading gives them") {
  // Keys short and long (over the 23 bytes a slot holds), readers defaulted, named so or other,
  // quoted subjects (one unescaped), blank lines, CRLF and quoted line ends, rows of the wrong
  // number of fields; the tracks interleaved.
  const std::vector<std::pair<std::string, std::string>> tracks = {
      {"S1", ""},
      {"S1", "INVESTIGATOR"},  // the same track as the one before
      {"S2", "IRC"},
      {"A-SUBJECT-ID-OF-MORE-THAN-23-BYTES", ""},
      {"A-SUBJECT-ID-OF-MORE-THAN-23-BYTES", "IRC"},
      {"\"Q\"\"1\"", " INVESTIGATOR "},
      {"S3", "R\x1fINVESTIGATOR"},
      {"S3\x1fR", ""},  // the same key as the one before
      {"S3", "R"},      // not: the default reader's ending taken off is told apart
      {"S4", "A-READER-OF-MANY-BYTES-TOO"},
      {"  S5 ", "IRC"},
      {"S5", "IRC"},  // trimmed: the same track
      {"0123456789012345678901", ""},
      {"01234567890123456789012", ""},
      {"012345678901234567890123", ""},
  };
  std::string text = "subject,reader,visit,diameter_mm\n";
  for (int visit = 0; visit < 40; ++visit)
    for (std::size_t t = 0; t < tracks.size(); ++t) {
      const std::size_t i = (t * 7 + static_cast<std::size_t>(visit) * 3) % tracks.size();
      std::string r = row(tracks[i].first, tracks[i].second, visit);
      if ((visit + i) % 17 == 0) r = r.substr(0, r.size() - 6) + "\n";  // three fields
      if ((visit + i) % 13 == 0) r.insert(r.size() - 1, "\r");
      if ((visit + i) % 19 == 0) r = tracks[i].first + "," + tracks[i].second + ",\"W\nW\",1\n";
      if ((visit + i) % 23 == 0) text += "\n";
      text += r;
    }
  for (unsigned threads : {1u, 2u}) check_gathered(text, threads);
}

TEST_CASE("gathered rows: a row far from its bucket's row before, or long, is noted whole") {
  // Track B's rows are apart by 20000 blank lines (more lines than a note's step holds) and by a
  // row of 5000 bytes (larger than a note's size); a row of 16 MB is too long for a size at all.
  std::string text = "subject,reader,visit,diameter_mm\n";
  text += row("A", "", 1) + row("B", "", 1);
  text += std::string(20000, '\n');
  text += row("B", "", 2) + "A,,W" + std::string(5000, '2') + ",1\n" + row("B", "", 3) + row("A", "", 4);
  text += "C,,\"" + std::string(std::size_t{1} << 24, 'x') + "\",1\n" + row("C", "", 2) + row("A", "", 5);
  for (unsigned threads : {1u, 2u}) check_gathered(text, threads);

  const MeasurementLayout layout = layout_of_test();
  const GatherInput in = input_of(text, layout, 1);
  ErrorList errors(nullptr, 10);
  GatheredRows gathered;
  std::optional<std::pair<std::int64_t, std::string>> syntax;
  gather_rows(in, errors, &gathered, &syntax);
  REQUIRE(gathered.buckets().size() == 1);
  CHECK_FALSE(gathered.buckets()[0].copyable());  // the 16 MB row
}

TEST_CASE("PageBuffer::resize keeps the bytes") {
  PageBuffer b(1 << 16);
  for (std::size_t i = 0; i < b.size(); ++i) b.data()[i] = static_cast<char>(i * 7);
  b.resize(std::size_t{1} << 22);
  REQUIRE(b.size() == std::size_t{1} << 22);
  bool same = true;
  for (std::size_t i = 0; i < (1 << 16); ++i) same = same && b.data()[i] == static_cast<char>(i * 7);
  CHECK(same);
  CHECK(b.data()[(std::size_t{1} << 22) - 1] == 0);  // the new part zero-filled
  b.resize(0);
  CHECK(b.size() == 0);
  CHECK(b.data() == nullptr);
}
