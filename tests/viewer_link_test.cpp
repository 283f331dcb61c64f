// Lesions across time points (issue 33): Tracking UID first, then Tracking Identifier + finding
// site, else the lesion map; an ambiguity is an error naming both candidates; R2's short axis for
// nodes; and the warning when rounding to hundredths decides a RECIST bar.
#include <string>

#include "recist/io/read/viewer.hpp"
#include "recist/io/write/native_writers.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::day;
using testing::mm;

io::ViewerLength length(io::LengthKind kind, const std::string& exact, const std::string& position = "1.5.1.3") {
  io::ViewerLength l;
  l.kind = kind;
  l.exact_mm = l.source_value = exact;
  l.source_unit = "mm";
  l.position = position;
  const std::size_t dot = exact.find('.');
  std::string h =
      dot == std::string::npos ? exact + "00" : exact.substr(0, dot) + (exact.substr(dot + 1) + "00").substr(0, 2);
  std::int64_t hundredths = std::stoll(h);
  if (dot != std::string::npos && exact.size() > dot + 3 && exact[dot + 3] >= '5') ++hundredths;
  l.mm = Millimetres::from_hundredths(hundredths);
  return l;
}

io::ViewerLesion lesion(const std::string& date, const std::string& id, const std::string& uid, const std::string& site,
                        const std::string& value, const std::string& file = "f.dcm") {
  io::ViewerLesion l;
  l.file = file;
  l.position = "1.5.1";
  l.patient_id = "P";
  l.study_date = day(date);
  l.tracking_id = id;
  l.tracking_uid = uid;
  l.site = site;
  l.nodal = site == "LYMPH NODE";
  l.role = LesionRole::Target;
  l.lengths.push_back(length(l.nodal ? io::LengthKind::ShortAxis : io::LengthKind::LongAxis, value));
  return l;
}

std::string csv(const io::ImportResult& r) {
  std::string out;
  io::write_measurements_csv(r.tracks, &out);
  return out;
}

std::string all(const std::vector<io::InputError>& list) {
  std::string out;
  for (const io::InputError& e : list) out += io::to_string(e) + "\n";
  return out;
}

TEST_CASE("a lesion is followed by its Tracking UID even when its Tracking Identifier changes") {
  const std::vector<io::ViewerLesion> in = {lesion("2024-01-01", "Lesion A", "2.25.1", "LIVER", "30"),
                                            lesion("2024-03-01", "renamed", "2.25.1", "LIVER", "20")};
  const io::ImportResult r = io::link_viewer_lesions(in, {}, {});
  CHECK(r.errors.empty());
  REQUIRE(r.tracks.size() == 1);
  REQUIRE(r.tracks[0].lesions.size() == 1);
  CHECK(r.tracks[0].lesions[0].id == "Lesion A");
  CHECK(r.tracks[0].assessments.size() == 2);
}

TEST_CASE("fresh Tracking UIDs at every study (OHIF, ePAD): followed by Tracking Identifier + finding site") {
  const std::vector<io::ViewerLesion> in = {lesion("2024-03-01", "Lesion1", "2.25.2", "LIVER", "20"),
                                            lesion("2024-01-01", "Lesion1", "2.25.1", "LIVER", "30"),
                                            lesion("2024-01-01", "Lesion1", "2.25.3", "LUNG", "12")};
  const io::ImportResult r = io::link_viewer_lesions(in, {}, {});
  INFO(all(r.errors) << all(r.warnings));
  CHECK(r.errors.empty());
  REQUIRE(r.tracks.size() == 1);
  // The lung Lesion1 is another lesion (another site): it is named by its Tracking UID.
  CHECK(csv(r) ==
        "subject,date,lesion,role,site,node,diameter_mm,status,reader,visit,start_date,method,slice_mm,irradiated,"
        "reported\n"
        "P,2024-01-01,Lesion1,TARGET,LIVER,N,30.0,,INVESTIGATOR,,,CT,,N,\n"
        "P,2024-01-01,2.25.3,TARGET,LUNG,N,12.0,,INVESTIGATOR,,,CT,,N,\n"
        "P,2024-03-01,Lesion1,,,,20.0,,INVESTIGATOR,,,,,,\n");
}

