// The batch reader (recist/io/batch.hpp): chunks end at record and track boundaries with the right
// line numbers, and the tracks, their order and the errors do not depend on the chunk size, the
// number of threads, or whether the input is grouped by track.
#include "recist/batch/batch.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "batch/batch_internal.hpp"
#include "batch/row_gather.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/batch/input_text.hpp"
#include "recist/io/read/native_csv.hpp"

namespace recist::io {
namespace {

/// A trial of `subjects` subjects with 2 lesions and 3 assessments each, grouped by subject;
/// `line_end` ends each row. Some visit labels are quoted, with a doubled quote or a line end.
std::string trial(int subjects, const std::string& line_end = "\n") {
  std::string s = "subject,reader,date,visit,lesion,role,site,diameter_mm,status" + line_end;
  const char* dates[] = {"2026-01-05", "2026-02-16", "2026-03-30"};
  for (int i = 0; i < subjects; ++i) {
    const std::string id = "S" + std::to_string(i);
    const std::string reader = i % 3 == 0 ? "BICR" : "";
    for (int k = 0; k < 3; ++k) {
      std::string visit = k == 0 ? "BASELINE" : "W" + std::to_string(6 * k);
      if (i % 4 == 1 && k == 1) visit = "\"week \"\"six\"\"" + line_end + "(late)\"";
      s += id + "," + reader + "," + dates[k] + "," + visit + ",T1," + (k ? "," : "TARGET,LIVER") + "," +
           std::to_string(30 - 3 * k - i % 5) + ".5," + line_end;
      s += id + "," + reader + "," + dates[k] + "," + visit + ",NT1," + (k ? "," : "NON-TARGET,BONE") + ",," +
           (k == 2 && i % 7 == 0 ? "PD" : "PRESENT") + line_end;
    }
  }
  return s;
}

/// The rows of `text` after the header, and the header.
std::vector<std::string> rows_of(const std::string& text, std::string* header) {
  std::vector<std::string> rows;
  CsvReader reader(text);
  CsvRecord rec;
  std::size_t at = reader.offset();
  bool first = true;
  while (reader.next(&rec)) {
    std::string row = text.substr(at, reader.offset() - at);
    if (first)
      *header = row;
    else
      rows.push_back(row);
    first = false;
    at = reader.offset();
  }
  return rows;
}

/// A track as text, to compare.
std::string describe(const Track& t) {
  std::string s = t.subject + "/" + t.reader + " start " + (t.start_date ? t.start_date->to_string() : "-") + ":";
  for (const Lesion& l : t.lesions)
    s += " " + l.id + "=" + std::string(to_string(l.role)) + "@" + l.site + (l.nodal ? "/node" : "") + "/" +
         std::string(to_string(l.method)) + "/" + (l.slice_thickness ? l.slice_thickness->to_string() : "-") + "/" +
         std::string(to_string(l.irradiation));
  for (const Assessment& a : t.assessments) {
    s += " | " + a.date.to_string() + " " + a.visit + (a.reported ? " reported " + std::string(to_string(*a.reported)) : "");
    for (const Observation& o : a.observations)
      s += " " + std::to_string(o.lesion) + ":" + std::string(to_string(o.status)) + ":" +
           (o.diameter ? o.diameter->to_string() : "-");
  }
  return s;
}

/// Collects what a batch hands over, checking the thread contract on the way.
class Collect final : public BatchSink {
 public:
  struct Chunk final : BatchChunk {
    std::vector<std::string> tracks;
  };
  std::unique_ptr<BatchChunk> make_chunk(std::size_t) override { return std::make_unique<Chunk>(); }
  void track(BatchChunk& chunk, Track&& track) override {
    static_cast<Chunk&>(chunk).tracks.push_back(describe(track));
  }
  void deliver(BatchChunk& chunk) override {
    for (std::string& t : static_cast<Chunk&>(chunk).tracks) tracks.push_back(std::move(t));
    ++chunks;
  }
  void restart() override {
    tracks.clear();
    ++restarts;
  }
  std::vector<std::string> tracks;
  int chunks = 0;
  int restarts = 0;
};

/// What a batch read gave, as text.
struct Outcome {
  std::vector<std::string> tracks;
  std::vector<std::string> errors;
  std::size_t not_listed = 0;
  bool fatal = false;
  bool grouped = true;
  bool own_copy = false;
  bool operator==(const Outcome&) const = default;
};

Outcome read(const std::string& text, unsigned threads, std::size_t chunk_bytes, ReadOptions options = {},
             std::size_t sweep_group_bytes = BatchOptions{}.sweep_group_bytes) {
  Collect sink;
  std::size_t kept = 0;
  BatchReport report = read_measurements_text(text, nullptr, "in.csv", options,
                                              BatchOptions{threads, chunk_bytes, sweep_group_bytes}, sink, &kept);
  Outcome o;
  o.tracks = sink.tracks;
  if (o.tracks.size() > kept) o.tracks.resize(kept);
  for (const InputError& e : report.errors) o.errors.push_back(to_string(e));
  o.not_listed = report.errors_not_listed;
  o.fatal = report.fatal;
  o.grouped = report.grouped;
  o.own_copy = report.own_copy;
  return o;
}

/// The tracks read_measurements_csv returns, as text.
std::vector<std::string> plain(const std::string& text, const ReadOptions& options) {
  std::vector<std::string> out;
  for (const Track& t : read_measurements_csv(text, "in.csv", options).tracks) out.push_back(describe(t));
  return out;
}

/// Checks that every chunk size and thread count gives what one thread and one chunk give.
Outcome same_whatever_the_chunks(const std::string& text, ReadOptions options = {}) {
  const Outcome reference = read(text, 1, std::size_t{1} << 40, options);
  for (unsigned threads : {1u, 2u, 3u}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{13}, std::size_t{97}, std::size_t{1000}}) {
      CAPTURE(threads);
      CAPTURE(chunk);
      const Outcome o = read(text, threads, chunk, options);
      CHECK(o.tracks == reference.tracks);
      CHECK(o.errors == reference.errors);
      CHECK(o.not_listed == reference.not_listed);
      CHECK(o.fatal == reference.fatal);
    }
  }
  return reference;
}

