// The native JSON track (recist serve's request body): the same tracks as the CSV, the CSV
// reader's messages for bad values, exact numbers, and errors located by JSON Pointer.
#include "recist/io/read/native_json.hpp"

#include <string>

#include "recist/batch/batch.hpp"
#include "recist/io/files.hpp"
#include "recist/io/write/native_writers.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::mm;

std::string canonical(const Track& t) {
  std::string out;
  io::write_measurements_csv(std::span<const Track>(&t, 1), &out);
  return out;
}

/// The one error of a document: its pointer, column and message.
io::JsonFieldError one_error(std::string_view text) {
  const io::JsonTrack got = io::read_track_json(text);
  CHECK_FALSE(got.track);
  for (const io::JsonFieldError& e : got.errors) INFO(e.pointer << " " << e.column << ": " << e.message);
  REQUIRE(got.errors.size() == 1);
  return got.errors[0];
}

/// The message the CSV reader gives for the one bad row of `csv`.
std::string csv_message(std::string_view csv) {
  const io::Dataset d = io::read_measurements_csv(csv, "t.csv", {});
  REQUIRE(d.errors.size() == 1);
  return d.errors[0].message;
}

constexpr std::string_view kTrack = R"({
  "subject": "A", "start_date": "2026-01-07",
  "lesions": [
    {"id": "N1", "role": "NEW", "site": "lung"},
    {"id": "NT1", "role": "NON-TARGET", "site": "BONE"},
    {"id": "T1", "role": "target", "site": "LIVER", "node": "N", "slice_mm": 5}
  ],
  "assessments": [
    {"date": "2026-02-20", "visit": "W6", "reported": "PR", "observations": [
      {"lesion": "T1", "status": "FRAGMENT", "fragments": [8, "4.50"]},
      {"lesion": "NT1", "status": "ABSENT"},
      {"lesion": "N1", "status": "EQUIVOCAL", "diameter_mm": null}]},
    {"date": "2026-01-05", "visit": "BL", "observations": [
      {"lesion": "T1", "diameter_mm": 20.0},
      {"lesion": "NT1"}]}
  ]
})";

TEST_CASE("a JSON track is the track of its CSV, numbered by first observation") {
  const io::JsonTrack got = io::read_track_json(kTrack);
  for (const io::JsonFieldError& e : got.errors) FAIL_CHECK(e.pointer << ": " << e.message);
  REQUIRE(got.track);
  const std::string csv =
      "subject,date,lesion,role,site,node,diameter_mm,status,visit,start_date,slice_mm,reported\n"
      "A,2026-01-05,T1,TARGET,LIVER,N,20,,BL,2026-01-07,5,\n"
      "A,2026-01-05,NT1,NON-TARGET,BONE,N,,,BL,2026-01-07,,\n"
      "A,2026-02-20,T1,,,,8,FRAGMENT,W6,2026-01-07,,PR\n"
      "A,2026-02-20,T1,,,,4.5,FRAGMENT,W6,2026-01-07,,PR\n"
      "A,2026-02-20,NT1,,,,,ABSENT,W6,2026-01-07,,PR\n"
      "A,2026-02-20,N1,NEW,LUNG,N,,EQUIVOCAL,W6,2026-01-07,,PR\n";
  const io::Dataset d = io::read_measurements_csv(csv, "t.csv", {});
  REQUIRE(d.errors.empty());
  CHECK(canonical(*got.track) == canonical(d.tracks.at(0)));
  CHECK(got.track->lesions.at(0).id == "T1");
  CHECK(got.track->assessments.at(1).observations.at(0).diameter == mm("12.5"));
}

