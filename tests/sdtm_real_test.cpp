// Real SDTM as published (issue 28, README "Real SDTM"): what the mapping tolerates with a warning
// finding, and what stays an error. The records follow pharmaversesdtm's onco_recist domains.
#include <doctest/doctest.h>

#include <string>

#include "recist/io/read/sdtm.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

using testing::day;
using testing::mm;

constexpr std::string_view kTu =
    "STUDYID,DOMAIN,USUBJID,TUSEQ,TULNKID,TUTESTCD,TUORRES,TUSTRESC,TULOC,TUMETHOD,TUEVAL,VISITNUM\n"
    "CP,TU,S1,1,T01,TUMIDENT,TARGET,TARGET,LIVER,CT SCAN,INVESTIGATOR,1\n"
    "CP,TU,S1,2,T02,TUMIDENT,TARGET,TARGET,LYMPH NODE,CT SCAN,INVESTIGATOR,1\n"
    "CP,TU,S1,3,NT01,TUMIDENT,NON-TARGET,NON-TARGET,BONE,CT SCAN,INVESTIGATOR,1\n";
constexpr std::string_view kTrHeader =
    "STUDYID,DOMAIN,USUBJID,TRSEQ,TRLNKID,TRTESTCD,TRORRES,TRORRESU,TRSTRESC,TRSTRESN,TRSTRESU,TREVAL,VISITNUM,VISIT,"
    "TRDTC\n";
// Both axes on every target, as pharmaverse records them: LDIAM is read for T01, LPERP for the
// node T02; the other axis holds values with four decimals (33.6128), which are not read.
constexpr std::string_view kTrRows =
    "CP,TR,S1,1,T01,LDIAM,21,mm,21,21,mm,INVESTIGATOR,1,SCREENING,2014-01-02\n"
    "CP,TR,S1,2,T01,LPERP,33.6128,mm,33.6128,33.6128,mm,INVESTIGATOR,1,SCREENING,2014-01-02\n"
    "CP,TR,S1,3,T02,LDIAM,23.256,mm,23.256,23.256,mm,INVESTIGATOR,1,SCREENING,2014-01-02\n"
    "CP,TR,S1,4,T02,LPERP,32.32,mm,32.32,32.32,mm,INVESTIGATOR,1,SCREENING,2014-01-02\n"
    "CP,TR,S1,5,NT01,TUMSTATE,PRESENT,,PRESENT,,,INVESTIGATOR,1,SCREENING,2014-01-02\n"
    "CP,TR,S1,6,T01,LDIAM,20.4,mm,20.4,20.4,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n"
    "CP,TR,S1,7,T01,LPERP,19.3858,mm,19.3858,19.3858,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n"
    "CP,TR,S1,8,T02,LPERP,16.23,mm,16.23,16.23,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n"
    "CP,TR,S1,9,T02,LDIAM,17.6412,mm,17.6412,17.6412,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n"
    "CP,TR,S1,10,NT01,TUMSTATE,PRESENT,,PRESENT,,,INVESTIGATOR,3,WEEK 6,2014-02-20\n";

io::SdtmTable csv_table(std::string_view text, std::string file) {
  io::SdtmTable t;
  t.file = std::move(file);
  io::Dataset scratch;
  REQUIRE(io::read_sdtm_csv(text, &t, &scratch, {}));
  REQUIRE(scratch.errors.empty());
  return t;
}

io::Dataset map(std::string_view tu, std::string_view tr_rows, std::string_view rs = "", io::ReadOptions options = {}) {
  io::SdtmTables tables;
  tables.tu = csv_table(tu, "tu.csv");
  tables.tr = csv_table(std::string(kTrHeader) + std::string(tr_rows), "tr.csv");
  if (!rs.empty()) tables.rs = csv_table(rs, "rs.csv");
  io::Dataset out;
  io::map_sdtm(tables, options, &out);
  return out;
}

std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  const std::size_t at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
  return s;
}

std::string all_replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string s(text);
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

io::InputError only_error(const io::Dataset& d) {
  for (const io::InputError& e : d.errors) INFO(io::to_string(e));
  REQUIRE(d.errors.size() == 1);
  return d.errors.front();
}

/// The track's reader findings of `code`.
std::vector<Finding> findings(const Track& t, std::string_view code) {
  std::vector<Finding> out;
  for (const Finding& f : t.input_findings)
    if (f.code == code) out.push_back(f);
  return out;
}

const Observation& observation(const Track& t, std::size_t assessment, std::uint32_t lesion) {
  for (const Observation& o : t.assessments.at(assessment).observations)
    if (o.lesion == lesion) return o;
  FAIL("no observation");
  return t.assessments[0].observations[0];
}

