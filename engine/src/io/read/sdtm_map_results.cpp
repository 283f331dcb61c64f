// SDTM to tracks, what was found (SPEC 4.3, schemas/sdtm-mapping.md): TR diameters (LDIAM, LPERP,
// DIAMETER) and states (TUMSTATE, LNSTATE) per lesion and visit; RS OVRLRESP as the reported
// response of a visit.
#include <algorithm>

#include "native_terms.hpp"
#include "sdtm_mapper.hpp"
#include "sdtm_terms.hpp"

namespace recist::io::sdtm_mapping {

bool Mapper::read_tr() {
  const SdtmTable& t = *tables_.tr;
  return each_record(t, [&](const Record& r, const std::string& subject) { tr_record(t, r, Columns{t}, subject); });
}

void Mapper::tr_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject) {
  const std::string test_code = upper(get(r, "TRTESTCD"));
  static const std::unordered_set<std::string> kSums = {"SUMDIAM", "SUMNLNLD", "ACNSD", "PCBSD", "PCNSD"};
  if (kSums.count(test_code)) return;  // collected sums: derived values, never an input
  if (subject.empty()) {
    error(t, r.number, "USUBJID", "empty: a subject id was expected", "", nullptr);
    return;
  }
  const std::string reader = reader_of(get(r, "TREVAL"), get(r, "TREVALID"));
  PendingTrack* p = find_track(subject, reader);
  if (!p) {
    error(t, r.number, "USUBJID",
          "no TU records for subject " + subject + " read by " + reader +
              " (TREVAL/TREVALID): the lesions of a track are identified in TU",
          subject, nullptr);
    return;
  }
  TrRow row;
  row.record = r.number;
  row.index = static_cast<std::uint32_t>(&r - t.records.data());
  if (test_code == "LDIAM")
    row.test = TrTest::LDiam;
  else if (test_code == "LPERP")
    row.test = TrTest::LPerp;
  else if (test_code == "DIAMETER")
    row.test = TrTest::Diameter;
  else if (test_code == "TUMSTATE")
    row.test = TrTest::TumState;
  else if (test_code == "LNSTATE")
    row.test = TrTest::LnState;
  else {
    std::string message = quoted(test_code) + ": " + std::string(kTrTestTerms);
    if (test_code == "SAXIS") message += " (SAXIS is not a CDISC term: the nodal short axis is LPERP)";
    error(t, r.number, "TRTESTCD", message, subject, p);
    return;
  }
  const std::string link(get(r, "TRLNKID"));
  auto it = p->links.find(link);
  if (it == p->links.end() && bad_links_.count(key_of({subject, reader, link}))) return;  // reported in TU
  if (it == p->links.end()) {
    std::string known;
    std::size_t listed = 0;
    for (const Lesion& l : p->track.lesions) {
      if (listed++ == 10) {
        known += ", …";
        break;
      }
      known += (known.empty() ? "" : ", ") + l.id;
    }
    error(t, r.number, "TRLNKID",
          (link.empty() ? std::string("empty") : quoted(link)) + ": no TU record of " + track_name(subject, reader) +
              " has this TULNKID (expected one of " + known + ")",
          subject, p);
    return;
  }
  row.lesion = it->second.lesion;
  row.fragment = it->second.fragment;
  bool ok = true;
  auto bad = [&](std::string_view variable, std::string message) {
    error(t, r.number, variable, std::move(message), subject, p);
    ok = false;
  };
  // Visit and scan date.
  const std::string_view visitnum = get(r, "VISITNUM");
  if (auto key = canonical_number(visitnum))
    row.visit_key = *key;
  else
    bad("VISITNUM", (visitnum.empty() ? std::string("empty") : quoted(visitnum)) + ": a visit number was expected");
  const std::string_view status = get(r, "TRSTAT");
  const bool not_done = upper(status) == "NOT DONE";
  if (!status.empty() && !not_done) bad("TRSTAT", quoted(status) + ": expected blank or NOT DONE");
  std::string why;
  if (std::string_view dtc = get(r, "TRDTC"); !dtc.empty()) {
    row.date = sdtm_date(dtc, &why, &row.imputed);
    if (!row.date) bad("TRDTC", quoted(dtc) + ": " + why);
  } else if (!not_done) {
    bad("TRDTC", "empty: the scan date was expected (only a NOT DONE record may lack it)");
  }
  if (!row.visit_key.empty()) {
    const std::string label(get(r, "VISIT"));
    if (const std::size_t at = find_control(label); at != std::string_view::npos)
      bad("VISIT", control_message(label, at));
    auto [label_it, added] = p->visit_label.try_emplace(row.visit_key, label);
    if (added)
      p->visit_label_record[row.visit_key] = r.number;
    else if (label_it->second.empty())
      label_it->second = label;
    else if (!label.empty() && label != label_it->second)
      bad("VISIT", quoted(label) + " differs from " + quoted(label_it->second) + " on record " +
                       std::to_string(p->visit_label_record[row.visit_key]) + " for VISITNUM " + row.visit_key +
                       ": one visit name per visit number was expected");
  }
  // The result.
  const std::string orres = upper(get(r, "TRORRES"));
  const std::string stresc = upper(get(r, "TRSTRESC"));
  const bool is_state = row.test == TrTest::TumState || row.test == TrTest::LnState;
  if (not_done) {
    row.value = TrValue::NotDone;
  } else if (is_state) {
    const std::string& text = stresc.empty() ? orres : stresc;
    if (auto v = state_value(row.test, text))
      row.value = *v;
    else
      bad(stresc.empty() ? "TRORRES" : "TRSTRESC",
          (text.empty() ? std::string("empty") : quoted(text)) + " for " + test_code + ": " +
              std::string(row.test == TrTest::TumState ? kTumstateTerms : kLnstateTerms));
  } else {
    ok &= diameter_of(t, r, get, subject, *p, &row);
  }
  // Which tests a lesion has decides whether it is nodal (see build_assessments()).
  if (!row.fragment) {
    if (row.test == TrTest::LDiam) p->has_ldiam[row.lesion] = true;
    if (row.test == TrTest::LPerp || row.test == TrTest::LnState) p->has_nodal_test[row.lesion] = true;
  }
  if (!p->method_from_tu[row.lesion]) {
    if (std::string_view m = get(r, "TRMETHOD"); !m.empty()) {
      if (auto method = parse_sdtm_method(m))
        p->track.lesions[row.lesion].method = *method;
      else
        bad("TRMETHOD", quoted(m) + ": " + std::string(kMethodTerms));
      p->method_from_tu[row.lesion] = true;
    }
  }
  if (ok) p->rows.push_back(std::move(row));
}

