// The AIM readers (issue 33): ePAD's AIM 4 JSON (patient 7, four time points, tests/viewer/
// aim-json-epad-patient7/), the AIM Toolkit's AIM v3 XML (tests/viewer/aim-xml-ncip/), and AIM v4
// XML read by the same walk as the JSON.
#include <filesystem>
#include <map>
#include <string>

#include "recist/io/files.hpp"
#include "recist/io/read/viewer.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::day;
using testing::mm;

std::string fixture(const std::string& name) {
  std::string text, err;
  REQUIRE_MESSAGE(io::read_file(std::string(RECIST_SOURCE_DIR) + "/tests/viewer/" + name, &text, &err), err);
  return text;
}

io::ViewerOptions in_cm() {
  io::ViewerOptions o;
  o.linear_unit = "cm";
  return o;
}

TEST_CASE("ePAD AIM JSON: Lesion1 at baseline, 2.9167238158334032 in cm (\"linear\") read as 29.17 mm") {
  const io::ViewerFile f = io::read_aim_json(
      fixture("aim-json-epad-patient7/62986.5481880579.8.8819901.636975.623478550.4642.63.692.96325285.json"), "a.json",
      in_cm());
  CHECK(f.errors.empty());
  REQUIRE(f.lesions.size() == 1);
  const io::ViewerLesion& l = f.lesions[0];
  CHECK(l.patient_id == "7");
  CHECK(*l.study_date == day("2008-04-03"));
  CHECK(l.study_uid == "1.2.752.24.7.19011385.453825");
  CHECK(l.series_uid == "1.2.840.113704.1.111.424.1207241028.11");
  CHECK(l.sop_instance_uid == "2.25.220993518043380745702789895076687103672");
  CHECK(l.tracking_id == "Lesion1");  // "Lesion1~sp1~-~sp1~-1~sp1~#FFFFFF"
  CHECK(l.tracking_uid.empty());
  CHECK(l.site == "LIVER");
  CHECK(l.site_code == "(RID58,RadLex,\"liver\")");
  REQUIRE(l.role);
  CHECK(*l.role == LesionRole::Target);
  CHECK(l.status == "tracked");
  REQUIRE(l.lengths.size() == 1);  // the HU statistics are no lengths
  CHECK(l.lengths[0].kind == io::LengthKind::Length);
  CHECK(l.lengths[0].source_value == "2.9167238158334032");
  CHECK(l.lengths[0].source_unit == "linear");
  CHECK(l.lengths[0].exact_mm == "29.167238158334032");
  CHECK(l.lengths[0].mm == mm("29.17"));
}

TEST_CASE("ePAD AIM JSON: the unit \"linear\" is refused unless the import says which unit it is") {
  const io::ViewerFile f = io::read_aim_json(
      fixture("aim-json-epad-patient7/62986.5481880579.8.8819901.636975.623478550.4642.63.692.96325285.json"), "a.json",
      {});
  CHECK(f.lesions.empty());
  REQUIRE(f.errors.size() == 1);
  CHECK(
      f.errors[0].message.starts_with("/ImageAnnotationCollection/imageAnnotations/ImageAnnotation/0/"
                                      "calculationEntityCollection/CalculationEntity/0/calculationResultCollection/"
                                      "CalculationResult/0/unitOfMeasure: \"linear\" names no unit"));
}

TEST_CASE("ePAD AIM JSON: the twelve files of patient 7, each value as FIXTURES.md lists it") {
  // date, lesion → the length in mm, rounded half away from zero from the cm as written.
  const std::map<std::pair<std::string, std::string>, std::string> expected = {
      {{"2008-04-03", "Lesion1"}, "29.17"}, {{"2008-04-03", "Lesion2"}, "43.38"}, {{"2008-04-03", "Lesion3"}, "55.81"},
      {{"2008-06-06", "Lesion1"}, "17.6"},  {{"2008-06-06", "Lesion2"}, "33.84"}, {{"2008-06-06", "Lesion3"}, "76.67"},
      {{"2008-08-06", "Lesion1"}, "34.17"}, {{"2008-08-06", "Lesion2"}, "29.09"}, {{"2008-08-06", "Lesion3"}, "73.7"},
      {{"2008-10-09", "Lesion1"}, "32.06"}, {{"2008-10-09", "Lesion2"}, "34.79"}, {{"2008-10-09", "Lesion3"}, "72.46"},
  };
  std::size_t seen = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(RECIST_SOURCE_DIR) + "/tests/viewer/aim-json-epad-patient7")) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("expected")) continue;
    const io::ViewerFile f = io::read_viewer_file(fixture("aim-json-epad-patient7/" + name), name, in_cm());
    CHECK(f.errors.empty());
    REQUIRE(f.lesions.size() == 1);
    const io::ViewerLesion& l = f.lesions[0];
    const auto it = expected.find({l.study_date->to_string(), l.tracking_id});
    REQUIRE_MESSAGE(it != expected.end(), name);
    CHECK(l.lengths[0].mm == mm(it->second));
    CHECK(l.site == (l.tracking_id == "Lesion3" ? "PANCREAS" : "LIVER"));
    ++seen;
  }
  CHECK(seen == 12);
}

