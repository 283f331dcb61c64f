// The native XML reader and the native writers: the same tracks as the CSV, lines of errors,
// escaping, canonical CSV.
#include "recist/io/read/native_xml.hpp"

#include <string>

#include "recist/batch/batch.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/write/native_writers.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::mm;

io::Dataset read_xml(std::string_view text, io::ReadOptions options = {}) {
  return io::read_native_xml(text, "test.xml", options);
}

/// The canonical CSV of the tracks of a dataset: equal text means equal tracks.
std::string canonical(const io::Dataset& d) {
  std::string out;
  if (!d.recorded.empty())
    io::write_recorded_csv(d.recorded, &out);
  else
    io::write_measurements_csv(d.tracks, &out);
  return out;
}

/// A track of one target lesion measured 20 mm at a baseline on 2026-01-05.
Track one_target_track(std::string subject, std::string lesion, std::string visit) {
  Track t;
  t.subject = std::move(subject);
  t.lesions.push_back(
      Lesion{std::move(lesion), LesionRole::Target, "LIVER", false, Irradiation::No, Method::CT, std::nullopt});
  Observation o;
  o.diameter = mm("20");
  t.assessments.push_back(Assessment{testing::day("2026-01-05"), std::move(visit), {o}, std::nullopt});
  return t;
}

/// The dataset has exactly one error, at `line` in `column`.
void require_one_error(const io::Dataset& d, std::int64_t line, std::string_view column) {
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].line == line);
  CHECK(d.errors[0].column == column);
}

void require_no_errors(const io::Dataset& d) {
  for (const io::InputError& e : d.errors) FAIL_CHECK(io::to_string(e));
  REQUIRE(d.errors.empty());
  REQUIRE_FALSE(d.fatal);
}

constexpr std::string_view kCsv =
    "subject,date,lesion,role,site,node,diameter_mm,status,reader,visit,start_date,reported\n"
    "A,2026-01-05,T1,TARGET,LIVER,N,20,,,BL,2026-01-07,\n"
    "A,2026-01-05,NT1,NON-TARGET,BONE,N,,,,BL,2026-01-07,\n"
    "A,2026-02-20,T1,,,,8,FRAGMENT,,W6,2026-01-07,PR\n"
    "A,2026-02-20,T1,,,,4.5,FRAGMENT,,W6,2026-01-07,PR\n"
    "A,2026-02-20,NT1,,,,,ABSENT,,W6,2026-01-07,PR\n"
    "A,2026-02-20,N1,NEW,LUNG,N,,EQUIVOCAL,,W6,2026-01-07,PR\n";

// The same track: lesions declared in another order, assessments out of order, defaults left out.
constexpr std::string_view kXml = R"(<?xml version="1.0"?>
<recist version="1">
  <track subject="A" start_date="2026-01-07">
    <lesion id="N1" role="NEW" site="lung"/>
    <assessment date="2026-02-20" visit="W6" reported="PR">
      <obs lesion="T1" status="FRAGMENT"><fragment diameter_mm="8"/><fragment diameter_mm="4.50"/></obs>
      <obs lesion="NT1" status="ABSENT"/>
      <obs lesion="N1" status="EQUIVOCAL"/>
    </assessment>
    <lesion id="NT1" role="NON-TARGET" site="BONE"/>
    <lesion id="T1" role="target" site="LIVER" node="N"/>
    <assessment date="2026-01-05" visit="BL">
      <obs lesion="T1" diameter_mm="20"/>
      <obs lesion="NT1"/>
    </assessment>
  </track>
</recist>
)";

TEST_CASE("XML is recognised by its first character, after a byte order mark and blanks") {
  CHECK(io::looks_like_xml("<recist/>"));
  CHECK(io::looks_like_xml("\xEF\xBB\xBF \r\n <?xml version=\"1.0\"?><recist/>"));
  CHECK_FALSE(io::looks_like_xml("subject,date,lesion\n"));
  CHECK_FALSE(io::looks_like_xml("\xEF\xBB\xBFsubject,date\n"));
  CHECK_FALSE(io::looks_like_xml(""));
  CHECK_FALSE(io::looks_like_xml(" \n"));
}