/// trial(subjects) with its rows interleaved, a row of the second half before each of the first
/// (not grouped); `after_pair(i, &text)` may add rows after the i-th pair.
std::string interleaved_trial(int subjects, const std::function<void(std::size_t, std::string*)>& after_pair = {}) {
  std::string header;
  const std::vector<std::string> rows = rows_of(trial(subjects), &header);
  std::string text = header;
  for (std::size_t i = 0; i < rows.size() / 2; ++i) {
    text += rows[i + rows.size() / 2] + rows[i];
    if (after_pair) after_pair(i, &text);
  }
  return text;
}

/// Reads `text` in place (2 threads) and swept in groups of each of `groups` bytes on each of
/// `threads` threads (BatchOptions::sweep_group_bytes), checks that the sweeps read the same, and
/// returns what was read in place.
Outcome same_swept_as_in_place(const std::string& text, const ReadOptions& options,
                               std::initializer_list<unsigned> threads, std::initializer_list<std::size_t> groups) {
  const Outcome in_place = read(text, 2, 4096, options);
  for (unsigned t : threads)
    for (std::size_t group : groups) {
      CAPTURE(t);
      CAPTURE(group);
      REQUIRE(text.size() > 2 * group);
      const Outcome swept = read(text, t, 4096, options, group);
      CHECK(swept.tracks == in_place.tracks);
      CHECK(swept.errors == in_place.errors);
      CHECK(swept.grouped == in_place.grouped);
    }
  return in_place;
}

}  // namespace

#if defined(__SSE2__)
TEST_CASE("the chunks' lines and quotes counted 32 bytes at a time as 16 at a time, and as byte by byte") {
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2");
  const std::string bytes = "a,\"\n\r";
  unsigned seed = 7;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t size = round % 700 + (round % 10 == 0 ? 5000 : 0);  // over 63 blocks too
    const int plain = 1 + round % 40;  // one special byte in about `plain`
    for (std::size_t k = 0; k < size; ++k) {
      seed = seed * 1103515245u + 12345u;
      const unsigned r = seed >> 16;
      text.push_back(r % plain == 0 ? bytes[2 + (r / plain) % 3] : bytes[(r / plain) % 2]);
    }
    const char* p = text.data();
    const std::size_t n = text.size() - (round % 3 == 0 ? std::min<std::size_t>(text.size(), 5) : 0);
    const char* const limit = p + text.size();
    ScanState sse, wide;
    const std::size_t counted = scan_blocks(p, n, limit, &sse);
    CHECK(counted + 64 > n);
    CHECK(counted <= n);
    // Byte by byte: every '\n', and a '\r' not followed by '\n' outside quotes.
    ScanState one;
    for (std::size_t i = 0; i < counted; ++i) {
      if (p[i] == '"') ++one.quotes;
      if (p[i] == '\n') ++one.lines;
      if (p[i] == '\r' && !(p + i + 1 < limit && p[i + 1] == '\n') && one.quotes % 2 == 0) ++one.lines;
    }
    CHECK(sse.lines == one.lines);
    CHECK(sse.quotes == one.quotes);
    if (avx2) {
      CHECK(scan_blocks_avx2(p, n, limit, &wide) == counted);
      CHECK(wide.lines == sse.lines);
      CHECK(wide.quotes == sse.quotes);
    }
  }
}
#endif

