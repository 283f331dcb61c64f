// SDTM input (TU, TR, RS, DM, SUPPTU in three physical formats) and the RS / ADRS writers
// (SPEC 4.3, schemas/sdtm-mapping.md).
#include "recist/io/read/sdtm.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "recist/io/files.hpp"
#include "recist/io/write/sdtm_writers.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::day;
using testing::mm;

// The worked example of FORMATS.md §1.7: a liver target, a nodal target measured by LPERP, a
// bone non-target; "too small to measure" at week 12; investigator OVRLRESP PR twice.
constexpr std::string_view kTu =
    "STUDYID,DOMAIN,USUBJID,TUSEQ,TULNKID,TUTESTCD,TUORRES,TUSTRESC,TULOC,TULAT,TUMETHOD,TUEVAL,VISITNUM,VISIT,TUDTC\n"
    "RD,TU,S1,1,T01,TUMIDENT,TARGET,TARGET,LIVER,,CT SCAN,INVESTIGATOR,1,SCREENING,2026-01-08\n"
    "RD,TU,S1,2,T02,TUMIDENT,TARGET,TARGET,CERVICAL LYMPH NODE,LEFT,CT SCAN,INVESTIGATOR,1,SCREENING,2026-01-08\n"
    "RD,TU,S1,3,NT01,TUMIDENT,NON-TARGET,NON-TARGET,BONE,,CT SCAN,INVESTIGATOR,1,SCREENING,2026-01-08\n";
constexpr std::string_view kTrHeader =
    "STUDYID,DOMAIN,USUBJID,TRSEQ,TRLNKID,TRTESTCD,TRORRES,TRORRESU,TRSTRESC,TRSTRESN,TRSTRESU,TRSTAT,TREVAL,"
    "VISITNUM,VISIT,TRDTC\n";
constexpr std::string_view kTrRows =
    "RD,TR,S1,1,T01,LDIAM,32,mm,32,32,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
    "RD,TR,S1,2,T02,LPERP,18,mm,18,18,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
    "RD,TR,S1,3,NT01,TUMSTATE,PRESENT,,PRESENT,,,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
    "RD,TR,S1,4,T01,LDIAM,20,mm,20,20,mm,,INVESTIGATOR,3,WEEK 6,2026-02-23\n"
    "RD,TR,S1,5,T02,LPERP,12,mm,12,12,mm,,INVESTIGATOR,3,WEEK 6,2026-02-24\n"
    "RD,TR,S1,6,NT01,TUMSTATE,PRESENT,,PRESENT,,,,INVESTIGATOR,3,WEEK 6,2026-02-23\n"
    "RD,TR,S1,7,T01,LDIAM,TOO SMALL TO MEASURE,mm,5,5,mm,,INVESTIGATOR,5,WEEK 12,2026-04-06\n"
    "RD,TR,S1,8,T02,LPERP,9,mm,9,9,mm,,INVESTIGATOR,5,WEEK 12,2026-04-06\n"
    "RD,TR,S1,9,NT01,TUMSTATE,PRESENT,,PRESENT,,,,INVESTIGATOR,5,WEEK 12,2026-04-06\n";
constexpr std::string_view kRs =
    "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSCAT,RSORRES,RSSTRESC,RSEVAL,VISITNUM,VISIT,RSDTC\n"
    "RD,RS,S1,1,TRGRESP,RECIST 1.1,PR,PR,INVESTIGATOR,3,WEEK 6,2026-02-23\n"
    "RD,RS,S1,2,OVRLRESP,RECIST 1.1,PR,PR,INVESTIGATOR,3,WEEK 6,2026-02-23\n"
    "RD,RS,S1,3,OVRLRESP,RECIST 1.1,PR,PR,INVESTIGATOR,5,WEEK 12,2026-04-06\n"
    "RD,RS,S1,4,OVRLRESP,IRECIST,IUPD,IUPD,INVESTIGATOR,5,WEEK 12,2026-04-06\n";
constexpr std::string_view kDm = "STUDYID,DOMAIN,USUBJID,RFXSTDTC\nRD,DM,S1,2026-01-12T09:30\n";

io::SdtmTable csv_table(std::string_view text, std::string file) {
  io::SdtmTable t;
  t.file = std::move(file);
  io::Dataset scratch;
  REQUIRE(io::read_sdtm_csv(text, &t, &scratch, {}));
  REQUIRE(scratch.errors.empty());
  return t;
}

