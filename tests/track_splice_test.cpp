// One track of a measurements CSV rewritten in place (recist serve's save): the other records
// byte for byte, the file's columns and line ends, and the track read back as it was saved.
#include "recist/io/write/track_splice.hpp"

#include <string>

#include "recist/batch/batch.hpp"
#include "recist/io/write/native_writers.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

std::string canonical(const Track& t) {
  std::string out;
  io::write_measurements_csv(std::span<const Track>(&t, 1), &out);
  return out;
}

io::MeasurementsText index_of(std::string_view text) {
  io::MeasurementsText index;
  io::InputError error;
  REQUIRE_MESSAGE(io::index_measurements_text(text, "t.csv", &index, &error), error.message);
  return index;
}

/// The track of `subject` and `reader` read from `text`.
Track track_in(std::string_view text, std::string_view subject, std::string_view reader = "INVESTIGATOR") {
  const io::Dataset d = io::read_measurements_csv(text, "t.csv", {});
  for (const io::InputError& e : d.errors) FAIL_CHECK(io::to_string(e));
  for (const Track& t : d.tracks)
    if (t.subject == subject && t.reader == reader) return t;
  FAIL("no track " << subject << "/" << reader);
  return {};
}

// Quirks kept: CRLF, a quoted visit, the lesion attributes on every row, a blank line, B read by
// two readers, A's rows not together.
constexpr std::string_view kFile =
    "subject,date,lesion,role,site,diameter_mm,reader,visit\r\n"
    "A,2026-01-05,T1,TARGET,LIVER,20,,\"BL, \"\"first\"\"\"\r\n"
    "B,2026-01-05,T1,TARGET,LUNG,30,,BL\r\n"
    "\r\n"
    "B,2026-01-05,T1,TARGET,LUNG,31,BICR,BL\r\n"
    "A,2026-02-16,T1,TARGET,LIVER,12,,W6\r\n"
    "B,2026-02-16,T1,TARGET,LUNG,25,,W6";  // no line end at the end

TEST_CASE("the index keys records as the CSV reader keys tracks") {
  const io::MeasurementsText index = index_of(kFile);
  REQUIRE(index.tracks.size() == 3);
  CHECK(index.tracks[0].subject == "A");
  CHECK(index.tracks[0].records.size() == 2);
  CHECK(index.tracks[1].reader == "INVESTIGATOR");
  CHECK(index.tracks[2].reader == "BICR");
  CHECK(index.line_end == "\r\n");
  CHECK(index.records[2].track == -1);  // the blank line
  CHECK(index.text_of(kFile, index.tracks[2]) == "B,2026-01-05,T1,TARGET,LUNG,31,BICR,BL\r\n");
}

TEST_CASE("a saved track replaces its rows where its first row was; the others stay byte for byte") {
  const io::MeasurementsText index = index_of(kFile);
  Track a = track_in(kFile, "A");
  a.assessments[1].observations[0].diameter = testing::mm("11.5");
  const std::string saved = io::replace_track_rows(kFile, index, a);
  CHECK(saved ==
        "subject,date,lesion,role,site,diameter_mm,reader,visit\r\n"
        "A,2026-01-05,T1,TARGET,LIVER,20.0,INVESTIGATOR,\"BL, \"\"first\"\"\"\r\n"
        "A,2026-02-16,T1,,,11.5,INVESTIGATOR,W6\r\n"
        "B,2026-01-05,T1,TARGET,LUNG,30,,BL\r\n"
        "\r\n"
        "B,2026-01-05,T1,TARGET,LUNG,31,BICR,BL\r\n"
        "B,2026-02-16,T1,TARGET,LUNG,25,,W6");
  CHECK(canonical(track_in(saved, "A")) == canonical(a));
  CHECK(canonical(track_in(saved, "B")) == canonical(track_in(kFile, "B")));
}

TEST_CASE("a new track is appended, after a line end the file lacked") {
  const io::MeasurementsText index = index_of(kFile);
  Track c = track_in(kFile, "B", "BICR");
  c.subject = "C";
  const std::string saved = io::replace_track_rows(kFile, index, c);
  CHECK(saved == std::string(kFile) + "\r\nC,2026-01-05,T1,TARGET,LUNG,31.0,BICR,BL\r\n");
  CHECK(canonical(track_in(saved, "C", "BICR")) == canonical(c));
}

TEST_CASE("a column the track needs is added, each other record padded with an empty field") {
  constexpr std::string_view file =
      "subject,date,lesion,role,site,diameter_mm\n"
      "A,2026-01-05,T1,TARGET,LIVER,20\n"
      "B,2026-01-05,T1,TARGET,LUNG,30\n";
  Track b = track_in(file, "B");
  b.lesions[0].method = Method::MRI;  // CT is what a missing method column means; MRI is not
  const std::string saved = io::replace_track_rows(file, index_of(file), b);
  CHECK(saved ==
        "subject,date,lesion,role,site,diameter_mm,method\n"
        "A,2026-01-05,T1,TARGET,LIVER,20,\n"
        "B,2026-01-05,T1,TARGET,LUNG,30.0,MRI\n");
  CHECK(canonical(track_in(saved, "A")) == canonical(track_in(file, "A")));
}

TEST_CASE("an empty file gets the canonical header") {
  const Track a = track_in(kFile, "A");
  const std::string saved = io::replace_track_rows("", index_of(""), a);
  CHECK(saved == canonical(a));
}

TEST_CASE("an unknown column is the CSV reader's error") {
  io::MeasurementsText index;
  io::InputError error;
  CHECK_FALSE(io::index_measurements_text("subject,date,lesion,diametr\n", "t.csv", &index, &error));
  CHECK(error.column == "diametr");
}

}  // namespace
}  // namespace recist