TEST_CASE("chunks end at record boundaries between tracks, with CsvReader's line numbers") {
  for (const std::string& line_end : {std::string("\n"), std::string("\r\n"), std::string("\r")}) {
    const std::string text = trial(40, line_end);
    // Where each record starts, its line and its track, as one CsvReader sees them.
    std::vector<std::size_t> starts;
    std::vector<std::int64_t> lines;
    std::vector<std::string> keys;
    CsvReader reader(text);
    CsvRecord rec;
    reader.next(&rec);
    while (true) {
      const std::size_t at = reader.offset();
      const std::int64_t line = reader.line();
      if (!reader.next(&rec)) break;
      starts.push_back(at);
      lines.push_back(line);
      keys.push_back(std::string(rec.fields[0]) + "/" + std::string(rec.fields[1]));
    }
    REQUIRE(keys.size() == 240);
    // Sizes that end the counted part of a chunk anywhere in a block of 64 bytes (see scan()).
    std::vector<std::size_t> sizes = {1, 50, 333, 4096};
    for (std::size_t size = 64; size < 320; ++size) sizes.push_back(size);
    for (std::size_t size : sizes) {
      CAPTURE(line_end.size());
      CAPTURE(size);
      ChunkSplitter splitter(text, starts.front(), lines.front(), 0, 1, size);
      InputChunk chunk;
      std::size_t expected_begin = starts.front();
      int chunks = 0;
      while (splitter.next(&chunk)) {
        ++chunks;
        CHECK(chunk.begin == expected_begin);
        CHECK(chunk.end > chunk.begin);
        expected_begin = chunk.end;
        auto it = std::find(starts.begin(), starts.end(), chunk.begin);
        REQUIRE(it != starts.end());
        const auto i = static_cast<std::size_t>(it - starts.begin());
        CHECK(chunk.line == lines[i]);
        if (i > 0) CHECK(keys[i] != keys[i - 1]);
        // It ends after the record holding its byte `size`, at the end of the next record's track.
        std::size_t end = text.size();
        if (text.size() - chunk.begin > size) {
          std::size_t k = static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), chunk.begin + size) -
                                                   starts.begin());
          for (std::size_t first = k; k < starts.size() && keys[k] == keys[first];) ++k;
          if (k < starts.size()) end = starts[k];
        }
        CHECK(chunk.end == end);
      }
      CHECK(expected_begin == text.size());
      if (size == 1) CHECK(chunks == 40);  // one track per chunk
    }
  }
}