bool Mapper::diameter_of(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject,
                         PendingTrack& p, TrRow* row) {
  const std::string orres = upper(get(r, "TRORRES"));
  const std::string stresc = upper(get(r, "TRSTRESC"));
  auto is = [&](std::string_view term) { return orres == term || stresc == term; };
  if (is("TOO SMALL TO MEASURE")) {
    row->value = TrValue::TooSmall;
    return true;
  }
  if (is("MERGED")) {
    row->value = TrValue::Merged;
    return true;
  }
  if (is("NOT EVALUABLE") || is("NE")) {
    row->value = TrValue::NotDone;
    return true;
  }
  // Reported only if this test turns out to be the one read (build_assessments()): the other axis
  // is not read, so not parsed either (issue 28).
  (void)t;
  (void)subject;
  auto bad = [&](std::string_view variable, std::string message) {
    row->defect = static_cast<std::int32_t>(p.defects.size());
    p.defects.push_back(Defect{std::string(variable), std::move(message)});
    row->value = TrValue::None;
    row->mm.reset();
    return true;
  };
  const bool standard = !stresc.empty();
  const std::string& text = standard ? stresc : orres;
  const std::string_view unit_variable = standard ? "TRSTRESU" : "TRORRESU";
  const std::string unit = upper(get(r, unit_variable));
  const std::string_view numeric = get(r, "TRSTRESN");
  std::string why;
  if (text.empty()) {
    if (numeric.empty()) return bad("TRSTRESC", "empty (and TRORRES, TRSTRESN empty): " + std::string(kDiameterTerms));
    row->mm = round_hundredths(numeric);
    if (!row->mm) return bad("TRSTRESN", quoted(numeric) + ": a non-negative number of mm was expected");
    return true;
  }
  if (!unit.empty() && unit != "MM")
    return bad(unit_variable, quoted(get(r, unit_variable)) + ": expected mm (diameters are read in millimetres)");
  row->mm = parse_millimetres(text, &why);
  if (!row->mm)
    return bad(standard ? "TRSTRESC" : "TRORRES", quoted(text) + ": " + std::string(kDiameterTerms) + " (" + why + ")");
  if (!numeric.empty()) {
    const std::optional<Millimetres> n = round_hundredths(numeric);
    if (!n || *n != *row->mm)
      return bad("TRSTRESN", quoted(numeric) + " disagrees with " + std::string(standard ? "TRSTRESC" : "TRORRES") +
                                 " " + quoted(text) + ": the same diameter was expected");
  }
  return true;
}