TEST_CASE("an XML document gives the same track as its CSV, whatever the order of its elements") {
  const io::Dataset xml = read_xml(kXml);
  require_no_errors(xml);
  const io::Dataset csv = io::read_measurements_csv(kCsv, "test.csv", {});
  require_no_errors(csv);
  CHECK(canonical(xml) == canonical(csv));

  const Track& t = xml.tracks.at(0);
  REQUIRE(t.lesions.size() == 3);
  // Numbered by first observation, as the CSV reader numbers them.
  CHECK(t.lesions[0].id == "T1");
  CHECK(t.lesions[1].id == "NT1");
  CHECK(t.lesions[2].id == "N1");
  CHECK(t.lesions[0].role == LesionRole::Target);
  CHECK(t.lesions[2].site == "LUNG");
  REQUIRE(t.assessments.size() == 2);
  CHECK(t.assessments[0].date.to_string() == "2026-01-05");
  const Observation& split = t.assessments[1].observations.at(0);
  CHECK(split.status == LesionStatus::Fragment);
  CHECK(split.diameter == mm("12.5"));
  REQUIRE(split.fragments.size() == 2);
  CHECK(split.fragments[1] == mm("4.5"));
  CHECK(t.assessments[1].reported == Response::PR);
}

TEST_CASE("XML written from a dataset reads back to the same tracks") {
  const io::Dataset csv = io::read_measurements_csv(kCsv, "test.csv", {});
  std::string xml;
  io::write_native_xml(csv, &xml);
  const io::Dataset back = read_xml(xml);
  require_no_errors(back);
  CHECK(canonical(back) == canonical(csv));
  CHECK(xml.find("<fragment diameter_mm=\"4.5\"/>") != std::string::npos);
}

TEST_CASE("attribute values keep quotes, ampersands, angle brackets and line ends") {
  const std::string visit = "W6 \"early\" & <x>\nsecond line\tend";
  io::Dataset d;
  d.tracks.push_back(one_target_track("S&1", "T<1>", visit));
  std::string xml;
  io::write_native_xml(d, &xml);
  const io::Dataset back = read_xml(xml);
  require_no_errors(back);
  CHECK(back.tracks.at(0).subject == "S&1");
  CHECK(back.tracks.at(0).lesions.at(0).id == "T<1>");
  CHECK(back.tracks.at(0).assessments.at(0).visit == visit);
}

TEST_CASE("a FRAGMENT built without its pieces is written as one piece") {
  io::Dataset d;
  Track t = one_target_track("S", "T1", "");
  Observation split;
  split.status = LesionStatus::Fragment;
  split.diameter = mm("9.5");
  t.assessments.push_back(Assessment{testing::day("2026-02-20"), "", {split}, std::nullopt});
  d.tracks.push_back(t);
  std::string csv;
  io::write_measurements_csv(d.tracks, &csv);
  CHECK(csv.find("S,2026-02-20,T1,,,,9.5,FRAGMENT,") != std::string::npos);
  std::string xml;
  io::write_native_xml(d, &xml);
  const io::Dataset back = read_xml(xml);
  require_no_errors(back);
  CHECK(back.tracks.at(0).assessments.at(1).observations.at(0).diameter == mm("9.5"));
}

TEST_CASE("the canonical CSV has the SPEC's columns and a lesion's attributes on its first row") {
  const io::Dataset csv = io::read_measurements_csv(kCsv, "test.csv", {});
  const std::string out = canonical(csv);
  CHECK(out.substr(0, out.find('\n')) ==
        "subject,date,lesion,role,site,node,diameter_mm,status,reader,visit,start_date,method,slice_mm,irradiated,"
        "reported");
  CHECK(out.find("A,2026-01-05,T1,TARGET,LIVER,N,20.0,,INVESTIGATOR,BL,2026-01-07,CT,,N,\n") != std::string::npos);
  CHECK(out.find("A,2026-02-20,T1,,,,8.0,FRAGMENT,INVESTIGATOR,W6,2026-01-07,,,,PR\n") != std::string::npos);
  CHECK(out.find("A,2026-02-20,T1,,,,4.5,FRAGMENT,INVESTIGATOR,W6,2026-01-07,,,,PR\n") != std::string::npos);
  CHECK(out.find("A,2026-02-20,N1,NEW,LUNG,N,,EQUIVOCAL,INVESTIGATOR,W6,2026-01-07,CT,,N,PR\n") != std::string::npos);
}