TEST_CASE("both axes recorded: the RECIST axis is read and the other, with its extra decimals, is not parsed") {
  io::Dataset d = map(kTu, kTrRows);
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  const Track& t = d.tracks[0];
  CHECK(t.input_findings.empty());
  CHECK(observation(t, 0, 0).diameter == mm("21"));     // T01: LDIAM
  CHECK(observation(t, 0, 1).diameter == mm("32.32"));  // T02, a node: LPERP
  CHECK(observation(t, 1, 0).diameter == mm("20.4"));
  CHECK(observation(t, 1, 1).diameter == mm("16.23"));
}

TEST_CASE("a third decimal on the axis that is read is an error naming the value; the track is left out") {
  const io::Dataset d = map(kTu, replaced(kTrRows, "20.4,mm,20.4,20.4", "20.405,mm,20.405,20.405"));
  const io::InputError& e = only_error(d);
  CHECK(e.file == "tr.csv");
  CHECK(e.line == 7);
  CHECK(e.column == "TRSTRESC");
  CHECK(e.message.find("\"20.405\"") != std::string::npos);
  CHECK(e.message.find("at most two decimals") != std::string::npos);
  CHECK(d.tracks.empty());
  // The same text on the other axis (LPERP of the liver target) is not read, so not an error.
  CHECK(map(kTu, replaced(kTrRows, "19.3858", "abc")).errors.empty());
}

TEST_CASE("DIAMETER beside LDIAM/LPERP: the RECIST axis is read; a DIAMETER that differs is a warning naming both") {
  std::string rows(kTrRows);
  rows += "CP,TR,S1,11,T01,DIAMETER,20.4,mm,20.4,20.4,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n";
  io::Dataset same = map(kTu, rows);
  REQUIRE(same.errors.empty());
  REQUIRE(same.tracks.size() == 1);
  CHECK(same.tracks[0].input_findings.empty());
  rows += "CP,TR,S1,12,T02,DIAMETER,17.6412,mm,17.6412,17.6412,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n";
  io::Dataset d = map(kTu, replaced(rows, "DIAMETER,20.4,mm,20.4,20.4", "DIAMETER,22,mm,22,22"));
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  const Track& t = d.tracks[0];
  CHECK(observation(t, 1, 0).diameter == mm("20.4"));   // LDIAM, not DIAMETER 22
  CHECK(observation(t, 1, 1).diameter == mm("16.23"));  // LPERP; the DIAMETER's 4 decimals are not read
  const std::vector<Finding> w = findings(t, "DIAMETER_DISAGREES");
  REQUIRE(w.size() == 1);
  CHECK(w[0].severity == Severity::Warning);
  CHECK(w[0].lesion == "T01");
  CHECK(w[0].message.find("DIAMETER 22.0 mm (record 12)") != std::string::npos);
  CHECK(w[0].message.find("LDIAM 20.4 mm (record 7)") != std::string::npos);
  // DIAMETER alone is read as before.
  io::Dataset alone = map(kTu, replaced(kTrRows, "T01,LDIAM,20.4", "T01,DIAMETER,20.4"));
  REQUIRE(alone.errors.empty());
  CHECK(observation(alone.tracks.at(0), 1, 0).diameter == mm("20.4"));
}

TEST_CASE("exact duplicates but for TRSEQ are read once with one warning; duplicates that disagree stay errors") {
  std::string rows(kTrRows);
  rows += "CP,TR,S1,21,NT01,TUMSTATE,PRESENT,,PRESENT,,,INVESTIGATOR,1,SCREENING,2014-01-02\n";
  rows += "CP,TR,S1,22,NT01,TUMSTATE,PRESENT,,PRESENT,,,INVESTIGATOR,3,WEEK 6,2014-02-20\n";
  rows += "CP,TR,S1,23,T01,LDIAM,20.4,mm,20.4,20.4,mm,INVESTIGATOR,3,WEEK 6,2014-02-20\n";
  io::Dataset d = map(kTu, rows);
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  const std::vector<Finding> w = findings(d.tracks[0], "DUPLICATE_RECORD");
  REQUIRE(w.size() == 1);  // once per track
  CHECK(w[0].message.find("TR record 12 repeats record 6 but for TRSEQ") != std::string::npos);
  CHECK(w[0].message.find("and 2 more records like it") != std::string::npos);
  CHECK(d.tracks[0].assessments[1].observations.size() == 3);
  rows = kTrRows;
  rows += "CP,TR,S1,21,NT01,TUMSTATE,ABSENT,,ABSENT,,,INVESTIGATOR,3,WEEK 6,2014-02-20\n";
  const io::InputError& e = only_error(map(kTu, rows));
  CHECK(e.line == 12);
  CHECK(e.message.find("a second state of lesion NT01") != std::string::npos);
}