TEST_CASE("tracks, order and errors do not depend on chunks or threads") {
  SUBCASE("grouped, with quoted line ends and doubled quotes") {
    const Outcome o = same_whatever_the_chunks(trial(60));
    CHECK(o.tracks.size() == 60);
    CHECK(o.errors.empty());
    CHECK(o.grouped);
    CHECK(o.tracks == plain(trial(60), {}));
  }
  SUBCASE("CRLF and bare CR line ends") {
    CHECK(same_whatever_the_chunks(trial(30, "\r\n")).tracks.size() == 30);
    CHECK(same_whatever_the_chunks(trial(30, "\r")).tracks.size() == 30);
  }
  SUBCASE("bad rows, blank lines, empty subjects and a duplicate row") {
    std::string header;
    std::vector<std::string> rows = rows_of(trial(50), &header);
    // Six rows a subject; the fifth is T1 at the last assessment.
    rows[10] = "S1,,2026-02-30,W12,T1,,,12.0,\n";  // bad date
    // A field too many; and S6 is read by BICR, so this row (no reader) starts another track
    // amid S6/BICR's rows: the input is no longer grouped.
    rows[40] = "S6,,2026-03-30,W12,T1,,,12,5,\n";
    rows[82] = ",,2026-03-30,W12,T1,,,12.0,\n";  // no subject (S13 lacks a row: not evaluated)
    rows.insert(rows.begin() + 100, "\n");
    rows.insert(rows.begin() + 150, rows[150]);  // S24's NT1 twice on one date: a track error
    std::string text = header;
    for (const std::string& r : rows) text += r;
    const Outcome o = same_whatever_the_chunks(text);
    REQUIRE(o.errors.size() == 4);
    CHECK(o.errors[0].find("column date: \"2026-02-30\"") != std::string::npos);
    CHECK(o.errors[1].find("10 fields, but the header has 9 columns") != std::string::npos);
    CHECK(o.errors[2].find("column subject: empty") != std::string::npos);
    CHECK(o.errors[3].find("a second row for lesion NT1") != std::string::npos);
    CHECK(o.tracks.size() == 48);  // S1 and S24 left out; S6/BICR lacks a row (not evaluated)
    CHECK_FALSE(o.grouped);
    CHECK_FALSE(o.fatal);
    ReadOptions strict;
    strict.strict = true;
    const Outcome s = same_whatever_the_chunks(text, strict);
    REQUIRE(s.errors.size() == 1);  // the first bad row only
    CHECK(s.errors[0] == o.errors[0]);
    CHECK(s.fatal);
    CHECK(s.tracks.empty());
  }
  SUBCASE("--strict with only a track error keeps the tracks before it") {
    std::string header;
    std::vector<std::string> rows = rows_of(trial(20), &header);
    rows.insert(rows.begin() + 70, rows[70]);
    std::string text = header;
    for (const std::string& r : rows) text += r;
    ReadOptions strict;
    strict.strict = true;
    const Outcome s = same_whatever_the_chunks(text, strict);
    CHECK(s.errors.size() == 1);
    CHECK(s.tracks.size() == 11);  // rows 66–71 are S11's
    CHECK(s.tracks == plain(text, strict));
  }
  SUBCASE("the error cap lists the first errors in input order and counts the others") {
    std::string header;
    std::vector<std::string> rows = rows_of(trial(40), &header);
    std::string text = header;
    for (std::size_t i = 0; i < rows.size(); ++i) text += i % 10 == 3 ? "S0,,2026-13-01,W1,T1,,,1,\n" : rows[i];
    ReadOptions capped;
    capped.max_errors = 5;
    const Outcome o = same_whatever_the_chunks(text, capped);
    CHECK(o.errors.size() == 5);
    CHECK(o.not_listed > 19);
    CHECK(o.errors[0].find("in.csv:5: column date") == 0);
  }
  SUBCASE("a syntax error late in the input: nothing but the errors before it") {
    std::string text = trial(30);
    text += "S99,,2026-01-05,\"BASELINE,T1,TARGET,LIVER,20,\n";
    const Outcome o = same_whatever_the_chunks(text);
    CHECK(o.fatal);
    CHECK(o.tracks.empty());
    REQUIRE(o.errors.size() == 1);
    CHECK(o.errors[0].find("a quoted field is not closed") != std::string::npos);
  }
}

TEST_CASE("tracks of every length built one after another into the same storage read as fresh ones") {
  // The batch builds each worker's tracks into one Track whose assessments keep their storage
  // (TrackBuilder::recycle), and writes over the lesions and visits of the track before (copying
  // a text only when it differs); read_measurements_csv's sink moves every track out, so its
  // tracks are always built fresh. Long, short, empty and one-date tracks in turn, with visits
  // (on the first row of a date, a later one, or none), reported responses and start dates present
  // on some tracks only, and lesions whose ids, sites, node flags, methods and slices change from
  // one track to the next.
  std::string text = "subject,date,visit,lesion,role,site,diameter_mm,status,start_date,reported,node,method,slice_mm\n";
  const int lengths[] = {6, 1, 4, 9, 2, 2, 7, 1, 3, 8, 5, 1};
  for (int i = 0; i < 36; ++i) {
    const int dates = lengths[i % 12] + i / 12;
    const std::string id = "P" + std::to_string(i);
    const std::string target = i % 3 == 1 ? "TA" : "T1", non_target = i % 2 ? "X" : "NT";
    const std::string lesion_terms = std::string(i % 5 == 0 ? "Y" : "N") + "," + (i % 3 == 0 ? "MRI" : "CT") + "," +
                                     (i % 4 ? "5" : "");
    for (int k = 0; k < dates; ++k) {
      const std::string date = "2026-" + std::string(k + 1 < 10 ? "0" : "") + std::to_string(k + 1) + "-1" +
                               std::to_string(i % 10);
      const std::string visit = (i + k) % 3 ? "V" + std::to_string(k) : "";
      const std::string start = i % 4 == 0 ? "2026-01-0" + std::to_string(1 + i % 9) : "";
      const std::string reported = k && i % 5 == 0 ? "SD" : "";
      text += id + "," + date + "," + visit + "," + target + "," + (k ? "," : i % 2 ? "TARGET,LUNG" : "TARGET,LIVER") +
              "," + std::to_string(40 - k) + ".0,," + start + "," + reported + "," + (k ? ",," : lesion_terms) + "\n";
      for (int n = 0; n < (i + k) % 4; ++n) {  // a varying number of non-targets a date
        const std::string late_visit = visit.empty() && n == 1 ? "late" + std::to_string(k) : visit;
        text += id + "," + date + "," + late_visit + "," + non_target + std::to_string(n) + ",NON-TARGET,BONE,,PRESENT," +
                start + "," + reported + "," + lesion_terms + "\n";
      }
    }
  }
  const Outcome o = same_whatever_the_chunks(text);
  CHECK(o.errors.empty());
  CHECK(o.tracks.size() == 36);
  CHECK(o.tracks == plain(text, {}));
}