/// Maps CSV domain texts ("" for a domain left out).
io::Dataset map(std::string_view tu, std::string_view tr, std::string_view rs = "", std::string_view dm = "",
                std::string_view supptu = "", io::ReadOptions options = {}) {
  io::SdtmTables tables;
  tables.tu = csv_table(tu, "tu.csv");
  tables.tr = csv_table(tr, "tr.csv");
  if (!rs.empty()) tables.rs = csv_table(rs, "rs.csv");
  if (!dm.empty()) tables.dm = csv_table(dm, "dm.csv");
  if (!supptu.empty()) tables.supptu = csv_table(supptu, "supptu.csv");
  io::Dataset out;
  io::map_sdtm(tables, options, &out);
  return out;
}

std::string upper_domain(std::string d) {
  for (char& c : d) c = static_cast<char>(c - 'a' + 'A');
  return d;
}

std::string tr(std::string_view rows) {
  return std::string(kTrHeader) + std::string(rows);
}

/// The one error of a dataset that has exactly one.
io::InputError only_error(const io::Dataset& d) {
  for (const io::InputError& e : d.errors) INFO(io::to_string(e));
  REQUIRE(d.errors.size() == 1);
  return d.errors.front();
}

TEST_CASE("the worked example maps to one track: nodal LPERP, too small, visits dated by their earliest scan") {
  io::Dataset d = map(kTu, tr(kTrRows), kRs, kDm);
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  const Track& t = d.tracks[0];
  CHECK(t.subject == "S1");
  CHECK(t.reader == "INVESTIGATOR");
  CHECK(t.start_date == day("2026-01-12"));  // DM RFXSTDTC, time of day dropped
  REQUIRE(t.lesions.size() == 3);
  CHECK(t.lesions[0].site == "LIVER");
  CHECK_FALSE(t.lesions[0].nodal);
  CHECK(t.lesions[1].site == "LEFT CERVICAL LYMPH NODE");
  CHECK(t.lesions[1].nodal);
  CHECK(t.lesions[2].role == LesionRole::NonTarget);
  REQUIRE(t.assessments.size() == 3);
  CHECK(t.assessments[1].date == day("2026-02-23"));  // T02 was scanned a day later
  CHECK(t.assessments[1].visit == "WEEK 6");
  CHECK(t.assessments[1].reported == Response::PR);  // the iRECIST record is not read
  CHECK_FALSE(t.assessments[0].reported.has_value());
  const Observation& too_small = t.assessments[2].observations[0];
  CHECK(too_small.status == LesionStatus::TooSmall);
  CHECK(t.assessments[2].observations[1].diameter == mm("9"));
  CHECK(assess(t, Profile{}).best.confirmed_bor == Response::PR);
}

TEST_CASE("both LDIAM and LPERP recorded: a node's short axis and another lesion's longest diameter are read") {
  io::Dataset d = map(kTu, tr("RD,TR,S1,1,T01,LDIAM,32,mm,32,32,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
                              "RD,TR,S1,2,T01,LPERP,20,mm,20,20,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
                              "RD,TR,S1,3,T02,LDIAM,25,mm,25,25,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
                              "RD,TR,S1,4,T02,LPERP,18,mm,18,18,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
                              "RD,TR,S1,5,NT01,TUMSTATE,PRESENT,,PRESENT,,,,INVESTIGATOR,1,SCREENING,2026-01-08\n"));
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  const auto& obs = d.tracks[0].assessments[0].observations;
  REQUIRE(obs.size() == 3);
  CHECK(obs[0].diameter == mm("32"));
  CHECK(obs[1].diameter == mm("18"));
}

TEST_CASE("a TU lesion without any TR result is an error at its TU record, not a lesion left out of the sums") {
  // Found by tests/fuzz (sdtm_csv): NT01 was read as a lesion never observed.
  const io::Dataset d = map(kTu, tr("RD,TR,S1,1,T01,LDIAM,32,mm,32,32,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"
                                    "RD,TR,S1,2,T02,LPERP,18,mm,18,18,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n"));
  const io::InputError e = only_error(d);
  CHECK(e.file == "tu.csv");
  CHECK(e.line == 4);
  CHECK(e.column == "TULNKID");
  CHECK(e.message.find("lesion NT01 of S1/INVESTIGATOR is identified in TU but has no tumour result") == 0);
  CHECK(d.tracks.empty());
}