TEST_CASE("AIM v3 XML (AIM Toolkit): patient 409978, Length (G-A22A) 39.5795974731445 mm, then 42.221248626709 mm") {
  const io::ViewerFile base = io::read_aim_xml(fixture("aim-xml-ncip/0022BaselineA.xml"), "b.xml", {});
  CHECK(base.errors.empty());
  REQUIRE(base.lesions.size() == 1);
  const io::ViewerLesion& b = base.lesions[0];
  CHECK(b.patient_id == "409978");
  CHECK(*b.study_date == day("2000-07-01"));
  CHECK(b.study_uid == "1.3.6.1.4.1.9328.50.1.10607");
  CHECK(b.series_uid == "1.3.6.1.4.1.9328.50.1.10697");
  CHECK(b.sop_instance_uid == "1.2.288.3.2205383238.1512.1207945935.1");
  CHECK(b.tracking_id == "0022");
  CHECK(b.site == "LUNG");
  CHECK_FALSE(b.role);  // "Target Lesion Complete Response" on a baseline is not trusted as a role
  REQUIRE(b.lengths.size() == 1);
  CHECK(b.lengths[0].source_value == "39.5795974731445");
  CHECK(b.lengths[0].source_unit == "mm");
  CHECK(b.lengths[0].mm == mm("39.58"));
  const io::ViewerFile follow = io::read_viewer_file(fixture("aim-xml-ncip/0022FollowupA.xml"), "f.xml", {});
  REQUIRE(follow.lesions.size() == 1);
  CHECK(*follow.lesions[0].study_date == day("2000-08-10"));
  CHECK(follow.lesions[0].lengths[0].source_value == "42.221248626709");
  CHECK(follow.lesions[0].lengths[0].mm == mm("42.22"));
}

TEST_CASE("AIM v4 XML is read like ePAD's JSON; an area unit is refused with the line and element path") {
  const std::string xml = R"(<?xml version="1.0"?>
<ImageAnnotationCollection xmlns="gme://caCORE.caCORE/4.4/edu.northwestern.radiology.AIM" xmlns:iso="uri:iso.org:21090">
  <person><id value="P1"/></person>
  <imageAnnotations>
    <ImageAnnotation>
      <uniqueIdentifier root="1.2.3"/>
      <name value="Node1"/>
      <imagingPhysicalEntityCollection>
        <ImagingPhysicalEntity><typeCode code="RID13296" codeSystemName="RadLex"><iso:displayName value="lymph node"/></typeCode><label value="Location"/></ImagingPhysicalEntity>
      </imagingPhysicalEntityCollection>
      <calculationEntityCollection>
        <CalculationEntity>
          <typeCode code="G-A186" codeSystemName="SRT"><iso:displayName value="Short Axis"/></typeCode>
          <calculationResultCollection><CalculationResult><unitOfMeasure value="mm"/>
            <calculationDataCollection><CalculationData><value value="15.004"/></CalculationData></calculationDataCollection>
          </CalculationResult></calculationResultCollection>
        </CalculationEntity>
        <CalculationEntity>
          <typeCode code="G-D7FE" codeSystemName="SRT"><iso:displayName value="Length"/></typeCode>
          <calculationResultCollection><CalculationResult><unitOfMeasure value="mm2"/>
            <calculationDataCollection><CalculationData><value value="120"/></CalculationData></calculationDataCollection>
          </CalculationResult></calculationResultCollection>
        </CalculationEntity>
      </calculationEntityCollection>
      <imageReferenceEntityCollection><ImageReferenceEntity><imageStudy><instanceUid root="9.8"/><startDate value="20240102"/></imageStudy></ImageReferenceEntity></imageReferenceEntityCollection>
    </ImageAnnotation>
  </imageAnnotations>
</ImageAnnotationCollection>)";
  const io::ViewerFile f = io::read_viewer_file(xml, "v4.xml", {});
  REQUIRE(f.lesions.size() == 1);
  CHECK(f.lesions[0].patient_id == "P1");
  CHECK(f.lesions[0].tracking_id == "Node1");
  CHECK(f.lesions[0].site == "LYMPH NODE");
  CHECK(f.lesions[0].nodal);
  CHECK(*f.lesions[0].study_date == day("2024-01-02"));
  REQUIRE(f.lesions[0].lengths.size() == 1);
  CHECK(f.lesions[0].lengths[0].kind == io::LengthKind::ShortAxis);
  CHECK(f.lesions[0].lengths[0].mm == mm("15.0"));
  REQUIRE(f.errors.size() == 1);
  CHECK(f.errors[0].message.find("CalculationEntity/1/calculationResultCollection/CalculationResult/0: "
                                 "(G-D7FE,SRT,\"Length\") has unit (mm2,UCUM,\"\"), an area: refused") !=
        std::string::npos);
}

TEST_CASE("AIM XML that is not well-formed is refused as a whole, with its line") {
  const io::ViewerFile f = io::read_aim_xml("<ImageAnnotation>\n<calculationCollection>\n", "bad.xml", {});
  CHECK(f.fatal);
  REQUIRE(f.errors.size() == 1);
  CHECK(f.errors[0].line >= 2);
  const io::ViewerFile other = io::read_aim_xml("<Other/>", "other.xml", {});
  CHECK(other.fatal);
  CHECK(other.errors[0].message.find("expected an AIM ImageAnnotation") != std::string::npos);
}

}  // namespace
}  // namespace recist