TEST_CASE("two baseline lesions with the same Tracking Identifier and site: a later one is an error naming both") {
  const std::vector<io::ViewerLesion> in = {lesion("2024-01-01", "web annotation", "2.25.1", "LUNG", "30", "a.dcm"),
                                            lesion("2024-01-01", "web annotation", "2.25.2", "LUNG", "20", "b.dcm"),
                                            lesion("2024-03-01", "web annotation", "2.25.9", "LUNG", "25", "c.dcm")};
  const io::ImportResult r = io::link_viewer_lesions(in, {}, {});
  REQUIRE(r.errors.size() == 1);
  CHECK(io::to_string(r.errors[0]) ==
        "c.dcm: content item 1.5.1: Tracking Identifier \"web annotation\" at site LUNG matches two lesions: web "
        "annotation (a.dcm: content item 1.5.1) and 2.25.2 (b.dcm: content item 1.5.1); name it in --lesion-map");
  REQUIRE(r.tracks.size() == 1);
  CHECK(r.tracks[0].assessments.size() == 1);  // the ambiguous follow-up is left out, never guessed
}

TEST_CASE("the lesion map names lesions (by Tracking UID or Identifier) and gives roles and sites") {
  std::vector<io::LesionMapEntry> map;
  std::vector<io::InputError> errors;
  REQUIRE(io::read_lesion_map(
      "source,lesion,role,site\n2.25.1,T1,TARGET,\ncornerstoneTools@^4.0.0:Length,NT1,NON-TARGET,lung\n", "map.csv",
      &map, &errors));
  CHECK(errors.empty());
  REQUIRE(map.size() == 2);
  CHECK(map[1].site == "LUNG");
  io::ViewerLesion tool = lesion("2024-01-01", "cornerstoneTools@^4.0.0:Length", "2.25.7", "", "40");
  tool.role.reset();
  const std::vector<io::ViewerLesion> in = {lesion("2024-01-01", "x", "2.25.1", "LIVER", "30"), tool,
                                            lesion("2024-03-01", "y", "2.25.1", "LIVER", "21")};
  const io::ImportResult r = io::link_viewer_lesions(in, map, {});
  CHECK(r.errors.empty());
  CHECK(csv(r) ==
        "subject,date,lesion,role,site,node,diameter_mm,status,reader,visit,start_date,method,slice_mm,irradiated,"
        "reported\n"
        "P,2024-01-01,NT1,NON-TARGET,LUNG,N,,PRESENT,INVESTIGATOR,,,CT,,N,\n"  // by Tracking Identifier
        "P,2024-01-01,T1,TARGET,LIVER,N,30.0,,INVESTIGATOR,,,CT,,N,\n"
        "P,2024-03-01,T1,,,,21.0,,INVESTIGATOR,,,,,,\n");
}

TEST_CASE("a lesion map with a bad role or a source mapped twice is refused row by row, with line and column") {
  std::vector<io::LesionMapEntry> map;
  std::vector<io::InputError> errors;
  CHECK(io::read_lesion_map("source,lesion,role\na,L1,TARGT\nb,L2,\nb,L3,\n", "map.csv", &map, &errors));
  REQUIRE(errors.size() == 2);
  CHECK(io::to_string(errors[0]) == "map.csv:2: column role: \"TARGT\": expected TARGET, NON-TARGET or NEW");
  CHECK(io::to_string(errors[1]).starts_with("map.csv:4: column source: \"b\" is mapped again (first on line 3)"));
  CHECK_FALSE(io::read_lesion_map("source,lesoin\n", "map.csv", &map, &errors));
}

TEST_CASE("a lymph node counts its short axis (R2); without one it is an error") {
  io::ViewerLesion node = lesion("2024-01-01", "N1", "2.25.1", "LYMPH NODE", "18");
  node.lengths.insert(node.lengths.begin(), length(io::LengthKind::LongAxis, "25", "1.5.1.2"));
  io::ViewerLesion bad = lesion("2024-01-01", "N2", "2.25.2", "LYMPH NODE", "30");
  bad.lengths[0].kind = io::LengthKind::Length;
  const io::ImportResult r = io::link_viewer_lesions({node, bad}, {}, {});
  REQUIRE(r.tracks.size() == 1);
  CHECK(r.tracks[0].lesions[0].nodal);
  CHECK(*r.tracks[0].assessments[0].observations[0].diameter == mm("18"));
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("a lymph node without Short Axis") != std::string::npos);
}

TEST_CASE("no role in the file: TARGET at baseline, NEW later, each said in a warning") {
  io::ViewerLesion a = lesion("2024-01-01", "A", "2.25.1", "LIVER", "30"),
                   b = lesion("2024-03-01", "B", "2.25.2", "LUNG", "12");
  a.role.reset();
  b.role.reset();
  const io::ImportResult r = io::link_viewer_lesions({a, b}, {}, {});
  REQUIRE(r.tracks.size() == 1);
  CHECK(r.tracks[0].lesions[0].role == LesionRole::Target);
  CHECK(r.tracks[0].lesions[1].role == LesionRole::New);
  CHECK(all(r.warnings).find("lesion A taken as TARGET") != std::string::npos);
  CHECK(all(r.warnings).find("lesion B taken as NEW") != std::string::npos);
}