TEST_CASE("a lesion measured only by LPERP and LNSTATE is nodal whatever its location") {
  io::Dataset d = map(
      "USUBJID,TULNKID,TUTESTCD,TUSTRESC,TULOC\nS1,T1,TUMIDENT,TARGET,MEDIASTINUM\nS1,NT1,TUMIDENT,NON-TARGET,HILUM\n",
      tr("RD,TR,S1,1,T1,LPERP,16,mm,16,16,mm,,,1,BASELINE,2026-01-08\n"
         "RD,TR,S1,2,NT1,LNSTATE,PATHOLOGICAL,,PATHOLOGICAL,,,,,1,BASELINE,2026-01-08\n"
         "RD,TR,S1,3,T1,LPERP,9,mm,9,9,mm,,,2,W6,2026-02-20\n"
         "RD,TR,S1,3,T1,LNSTATE,NON-PATHOLOGICAL,,NON-PATHOLOGICAL,,,,,2,W6,2026-02-20\n"
         "RD,TR,S1,4,NT1,LNSTATE,NON-PATHOLOGICAL,,NON-PATHOLOGICAL,,,,,2,W6,2026-02-20\n"));
  REQUIRE(d.errors.empty());
  const Track& t = d.tracks.at(0);
  CHECK(t.lesions[0].nodal);
  CHECK(t.lesions[1].nodal);
  CHECK(t.assessments[1].observations[0].status == LesionStatus::Measured);  // a target's LNSTATE is not read
  CHECK(t.assessments[1].observations[0].diameter == mm("9"));
  CHECK(t.assessments[1].observations[1].status == LesionStatus::Absent);
}

TEST_CASE("target states: ABSENT is 0 mm with TUMSTATE ABSENT, MERGED, NOT DONE; a split target's fragments add up") {
  io::Dataset d =
      map("USUBJID,TULNKID,TUGRPID,TUTESTCD,TUSTRESC,TULOC\n"
          "S1,T1,,TUMIDENT,TARGET,LIVER\nS1,T2,,TUMIDENT,TARGET,LUNG\nS1,T3,,TUMIDENT,TARGET,KIDNEY\n"
          "S1,T4,,TUMIDENT,TARGET,SPLEEN\nS1,T4.1,T4,TUSPLIT,TARGET,SPLEEN\nS1,T4.2,,TUSPLIT,TARGET,SPLEEN\n",
          tr("RD,TR,S1,1,T1,LDIAM,20,mm,20,20,mm,,,1,BASELINE,2026-01-08\n"
             "RD,TR,S1,2,T2,LDIAM,20,mm,20,20,mm,,,1,BASELINE,2026-01-08\n"
             "RD,TR,S1,3,T3,LDIAM,20,mm,20,20,mm,,,1,BASELINE,2026-01-08\n"
             "RD,TR,S1,4,T4,LDIAM,30,mm,30,30,mm,,,1,BASELINE,2026-01-08\n"
             "RD,TR,S1,5,T1,LDIAM,0,mm,0,0,mm,,,2,W6,2026-02-20\n"
             "RD,TR,S1,6,T1,TUMSTATE,ABSENT,,ABSENT,,,,,2,W6,2026-02-20\n"
             "RD,TR,S1,7,T2,LDIAM,MERGED,mm,0,0,mm,,,2,W6,2026-02-20\n"
             "RD,TR,S1,8,T3,LDIAM,,,,,,NOT DONE,,2,W6,\n"
             "RD,TR,S1,9,T4.1,LDIAM,12.5,mm,12.5,12.5,mm,,,2,W6,2026-02-20\n"
             "RD,TR,S1,10,T4.2,LDIAM,8,mm,8,8,mm,,,2,W6,2026-02-20\n"));
  REQUIRE(d.errors.empty());
  const auto& obs = d.tracks.at(0).assessments.at(1).observations;
  REQUIRE(obs.size() == 4);
  CHECK(obs[0].status == LesionStatus::Absent);
  CHECK(obs[1].status == LesionStatus::Merged);
  CHECK(obs[2].status == LesionStatus::NotEvaluated);
  CHECK(obs[3].status == LesionStatus::Fragment);
  CHECK(obs[3].lesion == 3);
  CHECK(obs[3].fragments == std::vector{mm("12.5"), mm("8")});
  CHECK(obs[3].diameter == mm("20.5"));
}