TEST_CASE("TULOC empty: unknown site with one warning for non-targets and new lesions, an error for a target") {
  std::string tu = replaced(kTu, "NON-TARGET,BONE,", "NON-TARGET,,");
  tu += "CP,TU,S1,4,NT02,TUMIDENT,NON-TARGET,NON-TARGET,,CT SCAN,INVESTIGATOR,1\n";
  std::string rows(kTrRows);
  rows += "CP,TR,S1,11,NT02,TUMSTATE,PRESENT,,PRESENT,,,INVESTIGATOR,1,SCREENING,2014-01-02\n";
  io::Dataset d = map(tu, rows);
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  CHECK(d.tracks[0].lesions[2].site.empty());
  const std::vector<Finding> w = findings(d.tracks[0], "SITE_UNKNOWN");
  REQUIRE(w.size() == 1);
  CHECK(w[0].lesion == "NT01");
  CHECK(w[0].message.find("and 1 more records like it") != std::string::npos);
  const io::InputError& e = only_error(map(replaced(kTu, "TARGET,LIVER,", "TARGET,,"), kTrRows));
  CHECK(e.column == "TULOC");
  CHECK(e.line == 2);
  CHECK(e.message.find("location of target lesion T01 is required") != std::string::npos);
}

TEST_CASE("partial dates: an error by default; impute-partial-dates = admiral takes the month's last day, flagged") {
  const std::string rows = all_replaced(kTrRows, "WEEK 6,2014-02-20", "WEEK 6,2014-02");
  io::Dataset refused = map(kTu, rows);
  REQUIRE(refused.errors.size() == 5);
  CHECK(refused.errors[0].column == "TRDTC");
  CHECK(refused.errors[0].message.find("\"2014-02\": a partial date") != std::string::npos);
  CHECK(refused.tracks.empty());
  io::ReadOptions admiral;
  admiral.impute_partial_dates = true;
  io::Dataset d = map(kTu, rows, "", admiral);
  REQUIRE(d.errors.empty());
  REQUIRE(d.tracks.size() == 1);
  const Track& t = d.tracks[0];
  CHECK(t.assessments[1].date == day("2014-02-28"));
  CHECK(t.assessments[1].date_imputed);
  CHECK_FALSE(t.assessments[0].date_imputed);
  const std::vector<Finding> w = findings(t, "DATE_IMPUTED");
  REQUIRE(w.size() == 1);  // one per imputed date
  CHECK(w[0].message.find("\"2014-02\" imputed as 2014-02-28") != std::string::npos);
  // A leap year, December, and a year alone (admiral's highest_imputation = "D" imputes a day only).
  const std::string leap = all_replaced(all_replaced(kTrRows, "2014-02-20", "2016-02"), "2014-01-02", "2015-12");
  io::Dataset l = map(kTu, leap, "", admiral);
  REQUIRE(l.errors.empty());
  CHECK(l.tracks.at(0).assessments[0].date == day("2015-12-31"));
  CHECK(l.tracks.at(0).assessments[1].date == day("2016-02-29"));
  const io::Dataset year = map(kTu, replaced(kTrRows, "SCREENING,2014-01-02\n", "SCREENING,2014\n"), "", admiral);
  REQUIRE_FALSE(year.errors.empty());
  CHECK(year.errors[0].message.find("imputes a missing day only") != std::string::npos);
}

TEST_CASE("true data errors stay errors with file, record and variable") {
  constexpr std::string_view kRsHead =
      "STUDYID,DOMAIN,USUBJID,RSSEQ,RSTESTCD,RSORRES,RSSTRESC,RSEVAL,VISITNUM,VISIT,RSDTC\n";
  const io::InputError& check = only_error(
      map(kTu, kTrRows, std::string(kRsHead) + "CP,RS,S1,1,OVRLRESP,CHECK,CHECK,INVESTIGATOR,3,WEEK 6,2014-02-20\n"));
  CHECK(check.file == "rs.csv");
  CHECK(check.line == 2);
  CHECK(check.column == "RSSTRESC");
  CHECK(check.message.find("\"CHECK\" for OVRLRESP") != std::string::npos);
  const io::InputError& twice =
      only_error(map(kTu, kTrRows,
                     std::string(kRsHead) + "CP,RS,S1,1,OVRLRESP,SD,SD,INVESTIGATOR,3,WEEK 6,2014-02-20\n" +
                         "CP,RS,S1,2,OVRLRESP,PR,PR,INVESTIGATOR,3,WEEK 6,2014-02-20\n"));
  CHECK(twice.line == 3);
  CHECK(twice.message.find("one overall response per visit") != std::string::npos);
  // Two visit numbers on one date.
  const io::InputError& visits =
      only_error(map(kTu, replaced(kTrRows, "3,WEEK 6,2014-02-20\n", "4,WEEK 6,2014-02-20\n")));
  CHECK(visits.column == "VISITNUM");
}

}  // namespace
}  // namespace recist