TEST_CASE("a lesion is the same lesion whether its id is short or long, quoted or not, near the text's end or not") {
  // TrackBuilder compares the short ids of parse_plain()'s rows by a key of one word, and any other
  // (a long id, or a row the CSV reader read: quoted, or too near the end of the text for 8 bytes
  // to be read) by its bytes: the same lesions either way. Each id below is on every date, in the
  // same order, some rows quoted; the same rows unquoted are the reference.
  const std::vector<std::string> ids = {"T1", "T1LONGER", "NT1", "A-LESION-ID-OF-MANY-BYTES", "N", "T10"};
  auto text_of = [&](bool quote_some) {
    std::string text = "subject,date,lesion,role,site,diameter_mm,status\n";
    for (int d = 0; d < 4; ++d)
      for (std::size_t i = 0; i < ids.size(); ++i) {
        const bool quoted = quote_some && (d + i) % 2 == 0;
        const std::string id = quoted ? "\"" + ids[i] + "\"" : ids[i];
        const bool target = i % 2 == 0;
        text += "P1,2026-0" + std::to_string(d + 1) + "-01," + id + "," + (target ? "TARGET,LIVER," : "NON-TARGET,BONE,") +
                (target ? std::to_string(30 - d) + ".0," : ",PRESENT") + "\n";
      }
    return text;
  };
  const Outcome reference = same_whatever_the_chunks(text_of(false));
  REQUIRE(reference.errors.empty());
  REQUIRE(reference.tracks.size() == 1);
  CHECK(reference.tracks[0].find(" T1=TARGET@LIVER") != std::string::npos);
  CHECK(reference.tracks[0].find(" T10=") != std::string::npos);
  CHECK(reference.tracks == plain(text_of(false), {}));
  const Outcome quoted = same_whatever_the_chunks(text_of(true));
  CHECK(quoted.errors.empty());
  CHECK(quoted.tracks == reference.tracks);
  // Six lesions, each observed once on each of four dates.
  std::size_t observations = 0;
  for (std::size_t at = reference.tracks[0].find(":"); at != std::string::npos; at = reference.tracks[0].find(":", at + 1))
    ++observations;
  CHECK(observations == 4 * 6 * 2 + 1);  // two colons an observation, and one after the start
}

TEST_CASE("an input not grouped by track is read again, with the grouped input's results") {
  std::string header;
  const std::vector<std::string> rows = rows_of(trial(30), &header);
  // Interleave: every other row from the second half.
  std::string text = header;
  for (std::size_t i = 0; i < rows.size() / 2; ++i) text += rows[i] + rows[i + rows.size() / 2];
  const Outcome o = same_whatever_the_chunks(text);
  CHECK_FALSE(o.grouped);
  CHECK(o.tracks.size() == 30);
  // A track's rows are its rows, whatever their place: the same tracks as the grouped file.
  std::vector<std::string> grouped = read(trial(30), 2, 100).tracks;
  std::vector<std::string> got = o.tracks;
  std::sort(grouped.begin(), grouped.end());
  std::sort(got.begin(), got.end());
  CHECK(got == grouped);
  // One row out of place at the end: the tracks keep their order of first appearance.
  std::string late = header;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (i != 5) late += rows[i];
  late += rows[5];
  const Outcome l = same_whatever_the_chunks(late);
  CHECK_FALSE(l.grouped);
  CHECK(l.tracks == read(trial(30), 1, 100).tracks);
}

