// The DICOM SR reader (issue 33) on every TID 1500 file of tests/viewer/ (FIXTURES.md says where
// each comes from): the values as the files write them (dsrdump +Pn +Pl), rounded once to
// hundredths of a mm, and the refusals (pixels, an area coded as Length, an empty NUM) located
// by content item.
#include <string>

#include "io/read/viewer_terms.hpp"
#include "recist/io/files.hpp"
#include "recist/io/read/viewer.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::day;
using testing::mm;

io::ViewerFile read_sr(const std::string& name) {
  const std::string path = std::string(RECIST_SOURCE_DIR) + "/tests/viewer/" + name;
  std::string bytes, err;
  REQUIRE_MESSAGE(io::read_file(path, &bytes, &err), err);
  io::ViewerFile f = io::read_viewer_file(bytes, name, {});
  CHECK_FALSE(f.fatal);
  return f;
}

std::string messages(const std::vector<io::InputError>& list) {
  std::string out;
  for (const io::InputError& e : list) out += io::to_string(e) + "\n";
  return out;
}

TEST_CASE("ePAD's RECIST SR: Lesion7 in the liver, Long Axis 28.2671270367918 mm read as 28.27, a target") {
  const io::ViewerFile f = read_sr("epad_recist_bidirectional_sr.dcm");
  INFO(messages(f.errors) << messages(f.warnings));
  CHECK(f.errors.empty());
  REQUIRE(f.lesions.size() == 1);
  const io::ViewerLesion& l = f.lesions[0];
  CHECK(l.patient_id == "7");
  CHECK_FALSE(l.study_date);  // StudyDate is empty in this file
  CHECK(l.study_uid == "1.2.752.24.7.19011385.484010");
  CHECK(l.series_uid == "1.2.840.113704.1.111.5068.1212775734.27");
  CHECK(l.sop_instance_uid == "2.25.302097456462106248690107709691916054283");
  CHECK(l.position == "1.5.1");
  CHECK(l.tracking_id == "Lesion7");
  CHECK(l.tracking_uid == "2.25.835852689840580182316252464298011544015");
  CHECK(l.finding == "(RECIST_v2,99EPAD,\"Tumor assessment\")");
  CHECK(l.site == "LIVER");
  CHECK(l.site_code == "(10200004,SCT,\"liver\")");
  CHECK_FALSE(l.nodal);
  REQUIRE(l.role);
  CHECK(*l.role == LesionRole::Target);
  CHECK(l.status == "Present");
  REQUIRE(l.lengths.size() == 2);
  CHECK(l.lengths[0].kind == io::LengthKind::LongAxis);  // (103339001, SCT), not SRT G-A185
  CHECK(l.lengths[0].source_value == "28.2671270367918");
  CHECK(l.lengths[0].source_unit == "mm");
  CHECK(l.lengths[0].exact_mm == "28.2671270367918");
  CHECK(l.lengths[0].mm == mm("28.27"));
  CHECK(l.lengths[0].position == "1.5.1.6");
  CHECK(l.lengths[1].kind == io::LengthKind::ShortAxis);
  CHECK(l.lengths[1].source_value == "14.1335635183959");
  CHECK(l.lengths[1].mm == mm("14.13"));
  CHECK(l.lengths[1].position == "1.5.1.7");
}

TEST_CASE("Crowds Cure Cancer 2017: one Length of 51.86852852 mm in the ovary, no Finding") {
  const io::ViewerFile f = read_sr("ccc2017_length_sr.dcm");
  CHECK(f.errors.empty());
  REQUIRE(f.lesions.size() == 1);
  const io::ViewerLesion& l = f.lesions[0];
  CHECK(l.patient_id == "TCGA-09-1667");
  REQUIRE(l.study_date);
  CHECK(*l.study_date == day("1995-04-03"));
  CHECK(l.tracking_id == "5b6eb4301d3175942d29985a3d429e53");
  CHECK(l.tracking_uid == "1.3.6.1.4.1.5962.1.1.0.0.0.1535644357.22655.529");
  CHECK(l.finding.empty());
  CHECK(l.site == "OVARY");
  CHECK(l.site_code == "(T-87000,SRT,\"Ovary\")");
  CHECK_FALSE(l.role);
  REQUIRE(l.lengths.size() == 1);
  CHECK(l.lengths[0].kind == io::LengthKind::Length);
  CHECK(l.lengths[0].source_value == "51.86852852");
  CHECK(l.lengths[0].mm == mm("51.87"));
  CHECK(l.lengths[0].position == "1.5.1.4");
}