TEST_CASE("evaluators make separate tracks: --EVALID, else --EVAL, else INVESTIGATOR") {
  io::Dataset d =
      map("USUBJID,TULNKID,TUTESTCD,TUSTRESC,TULOC,TUEVAL,TUEVALID\n"
          "S1,T1,TUMIDENT,TARGET,LIVER,,\n"
          "S1,T1,TUMIDENT,TARGET,LIVER,INDEPENDENT ASSESSOR,RADIOLOGIST 1\n",
          "USUBJID,TRLNKID,TRTESTCD,TRSTRESC,TREVAL,TREVALID,VISITNUM,TRDTC\n"
          "S1,T1,LDIAM,20,INDEPENDENT ASSESSOR,RADIOLOGIST 1,1,2026-01-08\n"
          "S1,T1,LDIAM,21,,,1,2026-01-09\n");
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 2);
  CHECK(d.tracks[0].reader == "INVESTIGATOR");
  CHECK(d.tracks[0].assessments[0].observations[0].diameter == mm("21"));
  CHECK(d.tracks[1].reader == "RADIOLOGIST 1");
}

TEST_CASE("SUPPTU gives irradiation and slice thickness, linked by TUSEQ") {
  io::Dataset d = map(kTu, tr(kTrRows), "", "",
                      "STUDYID,RDOMAIN,USUBJID,IDVAR,IDVARVAL,QNAM,QVAL\n"
                      "RD,TU,S1,TUSEQ,2,TUPREVIR,Y\nRD,TU,S1,TUSEQ,2,TUPREISP,Y\nRD,TU,S1,TUSEQ,1,TUSLCTHK,1.25\n"
                      "RD,TU,S1,TULNKID,NT01,TUPREVIR,Y\nRD,TU,S1,TUSEQ,3,SPONSORQ,whatever\n");
  REQUIRE(d.errors.empty());
  const Track& t = d.tracks.at(0);
  CHECK(t.lesions[0].slice_thickness == mm("1.25"));
  CHECK(t.lesions[0].irradiation == Irradiation::No);
  CHECK(t.lesions[1].irradiation == Irradiation::YesProgressed);
  CHECK(t.lesions[2].irradiation == Irradiation::Yes);
}

TEST_CASE("an unknown TRTESTCD is an error naming the record and the accepted codes; the track is left out") {
  std::string rows(kTrRows);
  rows += "RD,TR,S1,10,T01,SAXIS,9,mm,9,9,mm,,INVESTIGATOR,5,WEEK 12,2026-04-06\n";
  io::Dataset d = map(kTu, tr(rows));
  const io::InputError& e = only_error(d);
  CHECK(e.file == "tr.csv");
  CHECK(e.line == 11);
  CHECK(e.column == "TRTESTCD");
  CHECK(e.message.find("\"SAXIS\"") != std::string::npos);
  CHECK(e.message.find("LDIAM, LPERP, DIAMETER, TUMSTATE, LNSTATE") != std::string::npos);
  CHECK(e.subject == "S1");
  CHECK(d.tracks.empty());
}

TEST_CASE("partial dates are errors, not imputed") {
  std::string rows(kTrRows);
  rows.replace(rows.find("2026-04-06"), 10, "2026-04");
  io::Dataset d = map(kTu, tr(rows));
  const io::InputError& e = only_error(d);
  CHECK(e.line == 8);
  CHECK(e.column == "TRDTC");
  CHECK(e.message.find("partial date") != std::string::npos);
  std::string rs(kRs);
  rs.replace(rs.find("2026-04-06"), 10, "2026-04");
  const io::InputError& r = only_error(map(kTu, tr(kTrRows), rs));
  CHECK(r.file == "rs.csv");
  CHECK(r.column == "RSDTC");
}

TEST_CASE("a TR record whose TRLNKID has no TU record names the known lesions") {
  std::string rows(kTrRows);
  rows += "RD,TR,S1,10,T03,LDIAM,9,mm,9,9,mm,,INVESTIGATOR,5,WEEK 12,2026-04-06\n";
  const io::InputError& e = only_error(map(kTu, tr(rows)));
  CHECK(e.column == "TRLNKID");
  CHECK(e.message.find("\"T03\"") != std::string::npos);
  CHECK(e.message.find("T01, T02, NT01") != std::string::npos);
}

