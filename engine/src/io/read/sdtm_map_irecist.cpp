// SDTM RS records of RSCAT iRECIST (issue 29): the overall responses OVRLRESP an evaluator
// recorded by iRECIST (Seymour 2017, table 2), kept beside the track as Track::recorded_i for
// `recist compare --criteria irecist|both`. The other tests of the category (TRGRESP, NTRGRESP,
// NEWLIND, NEWLPROG, IRECLIND, BESTRESP) are checked for their terms and not otherwise read, as
// for RECIST 1.1 (sdtm_map_results.cpp).
#include <algorithm>

#include "recist/iresponse.hpp"
#include "sdtm_mapper.hpp"
#include "sdtm_terms.hpp"

namespace recist::io::sdtm_mapping {

namespace {

constexpr std::string_view kIResponsesExpected =
    "expected iCR, iPR, iSD, NON-iCR/NON-iUPD, iUPD, iCPD or iNE (NE is read as iNE)";

/// An i-code, or NE (the pharmaverse's iRECIST records write NE) as iNE.
std::optional<IResponse> iresponse_of(std::string_view text) {
  if (upper(text) == "NE") return IResponse::iNE;
  return parse_iresponse(text);
}

}  // namespace

void Mapper::rs_irecist_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject) {
  const std::optional<RsResult> head = rs_result(t, r, get, subject);
  if (!head) return;
  const std::string& reader = head->reader;
  PendingTrack* p = head->track;
  const std::string& test = head->test;
  const std::string_view result = head->result, result_variable = head->variable;
  const std::string& up = head->upper;
  auto bad = [&](std::string_view variable, std::string message) {
    error(t, r.number, variable, std::move(message), subject, p);
  };
  auto empty_or = [&](std::string_view v) { return v.empty() ? std::string("empty") : quoted(v); };
  auto check = [&](std::initializer_list<std::string_view> terms) {
    if (std::find(terms.begin(), terms.end(), up) != terms.end()) return;
    std::string list;
    for (std::string_view term : terms) list += (list.empty() ? "" : ", ") + std::string(term);
    bad(result_variable, empty_or(result) + " for " + test + " (RSCAT iRECIST): expected " + list);
  };
  if (test == "TRGRESP" || test == "NTRGRESP" || test == "BESTRESP" || test == "OVRLRESP") {
    if (!iresponse_of(result))
      return bad(result_variable,
                 empty_or(result) + " for " + test + " (RSCAT iRECIST): " + std::string(kIResponsesExpected));
  } else if (test == "NEWLIND" || test == "IRECLIND") {
    check({"Y", "N"});
  } else if (test == "NEWLPROG") {
    check({"EQUIVOCAL", "UNEQUIVOCAL"});
  } else {
    bad("RSTESTCD", quoted(test) +
                        " (RSCAT iRECIST): expected TRGRESP, NTRGRESP, NEWLIND, NEWLPROG, IRECLIND, "
                        "OVRLRESP or BESTRESP");
  }
  if (test != "OVRLRESP") return;
  if (!p) {
    bad("USUBJID", "an iRECIST OVRLRESP of subject " + subject + " read by " + reader +
                       " (RSEVAL/RSEVALID), who has no TU/TR records: no track to compare it with");
    return;
  }
  TrackRecordedResponse rec;
  rec.record = r.number;
  rec.iresponse = iresponse_of(result);
  rec.visit_label = std::string(get(r, "VISIT"));
  if (std::string_view visitnum = get(r, "VISITNUM"); !visitnum.empty()) {
    if (auto key = canonical_number(visitnum))
      rec.visit_key = *key;
    else
      return bad("VISITNUM", quoted(visitnum) + ": a visit number was expected");
  }
  if (std::string_view dtc = get(r, "RSDTC"); !dtc.empty()) {
    std::string why;
    rec.date = parse_dtc(dtc, &why);
    if (!rec.date) return bad("RSDTC", quoted(dtc) + ": " + why);
  }
  if (rec.visit_key.empty() && !rec.date) return bad("VISITNUM", "empty, and RSDTC empty: the visit was expected");
  p->responses.push_back(std::move(rec));
}

void Mapper::attach_iresponses(PendingTrack& p) {
  const SdtmTable& t = *tables_.rs;
  std::vector<std::pair<RecordedTimepoint, std::int64_t>> dated;
  for (const TrackRecordedResponse& r : p.responses) {
    if (!r.iresponse) continue;
    // Dated by RSDTC; without one, by the assessment of the same VISITNUM. iRECIST records may
    // come from a schedule of their own, so an RSDTC need not be a TR date.
    std::optional<Date> date = r.date;
    std::string visit = r.visit_label;
    for (std::size_t i = 0; i < p.track.assessments.size(); ++i) {
      if (r.visit_key.empty() || assessment_visit_[i] != r.visit_key) continue;
      if (!date) date = p.track.assessments[i].date;
      if (visit.empty()) visit = p.track.assessments[i].visit;
    }
    if (!date) {
      error(t, r.record, "RSDTC",
            "empty, and no tumour results (TR) of " + track_name(p.track.subject, p.track.reader) + " at visit " +
                r.visit_key + ": the date of the iRECIST OVRLRESP was expected",
            p.track.subject, &p);
      continue;
    }
    dated.push_back({RecordedTimepoint{*date, visit, std::nullopt, r.iresponse}, r.record});
  }
  std::stable_sort(dated.begin(), dated.end(),
                   [](const auto& a, const auto& b) { return a.first.date < b.first.date; });
  for (std::size_t i = 0; i < dated.size(); ++i) {
    if (i > 0 && dated[i - 1].first.date == dated[i].first.date) {
      error(t, dated[i].second, "RSDTC",
            "a second iRECIST OVRLRESP of " + track_name(p.track.subject, p.track.reader) + " on " +
                dated[i].first.date.to_string() + " (first on record " + std::to_string(dated[i - 1].second) +
                "): one overall response per date and evaluator was expected",
            p.track.subject, &p);
      continue;
    }
    p.track.recorded_i.push_back(dated[i].first);
  }
}

}  // namespace recist::io::sdtm_mapping