TEST_CASE("recorded responses go through XML and back, the baseline as a time point without response") {
  constexpr std::string_view csv =
      "subject,date,response,visit\nR,2026-01-05,,BL\nR,2026-03-01,SD,W8\nR,2026-02-20,PR,W6\n";
  const io::Dataset d = io::read_recorded_csv(csv, "test.csv", {});
  require_no_errors(d);
  std::string xml;
  io::write_native_xml(d, &xml);
  CHECK(xml.find("<recorded subject=\"R\" reader=\"INVESTIGATOR\">") != std::string::npos);
  CHECK(xml.find("<timepoint date=\"2026-01-05\"/>") != std::string::npos);
  const io::Dataset back = read_xml(xml);
  require_no_errors(back);
  CHECK(canonical(back) == canonical(d));
  CHECK(canonical(back) ==
        "subject,date,response,reader,start_date,visit\nR,2026-01-05,,INVESTIGATOR,,\n"
        "R,2026-02-20,PR,INVESTIGATOR,,W6\nR,2026-03-01,SD,INVESTIGATOR,,W8\n");
}

TEST_CASE("errors name the line of the element, counted through CRLF and a byte order mark") {
  const std::string text =
      "\xEF\xBB\xBF<recist version=\"1\">\r\n"
      "<track subject=\"A\">\r\n"
      "<lesion id=\"T1\" role=\"TARGET\" site=\"LIVER\"/>\r\n"
      "<assessment date=\"2026-01-05\">\r\n"
      "<obs lesion=\"T1\"\r\n"
      "     diameter_mm=\"1.234\"/>\r\n"
      "</assessment>\r\n"
      "</track>\r\n"
      "</recist>\r\n";
  const io::Dataset d = read_xml(text);
  require_one_error(d, 5, "diameter_mm");
  CHECK(d.errors[0].subject == "A");
  CHECK(d.tracks.empty());
  CHECK_FALSE(d.fatal);
}

TEST_CASE("a document that is not well-formed is fatal, with the line of the fault") {
  const io::Dataset d = read_xml("<recist version=\"1\">\n<track subject=\"A\">\n</trak>\n</recist>\n");
  CHECK(d.fatal);
  require_one_error(d, 3, "");
  CHECK(d.errors[0].message.find("not well-formed") != std::string::npos);
}

TEST_CASE("a bad track is left out, the others are read; --strict stops") {
  const std::string text =
      "<recist version=\"1\">\n"
      "<track subject=\"BAD\"><lesion id=\"T1\" role=\"TARGET\" site=\"LIVER\"/>"
      "<assessment date=\"2026-02-30\"><obs lesion=\"T1\" diameter_mm=\"10\"/></assessment></track>\n"
      "<track subject=\"GOOD\"><lesion id=\"T1\" role=\"TARGET\" site=\"LIVER\"/>"
      "<assessment date=\"2026-02-03\"><obs lesion=\"T1\" diameter_mm=\"10\"/></assessment></track>\n"
      "</recist>\n";
  const io::Dataset d = read_xml(text);
  REQUIRE(d.tracks.size() == 1);
  CHECK(d.tracks[0].subject == "GOOD");
  require_one_error(d, 2, "date");
  CHECK_FALSE(d.fatal);

  io::ReadOptions strict;
  strict.strict = true;
  const io::Dataset s = read_xml(text, strict);
  CHECK(s.fatal);
  CHECK(s.tracks.empty());
}

TEST_CASE("no more errors are listed than the limit") {
  std::string text = "<recist version=\"1\">\n";
  for (int i = 0; i < 12; ++i) text += "<track subject=\"S" + std::to_string(i) + "\" start_date=\"2026-13-01\"/>\n";
  text += "</recist>\n";
  io::ReadOptions options;
  options.max_errors = 10;
  const io::Dataset d = read_xml(text, options);
  CHECK(d.errors.size() == 10);
  CHECK(d.errors_not_listed == 2);
  CHECK(d.errors[9].line == 11);
}

TEST_CASE("unknown attributes and elements are named with the nearest known name") {
  const io::Dataset d =
      read_xml("<recist version=\"1\"><track subject=\"A\" raeder=\"X\"><lesoin id=\"T1\"/></track></recist>");
  REQUIRE(d.errors.size() == 2);
  CHECK(d.errors[0].column == "raeder");
  CHECK(d.errors[0].message.find("did you mean \"reader\"") != std::string::npos);
  CHECK(d.errors[1].column == "lesoin");
  CHECK(d.errors[1].message.find("did you mean <lesion>") != std::string::npos);
}

TEST_CASE("the root must be <recist version=\"1\">") {
  CHECK(read_xml("<ODM/>").fatal);
  CHECK(read_xml("<recist/>").fatal);
  CHECK(read_xml("<recist version=\"2\"/>").fatal);
  const io::Dataset empty = read_xml("<recist version=\"1\"/>");
  CHECK_FALSE(empty.fatal);
  CHECK(empty.errors.empty());
}

}  // namespace
}  // namespace recist