TEST_CASE("two TU records of one lesion without an evaluator to tell them apart") {
  std::string tu(kTu);
  tu += "RD,TU,S1,4,T01,TUMIDENT,TARGET,TARGET,LIVER,,CT SCAN,,1,SCREENING,2026-01-08\n";
  const io::InputError& e = only_error(map(tu, tr(kTrRows)));
  CHECK(e.file == "tu.csv");
  CHECK(e.line == 5);
  CHECK(e.column == "TULNKID");
  CHECK(e.message.find("first on record 2") != std::string::npos);
}

TEST_CASE("unknown controlled terms list the accepted ones") {
  std::string tu(kTu);
  tu.replace(tu.find("NON-TARGET,NON-TARGET"), 21, "NON-TARGET,BENIGN");
  CHECK(only_error(map(tu, tr(kTrRows))).message == "\"BENIGN\": expected TARGET, NON-TARGET or NEW");
  std::string rows(kTrRows);
  rows.replace(rows.find("PRESENT,,PRESENT"), 16, "CHECK,,CHECK");
  const io::InputError& e = only_error(map(kTu, tr(rows)));
  CHECK(e.line == 4);
  CHECK(e.message.find("UNEQUIVOCAL PROGRESSION") != std::string::npos);
  std::string rs(kRs);
  rs.replace(rs.find("OVRLRESP,RECIST 1.1,PR,PR"), 25, "OVRLRESP,RECIST 1.1,CHECK,CHECK");
  CHECK(only_error(map(kTu, tr(kTrRows), rs)).message.find("expected one of CR, PR, SD") != std::string::npos);
}

TEST_CASE("diameters in other units, disagreeing numbers, and two disagreeing diameters at one visit are errors") {
  std::string rows(kTrRows);
  rows.replace(rows.find("20,mm,20,20,mm"), 14, "2,cm,2,2,cm");
  CHECK(only_error(map(kTu, tr(rows))).column == "TRSTRESU");
  rows = kTrRows;
  rows.replace(rows.find("20,mm,20,20,mm"), 14, "20,mm,20,20.01,mm");
  CHECK(only_error(map(kTu, tr(rows))).column == "TRSTRESN");
  rows = kTrRows;
  rows += "RD,TR,S1,10,T01,LDIAM,21,mm,21,21,mm,,INVESTIGATOR,3,WEEK 6,2026-02-23\n";  // beside 20 (issue 28)
  const io::InputError& e = only_error(map(kTu, tr(rows)));
  CHECK(e.line == 11);
  CHECK(e.message.find("a second diameter") != std::string::npos);
}

TEST_CASE("a bad track is left out and the others are read; --strict stops at the first error") {
  std::string tu(kTu), rows(kTrRows);
  tu += "RD,TU,S2,1,T01,TUMIDENT,TARGET,TARGET,LUNG,,CT SCAN,INVESTIGATOR,1,SCREENING,2026-01-08\n";
  rows += "RD,TR,S2,1,T01,LDIAM,abc,mm,abc,,mm,,INVESTIGATOR,1,SCREENING,2026-01-08\n";
  io::Dataset d = map(tu, tr(rows));
  CHECK(only_error(d).subject == "S2");
  REQUIRE(d.tracks.size() == 1);
  CHECK(d.tracks[0].subject == "S1");
  CHECK_FALSE(d.fatal);
  io::ReadOptions strict;
  strict.strict = true;
  io::Dataset s = map(tu, tr(rows), "", "", "", strict);
  CHECK(s.fatal);
  CHECK(s.errors.size() == 1);
}

TEST_CASE("a dataset of another domain is refused as a whole") {
  io::SdtmTables tables;
  tables.tu = csv_table(kDm, "tu.csv");
  tables.tr = csv_table(tr(kTrRows), "tr.csv");
  io::Dataset d;
  io::map_sdtm(tables, {}, &d);
  CHECK(d.fatal);
  CHECK(d.tracks.empty());
  REQUIRE_FALSE(d.errors.empty());
  CHECK(d.errors[0].column == "DOMAIN");
  CHECK(d.errors[0].message.find("\"DM\"") != std::string::npos);
}