bool Mapper::read_rs() {
  const SdtmTable& t = *tables_.rs;
  return each_record(t, [&](const Record& r, const std::string& subject) { rs_record(t, r, Columns{t}, subject); });
}

std::optional<Mapper::RsResult> Mapper::rs_result(const SdtmTable& t, const Record& r, const Columns& get,
                                                  const std::string& subject) {
  if (get(r, "RSEVALID") == kEngineEvaluator) return std::nullopt;  // our own computed rows are not records
  if (subject.empty()) {
    error(t, r.number, "USUBJID", "empty: a subject id was expected", "", nullptr);
    return std::nullopt;
  }
  RsResult out;
  out.reader = reader_of(get(r, "RSEVAL"), get(r, "RSEVALID"));
  out.track = find_track(subject, out.reader);
  out.test = upper(get(r, "RSTESTCD"));
  out.result = get(r, "RSSTRESC");
  out.variable = "RSSTRESC";
  if (out.result.empty()) {
    out.result = get(r, "RSORRES");
    out.variable = "RSORRES";
  }
  out.upper = upper(out.result);
  return out;
}

void Mapper::rs_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject) {
  // Other criteria (questionnaires) may share the domain: RECIST 1.1 and iRECIST are read.
  if (std::string_view cat = get(r, "RSCAT"); !cat.empty() && upper(cat) == "IRECIST" && options_.irecist_codes)
    return rs_irecist_record(t, r, get, subject);  // --criteria irecist|both (issue 29)
  else if (!cat.empty() && upper(cat) != "RECIST 1.1")
    return;
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
  auto check = [&](std::initializer_list<std::string_view> terms) {
    if (std::find(terms.begin(), terms.end(), up) != terms.end()) return;
    std::string list;
    for (std::string_view term : terms) list += (list.empty() ? "" : ", ") + std::string(term);
    bad(result_variable, (up.empty() ? std::string("empty") : quoted(result)) + " for " + test + ": expected " + list);
  };
  if (test == "TRGRESP")
    check({"CR", "PR", "SD", "PD", "NE"});
  else if (test == "NTRGRESP")
    check({"CR", "NON-CR/NON-PD", "PD", "NE"});
  else if (test == "NEWLIND")
    check({"Y", "N"});
  else if (test == "NEWLPROG")
    check({"EQUIVOCAL", "UNEQUIVOCAL"});
  else if (test == "BESTRESP")
    check({"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"});
  else if (test != "OVRLRESP")
    bad("RSTESTCD", quoted(test) + ": " + std::string(kRsTestTerms));
  if (test != "OVRLRESP") return;
  const std::optional<Response> response = parse_response(result);
  if (!response || *response == Response::NA) {
    bad(result_variable,
        (up.empty() ? std::string("empty") : quoted(result)) + " for OVRLRESP: " + std::string(kResponseCodesExpected));
    return;
  }
  if (!p) {
    bad("USUBJID", "an OVRLRESP of subject " + subject + " read by " + reader +
                       " (RSEVAL/RSEVALID), who has no TU/TR records: no track to compare it with");
    return;
  }
  TrackRecordedResponse rec;
  rec.record = r.number;
  rec.response = *response;
  std::string_view visitnum = get(r, "VISITNUM");
  if (!visitnum.empty()) {
    if (auto key = canonical_number(visitnum))
      rec.visit_key = *key;
    else
      return bad("VISITNUM", quoted(visitnum) + ": a visit number was expected");
  }
  if (std::string_view dtc = get(r, "RSDTC"); !dtc.empty()) {
    std::string why;
    bool imputed = false;
    rec.date = sdtm_date(dtc, &why, &imputed);
    if (!rec.date) return bad("RSDTC", quoted(dtc) + ": " + why);
  }
  if (rec.visit_key.empty() && !rec.date) return bad("VISITNUM", "empty, and RSDTC empty: the visit was expected");
  p->responses.push_back(std::move(rec));
}

}  // namespace recist::io::sdtm_mapping