TEST_CASE("one lesion measured twice on one date is an error naming both places") {
  const io::ImportResult r = io::link_viewer_lesions({lesion("2024-01-01", "A", "2.25.1", "LIVER", "30", "a.dcm"),
                                                      lesion("2024-01-01", "B", "2.25.1", "LIVER", "31", "b.dcm")},
                                                     {}, {});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("lesion A is measured twice on 2024-01-01: here and at a.dcm: content item 1.5.1") !=
        std::string::npos);
}

TEST_CASE("a rounded sum that lands exactly on the PR bar the exact sum misses is a warning") {
  // Baseline 33.0 exactly; follow-up 23.104 → 23.10, exactly 70 % (SPEC §6 example 2), but 23.104 misses it.
  const io::ImportResult r = io::link_viewer_lesions(
      {lesion("2024-01-01", "A", "", "LIVER", "33"), lesion("2024-03-01", "A", "", "LIVER", "23.104")}, {}, {});
  CHECK(r.errors.empty());
  const std::string w = all(r.warnings);
  INFO(w);
  CHECK(w.find("subject P, 2024-03-01, lesion A: the sum of target diameters meets the PR (100*sum <= 70*baseline) "
               "bar when rounded to hundredths (sum 23.1 mm) but misses it as written (sum 23.104 mm): rounding "
               "decides this threshold") != std::string::npos);
  // 23.095 rounds to 23.10 as well, and meets the bar either way: no warning.
  const io::ImportResult fine = io::link_viewer_lesions(
      {lesion("2024-01-01", "A", "", "LIVER", "33"), lesion("2024-03-01", "A", "", "LIVER", "23.095")}, {}, {});
  CHECK(all(fine.warnings).find("rounding decides") == std::string::npos);
}

TEST_CASE("a baseline diameter rounded up onto the 10 mm bar of R1 is a warning") {
  const io::ImportResult r = io::link_viewer_lesions({lesion("2024-01-01", "A", "", "LIVER", "9.996")}, {}, {});
  CHECK(all(r.warnings)
            .find("R1 (measurable, longest diameter >= 10 mm): the diameter rounded to 10.0 mm meets the "
                  "bar that the value as written (9.996 mm) misses") != std::string::npos);
}

TEST_CASE("files without PatientID or StudyDate need --subject / --date") {
  io::ViewerLesion l = lesion("2024-01-01", "A", "", "LIVER", "30");
  l.patient_id.clear();
  l.study_date.reset();
  CHECK(io::link_viewer_lesions({l}, {}, {}).errors.size() == 1);
  io::LinkOptions o;
  o.subject = "S";
  o.date = day("2024-02-02");
  const io::ImportResult r = io::link_viewer_lesions({l}, {}, o);
  CHECK(r.errors.empty());
  REQUIRE(r.tracks.size() == 1);
  CHECK(r.tracks[0].subject == "S");
  CHECK(r.tracks[0].assessments[0].date == day("2024-02-02"));
}

TEST_CASE("a control character in a Tracking Identifier is refused, as the native CSV refuses it") {
  const io::ImportResult r =
      io::link_viewer_lesions({lesion("2024-01-01", std::string("A\x1b", 2), "", "LIVER", "30")}, {}, {});
  CHECK(r.tracks.empty());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.starts_with(
      "content item 1.5.1: the Tracking Identifier: the text holds the control character"));
}

TEST_CASE("a first measurement that is refused makes no lesion (a lesion is never left unobserved)") {
  io::ViewerLesion only_short = lesion("2024-01-01", "A", "2.25.1", "LIVER", "30");
  only_short.lengths[0].kind = io::LengthKind::ShortAxis;
  const io::ImportResult r =
      io::link_viewer_lesions({only_short, lesion("2024-01-01", "B", "2.25.2", "LIVER", "20")}, {}, {});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("only a Short Axis for a lesion that is not a lymph node") != std::string::npos);
  REQUIRE(r.tracks.size() == 1);
  REQUIRE(r.tracks[0].lesions.size() == 1);
  CHECK(r.tracks[0].lesions[0].id == "B");
}

}  // namespace
}  // namespace recist