TEST_CASE("the three physical formats of the example trial hold the same records") {
  const std::string dir = std::string(RECIST_SOURCE_DIR) + "/data/sdtm/nct07289048/";
  for (std::string domain : {"tu", "tr", "rs", "dm", "supptu"}) {
    CAPTURE(domain);
    io::Dataset scratch;
    io::SdtmTable csv, xpt, xml;
    csv.file = dir + "csv/" + domain + ".csv";
    xpt.file = dir + "xpt/" + domain + ".xpt";
    xml.file = dir + "xml/" + domain + ".xml";
    std::string text, err;
    REQUIRE(io::read_file(csv.file, &text, &err));
    REQUIRE(io::read_sdtm_csv(text, &csv, &scratch, {}));
    REQUIRE(io::read_sdtm_xpt(xpt.file, &xpt, &scratch, {}));
    REQUIRE(io::read_file(xml.file, &text, &err));
    REQUIRE(io::read_sdtm_dataset_xml(text, &xml, &scratch, {}));
    for (const io::InputError& e : scratch.errors) FAIL_CHECK(io::to_string(e));
    CHECK(xpt.dataset == upper_domain(domain));
    CHECK(xml.dataset == upper_domain(domain));
    REQUIRE(xpt.records.size() == csv.records.size());
    REQUIRE(xml.records.size() == csv.records.size());
    CHECK(xpt.variables == csv.variables);
    for (std::size_t i = 0; i < csv.records.size(); ++i) {
      CHECK(xpt.records[i].number == static_cast<std::int64_t>(i + 1));
      CHECK(xml.records[i].number == static_cast<std::int64_t>(i + 1));
      for (std::size_t v = 0; v < csv.variables.size(); ++v) {
        const std::string_view value = csv.records[i].value(v);
        CHECK(xpt.records[i].value(v) == value);
        const int x = xml.find(csv.variables[v]);
        CHECK((x < 0 ? std::string_view() : xml.records[i].value(x)) == value);
      }
    }
  }
}

TEST_CASE("CDISC study days have no day 0; readers map to CDISC evaluators") {
  CHECK(io::cdisc_study_day(-4) == -4);
  CHECK(io::cdisc_study_day(-1) == -1);
  CHECK(io::cdisc_study_day(0) == 1);
  CHECK(io::cdisc_study_day(42) == 43);
  CHECK(io::evaluator_role("INVESTIGATOR") == "INVESTIGATOR");
  CHECK(io::evaluator_role("READER2") == "INDEPENDENT ASSESSOR");
  CHECK(io::evaluator_role("ADJUDICATION COMMITTEE") == "ADJUDICATION COMMITTEE");
}

TEST_CASE("the RS and ADRS writers: codes per time point, best responses, CDISC study days") {
  io::Dataset d = map(kTu, tr(kTrRows), kRs, kDm);
  REQUIRE(d.tracks.size() == 1);
  const TrackResult result = assess(d.tracks[0], Profile{});
  std::string rs, adrs;
  auto rs_writer = io::make_sdtm_rs_writer();
  rs_writer->begin(Profile{}, &rs);
  rs_writer->track(result, &rs);
  auto adrs_writer = io::make_adrs_writer();
  adrs_writer->begin(Profile{}, &adrs);
  adrs_writer->track(result, &adrs);
  // Week 6 is day 42 after RFXSTDTC 2026-01-12: study day 43.
  CHECK(rs.find(",RS,S1,4,INVESTIGATOR,OVRLRESP,Overall Response,RECIST 1.1,PR,PR,INVESTIGATOR,RECIST ENGINE,"
                "WEEK 6,2026-02-23,43\n") != std::string::npos);
  CHECK(rs.find("NTRGRESP,Non-target Response,RECIST 1.1,NON-CR/NON-PD") != std::string::npos);
  CHECK(rs.find("BESTRESP,Best Response,RECIST 1.1,PR,PR,INVESTIGATOR,RECIST ENGINE,,2026-02-23,43\n") !=
        std::string::npos);
  CHECK(rs.find("NEWLPROG") == std::string::npos);  // no new lesion
  // PARAM and PARCAT2 in admiral's words (pharmaverseadam adrs_onco); a best response carries the
  // visit of its time point and is an analysis record.
  CHECK(adrs.find(",S1,OVR,Overall Response by Investigator,Tumor Response,Investigator,RECIST 1.1,PR,2,"
                  "2026-04-06,85,84,WEEK 12,Y\n") != std::string::npos);
  CHECK(adrs.find(",S1,CBOR,Best Confirmed Overall Response by Investigator,Tumor Response,Investigator,RECIST 1.1,"
                  "PR,2,2026-02-23,43,42,WEEK 6,Y\n") != std::string::npos);
}

}  // namespace
}  // namespace recist