TEST_CASE(
    "Crowds Cure Cancer 2018: SRT axes 16.1 and 8.1 mm; an SCT site labelled SRT; Finding as a concept modifier") {
  const io::ViewerFile f = read_sr("ccc2018_bidirectional_sr.dcm");
  CHECK(f.errors.empty());
  REQUIRE(f.lesions.size() == 1);
  const io::ViewerLesion& l = f.lesions[0];
  CHECK(l.patient_id == "AMC-001");
  CHECK(*l.study_date == day("1994-08-10"));
  CHECK(l.tracking_id == "web annotation");
  CHECK(l.tracking_uid == "2.25.797388882284565263543728324912886045063");
  CHECK(l.site == "LUNG");  // (39607008, SRT[sic], "Lung structure")
  CHECK(l.site_code == "(39607008,SRT,\"Lung structure\")");
  REQUIRE(l.lengths.size() == 2);
  CHECK(l.lengths[0].kind == io::LengthKind::LongAxis);
  CHECK(l.lengths[0].mm == mm("16.1"));
  CHECK(l.lengths[1].kind == io::LengthKind::ShortAxis);
  CHECK(l.lengths[1].mm == mm("8.1"));
}

TEST_CASE("OHIF v2 (cornerstoneTools 4): the areas coded as Length are refused, the empty NUM is a finding") {
  const io::ViewerFile f = read_sr("dcmjs_cornerstone4_structured_report.dcm");
  const std::string errors = messages(f.errors), warnings = messages(f.warnings);
  INFO(errors << warnings);
  REQUIRE(f.errors.size() == 2);
  CHECK(errors.find("content item 1.5.2.3: NUM (G-D7FE,SRT,\"AREA\") is coded as Length but its meaning names an "
                    "area (unit (mm2,UCUM,\"squaremillimeter\")): refused, not read as a diameter") !=
        std::string::npos);
  CHECK(errors.find("content item 1.5.6.3: NUM (G-D7FE,SRT,\"AREA\")") != std::string::npos);
  CHECK(warnings.find("content item 1.5.1.4: NUM (111010,DCM,\"Center\") is empty (no MeasuredValueSequence)") !=
        std::string::npos);
  REQUIRE(f.lesions.size() == 3);
  CHECK(f.lesions[0].patient_id.empty());
  CHECK_FALSE(f.lesions[0].study_date);
  CHECK(f.lesions[0].series_uid == "1.3.6.1.4.1.25403.52237031786.3872.20100510032220.2");
  CHECK(f.lesions[0].tracking_id == "cornerstoneTools@^4.0.0:Bidirectional");
  CHECK(f.lesions[0].lengths[0].mm == mm("93.9"));
  CHECK(f.lesions[0].lengths[1].mm == mm("47.0"));
  CHECK(f.lesions[1].lengths[0].source_value == "39.3664929116140");
  CHECK(f.lesions[1].lengths[0].mm == mm("39.37"));
  CHECK(f.lesions[2].lengths[0].source_value == "133.992062006165");
  CHECK(f.lesions[2].lengths[0].mm == mm("133.99"));
}