TEST_CASE("the compact way: buckets of tracks, odd records, and --strict before a syntax error") {
  std::string header;
  // Over a thousand tracks interleaved: several buckets of tracks, the same tracks as grouped.
  const std::vector<std::string> rows = rows_of(trial(1100), &header);
  std::string text = header;
  for (std::size_t i = 0; i < rows.size() / 2; ++i) text += rows[i + rows.size() / 2] + rows[i];
  const Outcome o = read(text, 2, 4096);
  CHECK_FALSE(o.grouped);
  CHECK(o.errors.empty());
  std::vector<std::string> grouped = read(trial(1100), 2, 4096).tracks;
  REQUIRE(o.tracks.size() == grouped.size());
  CHECK(o.tracks.front() == grouped[grouped.size() / 2]);  // order of first appearance
  std::vector<std::string> got = o.tracks;
  std::sort(grouped.begin(), grouped.end());
  std::sort(got.begin(), got.end());
  CHECK(got == grouped);

  // Bare CR line ends, a quoted subject with a doubled quote, no line end after the last row.
  std::string odd = "subject,date,lesion,role,site,diameter_mm\r";
  odd += "\"A\"\"1\",2026-01-05,T1,TARGET,LIVER,30\rB,2026-01-05,T1,TARGET,LUNG,20\r";
  odd += "\"A\"\"1\",2026-02-16,T1,,,24.5\rB,2026-02-16,T1,,,21";
  const Outcome c = same_whatever_the_chunks(odd);
  CHECK_FALSE(c.grouped);
  CHECK(c.errors.empty());
  REQUIRE(c.tracks.size() == 2);
  CHECK(c.tracks[0].find("A\"1/INVESTIGATOR") == 0);
  CHECK(c.tracks[0].find("2026-02-16  0::24.5") != std::string::npos);
  CHECK(c.tracks[1].find("2026-02-16  0::21.0") != std::string::npos);

  // --strict stops at the first bad row: a syntax error further on, met while reading ahead,
  // is not reported.
  std::string strict_text = header + rows[0] + rows[7] + rows[1];
  strict_text += "S1,,2026-01-05,BASELINE,T1,TARGET\n";  // too few fields
  for (std::size_t i = 2; i < 10; ++i) strict_text += rows[i];
  strict_text += "S2,,2026-01-05,\"open";
  ReadOptions strict;
  strict.strict = true;
  const Outcome s = same_whatever_the_chunks(strict_text, strict);
  CHECK_FALSE(s.grouped);
  REQUIRE(s.errors.size() == 1);
  CHECK(s.errors[0].find("fields, but the header has 9 columns") != std::string::npos);
  CHECK(s.tracks.empty());
  const Outcome n = same_whatever_the_chunks(strict_text);
  REQUIRE(n.errors.size() == 2);
  CHECK(n.errors[1].find("a quoted field is not closed") != std::string::npos);
}

TEST_CASE("the compact way swept in groups reads what it reads in place, errors included") {
  // Over 256 MB an ungrouped input's rows are copied by group into an arena, and the usual ones
  // read there by parse_plain() (the others by the CSV reader): groups of a few kB here.
  std::string text = interleaved_trial(1100, [](std::size_t i, std::string* t) {
    if (i == 700) *t += "S9,,2026-13-05,BASELINE,T1,TARGET,LIVER,30.0,\n";  // not a date
    if (i == 900) *t += "S9,,2026-02-05,BASELINE,T1,TARGET\n";               // too few fields
    if (i == 1000) *t += "S5,,2026-04-20,W16,T1,,KIDNEY,20.0,\n";  // its site was LIVER "on line …"
  });
  text.pop_back();  // no line end after the last row
  for (const bool strict : {false, true}) {
    CAPTURE(strict);
    ReadOptions options;
    options.strict = strict;
    const Outcome in_place = same_swept_as_in_place(text, options, {1u, 2u, 3u}, {3000, 40000});
    CHECK_FALSE(in_place.grouped);
    CHECK(in_place.errors.size() == (strict ? 1u : 3u));
    if (!strict) CHECK(in_place.errors.back().find("changes site from LIVER on line") != std::string::npos);
  }
}