TEST_CASE("every track of the all-features file goes through JSON and back unchanged") {
  std::string text, err;
  REQUIRE(io::read_file(RECIST_SOURCE_DIR "/tests/native/all_features.csv", &text, &err));
  const io::Dataset d = io::read_measurements_csv(text, "all_features.csv", {});
  REQUIRE(d.tracks.size() >= 3);
  for (const Track& t : d.tracks) {
    std::string json;
    io::write_track_json(t, &json);
    const io::JsonTrack back = io::read_track_json(json);
    for (const io::JsonFieldError& e : back.errors) FAIL_CHECK(e.pointer << ": " << e.message);
    REQUIRE(back.track);
    CHECK(canonical(*back.track) == canonical(t));
    std::string again;
    io::write_track_json(*back.track, &again);
    CHECK(again == json);
  }
}

TEST_CASE("a bad value gets the CSV reader's message, at its JSON Pointer") {
  const io::JsonFieldError role = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGT","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":20}]}]})");
  CHECK(role.pointer == "/lesions/0/role");
  CHECK(role.column == "role");
  CHECK(role.message == csv_message("subject,date,lesion,role,site,diameter_mm\nA,2026-01-05,T1,TARGT,LIVER,20\n"));

  const io::JsonFieldError diameter = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":"12.345"}]}]})");
  CHECK(diameter.pointer == "/assessments/0/observations/0/diameter_mm");
  CHECK(diameter.message == csv_message("subject,date,lesion,role,site,diameter_mm\nA,2026-01-05,T1,TARGET,LIVER,12.345\n"));

  const io::JsonFieldError status = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","status":"PRESENT"}]}]})");
  CHECK(status.pointer == "/assessments/0/observations/0/status");
  CHECK(status.message ==
        csv_message("subject,date,lesion,role,site,status\nA,2026-01-05,T1,TARGET,LIVER,PRESENT\n"));

  const io::JsonFieldError date = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-02-30","observations":[{"lesion":"T1","diameter_mm":20}]}]})");
  CHECK(date.pointer == "/assessments/0/date");
  CHECK(date.message == csv_message("subject,date,lesion,role,site,diameter_mm\nA,2026-02-30,T1,TARGET,LIVER,20\n"));
}

TEST_CASE("numbers are read as written: exact to two decimals, no binary fraction") {
  const io::JsonFieldError e = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":23.1000000000000001}]}]})");
  CHECK(e.message.starts_with("\"23.1000000000000001\""));
  const io::JsonTrack ok = io::read_track_json(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":23.10}]}]})");
  REQUIRE(ok.track);
  CHECK(ok.track->assessments[0].observations[0].diameter == mm("23.1"));
}

TEST_CASE("structure errors name the member, with the nearest known name") {
  const io::JsonFieldError unknown = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER","diametr_mm":3}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":20}]}]})");
  CHECK(unknown.pointer == "/lesions/0/diametr_mm");
  CHECK(unknown.message.find("(known: id, role, site, node, method, slice_mm, irradiated)") != std::string::npos);
  CHECK(unknown.message.starts_with("unknown member \"diametr_mm\" of a lesion"));

  const io::JsonFieldError undeclared = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":20},{"lesion":"T9","diameter_mm":20}]}]})");
  CHECK(undeclared.pointer == "/assessments/0/observations/1/lesion");
  CHECK(undeclared.message == "\"T9\" is not declared in \"lesions\" of this track (declared: T1)");

  const io::JsonFieldError missing = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":20}]}]})");
  CHECK(missing.pointer == "/lesions/0/role");
  CHECK(missing.message == "missing: a lesion needs a role (TARGET, NON-TARGET or NEW)");

  const io::JsonFieldError twice = one_error(
      R"({"subject":"A","lesions":[{"id":"T1","role":"TARGET","site":"LIVER"}],
          "assessments":[{"date":"2026-01-05","observations":[{"lesion":"T1","diameter_mm":20}]},
                         {"date":"2026-01-05","observations":[]}]})");
  CHECK(twice.pointer == "/assessments/1/date");

  const io::JsonFieldError syntax = one_error(R"({"subject": "A",)");
  CHECK(syntax.pointer.empty());
  CHECK(syntax.message.starts_with("the request is not JSON: parse error"));
}

}  // namespace
}  // namespace recist