TEST_CASE("OHIF v3 (Cornerstone3D): axes in uncalibrated pixels are refused, each at its content item") {
  const io::ViewerFile f = read_sr("dcmjs_cornerstone3d_sample-sr_px.dcm");
  CHECK(f.lesions.empty());
  REQUIRE(f.errors.size() == 2);
  CHECK(io::to_string(f.errors[0]) ==
        "dcmjs_cornerstone3d_sample-sr_px.dcm: content item 1.5.1.3: NUM (G-A185,SRT,\"Long Axis\") has unit "
        "(1,UCUM,\"px\"), uncalibrated pixels: refused; expected a length in mm or cm (UCUM mm, cm)");
  CHECK(f.errors[1].message.starts_with("content item 1.5.1.4: NUM (G-A186,SRT,\"Short Axis\")"));
}

TEST_CASE("highdicom: SCT Diameters 10.0 and 20.0 mm; the mean and the volume are no lesion lengths") {
  const io::ViewerFile f = read_sr("highdicom_sr_document_with_multiple_groups.dcm");
  CHECK(f.errors.empty());
  REQUIRE(f.lesions.size() == 2);
  CHECK(f.lesions[0].patient_id == "1CT1");
  CHECK(*f.lesions[0].study_date == day("2004-01-19"));
  CHECK(f.lesions[0].tracking_id == "LungNodule0001");
  CHECK(f.lesions[0].finding == "(27925004,SCT,\"Nodule\")");
  CHECK(f.lesions[0].site == "LUNG");
  CHECK(f.lesions[0].lengths[0].kind == io::LengthKind::Diameter);
  CHECK(f.lesions[0].lengths[0].mm == mm("10.0"));
  CHECK(f.lesions[1].tracking_id == "Aorta0001");
  CHECK(f.lesions[1].site.empty());
  CHECK(f.lesions[1].lengths[0].mm == mm("20.0"));
  const std::string warnings = messages(f.warnings);
  CHECK(warnings.find("content item 1.7.1: measurement group \"Image0001\" has no Long Axis") != std::string::npos);
  CHECK(warnings.find("content item 1.7.4.5: NUM (118565006,SCT,\"Volume\") is not a lesion length") !=
        std::string::npos);
}

TEST_CASE("a file that is no DICOM SR is refused as a whole") {
  const io::ViewerFile f = io::read_dicom_sr(std::string(200, 'x'), "junk.dcm");
  CHECK(f.fatal);
  REQUIRE(f.errors.size() == 1);
  CHECK(f.errors[0].file == "junk.dcm");
}

TEST_CASE("the rounding: half away from zero of the exact decimal, once, cm converted exactly") {
  std::string exact, why;
  CHECK(*io::viewer::round_to_hundredths("2.9167238158334032", 1, &exact, &why) == mm("29.17"));
  CHECK(exact == "29.167238158334032");
  CHECK(*io::viewer::round_to_hundredths("10.005", 0, &exact, &why) == mm("10.01"));  // a true tie goes up
  CHECK(*io::viewer::round_to_hundredths("10.00499999999999999", 0, &exact, &why) == mm("10.0"));
  CHECK(*io::viewer::round_to_hundredths("9.995", 0, &exact, &why) == mm("10.0"));
  CHECK(*io::viewer::round_to_hundredths("1.5e1", 0, &exact, &why) == mm("15.0"));  // DS allows an exponent
  CHECK(exact == "15");
  CHECK(*io::viewer::round_to_hundredths("0.004", 0, &exact, &why) == mm("0.0"));
  CHECK(*io::viewer::round_to_hundredths("0.005", 0, &exact, &why) == mm("0.01"));
  CHECK(*io::viewer::round_to_hundredths(" 47.0 ", 0, &exact, &why) == mm("47.0"));
  CHECK_FALSE(io::viewer::round_to_hundredths("-1", 0, &exact, &why));
  CHECK(why.find("negative") != std::string::npos);
  CHECK_FALSE(io::viewer::round_to_hundredths("1.2.3", 0, &exact, &why));
  CHECK_FALSE(io::viewer::round_to_hundredths("1e9", 1, &exact, &why));
  CHECK_FALSE(io::viewer::round_to_hundredths("", 0, &exact, &why));
}

}  // namespace
}  // namespace recist