TEST_CASE("the compact way names the subject of a row with the wrong number of fields as the plain reader does") {
  // Quoted with a doubled quote, with blanks, or too long for a key held inline (TrackKey), 1 and 2
  // threads (the gathering pass alone, and pipelined).
  std::string text = interleaved_trial(40, [](std::size_t i, std::string* t) {
    if (i == 10) *t += "\"S\"\"7\",BICR,2026-02-05,BASELINE,T1,TARGET\n";  // quoted, doubled quote
    if (i == 20) *t += " S8 ,,2026-02-05,BASELINE,T1,TARGET,,,,\n";           // blanks trimmed
    if (i == 30) *t += "S-a-subject-id-of-forty-bytes-or-so-0123,A LONG READER NAME,2026-02-05,X\n";
  });
  const Dataset plain_read = read_measurements_csv(text, "in.csv", {});
  REQUIRE(plain_read.errors.size() == 3);
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    Collect sink;
    std::size_t kept = 0;
    const BatchReport report = read_measurements_text(text, nullptr, "in.csv", {}, BatchOptions{threads, 4096}, sink, &kept);
    CHECK_FALSE(report.grouped);
    REQUIRE(report.errors.size() == plain_read.errors.size());
    for (std::size_t i = 0; i < report.errors.size(); ++i) {
      CHECK(to_string(report.errors[i]) == to_string(plain_read.errors[i]));
      CHECK(report.errors[i].subject == plain_read.errors[i].subject);
    }
    CHECK(report.errors[0].subject == "S\"7");
    CHECK(report.errors[1].subject == "S8");
    CHECK(report.errors[2].subject == "S-a-subject-id-of-forty-bytes-or-so-0123");
  }
}

TEST_CASE("a swept input with a row of 16 MB or more reads that row's bucket in place") {
  // Its size does not fit a row's note, so its bucket is not copied: its rows are read from the
  // input, the others from the arena.
  std::string text = interleaved_trial(200);
  text += "S4,,2026-04-20," + std::string((std::size_t{16} << 20) + 5, 'V') + ",T1,,,20.0,\n";
  text += "S151,,2026-04-20,W16,T1,,,20.0,\n";
  const Outcome in_place = same_swept_as_in_place(text, {}, {1u, 2u}, {3000});
  REQUIRE(in_place.errors.empty());
  REQUIRE(in_place.tracks.size() == 200);
  const auto s4 = std::find_if(in_place.tracks.begin(), in_place.tracks.end(),
                               [](const std::string& t) { return t.rfind("S4/", 0) == 0; });
  REQUIRE(s4 != in_place.tracks.end());
  CHECK(s4->find("2026-04-20 VVVV") != std::string::npos);
}

TEST_CASE("group sweeps: rows copied by group of buckets keep their text, line and track order") {
  std::string header;
  // 1100 tracks interleaved (quoted line ends inside rows included), no line end after the last.
  const std::vector<std::string> rows = rows_of(trial(1100), &header);
  std::string text = header;
  for (std::size_t i = 0; i < rows.size() / 2; ++i) text += rows[i + rows.size() / 2] + rows[i];
  text.pop_back();
  MeasurementLayout layout;
  layout.at.fill(-1);
  layout.at[kSubject] = 0;
  layout.at[kReader] = 1;
  layout.width = 9;
  GatherInput in;
  in.text = text;
  in.begin = header.size();
  in.line = 2;
  in.layout = &layout;
  in.threads = 2;
  ErrorList errors(nullptr, 10);
  GatheredRows gathered;
  std::optional<std::pair<std::int64_t, std::string>> syntax;
  gather_rows(in, errors, &gathered, &syntax);
  REQUIRE_FALSE(syntax);
  REQUIRE(gathered.buckets().size() > 4);
  for (unsigned threads : {1u, 2u, 3u}) {
    // Groups of a few buckets of 16 tracks (some 5 kB each).
    RowSweeper sweeper(gathered, text, threads, 40000);
    std::size_t first = 0, last = 0, next = 0, groups = 0;
    while (sweeper.next_group(&first, &last)) {
      CHECK(first == next);
      ++groups;
      for (std::size_t b = first; b < last; ++b) {
        BucketRows in_place;
        list_rows(gathered.buckets()[b], text, &in_place);
        const BucketRows& copied = sweeper.rows_of(b);
        CHECK(copied.ends == in_place.ends);
        REQUIRE(copied.rows.size() == in_place.rows.size());
        for (std::size_t k = 0; k < copied.rows.size(); ++k) {
          const GatheredRow& c = copied.rows[k];
          const GatheredRow& p = in_place.rows[k];
          CHECK(c.line == p.line);
          CHECK(c.track_in_bucket == p.track_in_bucket);
          REQUIRE(c.text.size() == p.size);
          CHECK(c.text == p.text.substr(0, p.size));
          CHECK(c.text.data() != p.text.data());  // a copy
        }
      }
      next = last;
    }
    CHECK(next == gathered.buckets().size());
    CHECK(groups > 1);
    CHECK(groups < gathered.buckets().size());
  }
}

TEST_CASE("records of many fields, long fields and quotes across 64-byte blocks") {
  std::string text;
  std::vector<std::vector<std::string>> expected;
  for (int r = 0; r < 40; ++r) {
    std::vector<std::string> fields;
    const int count = 1 + (r * 7) % 90;
    for (int f = 0; f < count; ++f) fields.push_back(std::string(static_cast<std::size_t>((r + f) % 70), 'a' + f % 26));
    std::string line;
    for (int f = 0; f < count; ++f) {
      if (f) line += ',';
      if ((r + f) % 11 == 3) {
        fields[f] += "\"q\",\n";  // quoted: a quote, a comma and a line end inside
        line += "\"" + fields[f].substr(0, fields[f].size() - 5) + "\"\"q\"\",\n\"";
      } else {
        line += fields[f];
      }
    }
    text += line + (r % 3 == 0 ? "\r\n" : "\n");
    expected.push_back(fields);
  }
  CsvReader reader(text);
  CsvRecord rec;
  for (const std::vector<std::string>& fields : expected) {
    REQUIRE(reader.next(&rec));
    REQUIRE(rec.fields.size() == fields.size());
    for (std::size_t f = 0; f < fields.size(); ++f) CHECK(rec.fields[f] == fields[f]);
  }
  CHECK_FALSE(reader.next(&rec));
  CHECK(reader.error().empty());
}

/// Writes `text` to a file of the temporary folder named after `name` and the process; its path.
std::string temporary_file(const std::string& name, const std::string& text) {
  const std::string path =
      (std::filesystem::temp_directory_path() / ("recist_batch_test_" + std::to_string(::getpid()) + name)).string();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  return path;
}

/// A temporary file holding a text, opened (and mapped) as an InputText; removed when it goes.
struct MappedFile {
  const std::string path;
  InputText input;
  MappedFile(const std::string& name, const std::string& text) : path(temporary_file(name, text)) {
    std::string err;
    REQUIRE(input.open(path, &err));
    REQUIRE(input.mapped());
  }
  ~MappedFile() { std::remove(path.c_str()); }
};

TEST_CASE("a mapped input reads the same before and after its pages are released") {
  const std::string text = trial(200);
  const MappedFile file(".csv", text);
  const InputText& input = file.input;
  const std::string& path = file.path;
  CHECK(input.text() == text);
  input.release_before(text.size());
  CHECK(input.text() == text);
  Collect sink;
  const BatchReport report = read_measurements_batch(input, path, {}, BatchOptions{2, 512}, sink);
  CHECK(report.errors.empty());
  CHECK(sink.tracks.size() == 200);
  CHECK(sink.chunks > 10);
  CHECK(sink.restarts == 0);
  InputText missing;
  std::string err;
  CHECK_FALSE(missing.open("no/such/file.csv", &err));
  CHECK(err.find("cannot open no/such/file.csv") == 0);
}

TEST_CASE("a swept file read from its own copy reads as in place; a text in memory is not copied") {
  const std::string text = interleaved_trial(300);
  const MappedFile file("_swept.csv", text);
  const InputText& input = file.input;
  const std::string& path = file.path;
  REQUIRE(input.copies_from_file());
  // The copy of any part, read from the file, is those bytes.
  for (std::size_t begin : {std::size_t{0}, std::size_t{1}, text.size() / 3}) {
    const std::size_t end = std::min(text.size(), begin + 4097);
    std::string part(end - begin, '\0');
    input.copy(begin, end, part.data());
    CHECK(part == text.substr(begin, end - begin));
  }
  const Outcome in_memory = read(text, 1, 4096);
  REQUIRE_FALSE(in_memory.grouped);
  CHECK(in_memory.tracks == plain(text, {}));
  for (unsigned threads : {1u, 2u, 3u}) {
    CAPTURE(threads);
    const std::size_t group = 2000;  // swept: the input is more than twice as large
    REQUIRE(text.size() > 2 * group);
    Collect sink;
    const BatchReport report = read_measurements_batch(input, path, {}, BatchOptions{threads, 4096, group}, sink);
    CHECK_FALSE(report.grouped);
    CHECK(report.own_copy);
    CHECK(report.errors.empty());
    CHECK(sink.tracks == in_memory.tracks);
    const Outcome swept_in_memory = read(text, threads, 4096, {}, group);
    CHECK_FALSE(swept_in_memory.own_copy);  // it would be held twice
    CHECK(swept_in_memory.tracks == in_memory.tracks);
  }
  // Not swept (an input under twice the group's bytes): read through the map, no copy.
  Collect sink;
  const BatchReport in_place = read_measurements_batch(input, path, {}, BatchOptions{2, 4096}, sink);
  CHECK_FALSE(in_place.own_copy);
  CHECK(sink.tracks == in_memory.tracks);
  CHECK(input.text() == text);  // the map still reads the file after its pages were given back
}

}  // namespace recist::io
