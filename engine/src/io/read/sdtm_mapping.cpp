// From SDTM tables to tracks (SPEC 4.3; the table is schemas/sdtm-mapping.md). Whatever the
// physical format, every value arrives as text, so this is the one place that knows the domains:
//   DM      USUBJID → start_date (RFXSTDTC)
//   SUPPTU  TUPREVIR/TUPREISP → irradiated, TUSLCTHK → slice_mm, linked to TU by TUSEQ or TULNKID
//   TU      one lesion per TUMIDENT record: TULNKID, role (TUSTRESC), site (TULAT + TULOC),
//           method (TUMETHOD); TUSPLIT records name the fragments of a split target
//   TR      per lesion and visit: a diameter (LDIAM non-nodal, LPERP nodal short axis, or the older
//           DIAMETER) and a state (TUMSTATE, LNSTATE); visits grouped by VISITNUM, dated by the
//           earliest TRDTC of the visit
//   RS      OVRLRESP → the reported response of the visit
// A track is (USUBJID, evaluator): the evaluator identifier (--EVALID) when given, else the
// evaluator (--EVAL), else INVESTIGATOR. A track with any bad record is reported and left out.
#include <algorithm>

#include "native_terms.hpp"
#include "sdtm_mapper.hpp"
#include "sdtm_terms.hpp"

namespace recist::io::sdtm_mapping {

void Mapper::run() {
  if (!check_tables()) return;
  if (tables_.dm && !read_dm()) return;
  if (tables_.supptu && !read_supptu()) return;
  if (!read_tu() || !read_tr()) return;
  if (tables_.rs && !read_rs()) return;
  finish();
}

ErrorSink& Mapper::sink(const SdtmTable& t) {
  auto it = sinks_.find(&t);
  if (it == sinks_.end()) it = sinks_.emplace(&t, std::make_unique<ErrorSink>(t.file, options_, out_)).first;
  return *it->second;
}

void Mapper::error(const SdtmTable& t, std::int64_t record, std::string_view variable, std::string message,
                   const std::string& subject, PendingTrack* track) {
  sink(t).add(record, std::string(variable), std::move(message), subject);
  if (track) track->bad = true;
}

void Mapper::warn(PendingTrack& p, std::string_view code, const std::string& lesion, std::string message) {
  for (TrackWarning& w : p.warnings)
    if (w.code == code) {
      ++w.count;
      return;
    }
  p.warnings.push_back(TrackWarning{std::string(code), lesion, std::move(message)});
}

std::optional<Date> Mapper::sdtm_date(std::string_view v, std::string* why, bool* imputed) const {
  *imputed = false;
  std::optional<Date> d = parse_dtc(v, why);
  if (d) return d;
  if (!options_.impute_partial_dates) return d;  // the message stays as it was (README "Real SDTM")
  d = impute_last_day(v);
  if (d)
    *imputed = true;
  else if (v.size() == 4)
    *why += "; impute-partial-dates = admiral imputes a missing day only (highest_imputation = \"D\")";
  return d;
}

bool Mapper::same_record(const TrRow& a, const TrRow& b) const {
  const SdtmTable& t = *tables_.tr;
  const Record& x = t.records[a.index];
  const Record& y = t.records[b.index];
  const int seq = t.find("TRSEQ");
  for (std::size_t c = 0; c < t.variables.size(); ++c)
    if (static_cast<int>(c) != seq && x.value(c) != y.value(c)) return false;
  return true;
}

bool Mapper::check_tables() {
  struct Need {
    const std::optional<SdtmTable>* table;
    SdtmDomain domain;
    std::vector<std::vector<std::string_view>> any_of;  // each inner list: one of these is needed
  };
  const Need needs[] = {
      {&tables_.tu, SdtmDomain::TU, {{"USUBJID"}, {"TULNKID"}, {"TUTESTCD"}, {"TUSTRESC", "TUORRES"}, {"TULOC"}}},
      {&tables_.tr,
       SdtmDomain::TR,
       {{"USUBJID"}, {"TRLNKID"}, {"TRTESTCD"}, {"TRSTRESC", "TRORRES"}, {"VISITNUM"}, {"TRDTC"}}},
      {&tables_.rs, SdtmDomain::RS, {{"USUBJID"}, {"RSTESTCD"}, {"RSSTRESC", "RSORRES"}, {"VISITNUM", "RSDTC"}}},
      {&tables_.dm, SdtmDomain::DM, {{"USUBJID"}, {"RFXSTDTC"}}},
      {&tables_.supptu, SdtmDomain::SUPPTU, {{"USUBJID"}, {"IDVAR"}, {"IDVARVAL"}, {"QNAM"}, {"QVAL"}}},
  };
  bool ok = true;
  for (const Need& need : needs) {
    if (!*need.table) continue;
    const SdtmTable& t = **need.table;
    ErrorSink& errors = sink(t);
    const std::string domain(to_string(need.domain));
    const std::string described = t.format + " dataset";
    if (!t.dataset.empty() && t.dataset != domain) {
      errors.fatal(0, "",
                   "the " + described + " is " + quoted(t.dataset) + ": the " + domain +
                       " domain was expected (from the file name)");
      ok = false;
      continue;
    }
    // The DOMAIN (or, in SUPPTU, RDOMAIN) of every record must be this domain.
    const bool supp = need.domain == SdtmDomain::SUPPTU;
    const int domain_column = t.find(supp ? "RDOMAIN" : "DOMAIN");
    const std::string expected_domain = supp ? "TU" : domain;
    bool domain_ok = true;
    for (const Record& r : t.records) {
      if (domain_column < 0 || r.value(domain_column).empty() || upper(r.value(domain_column)) == expected_domain)
        continue;
      errors.fatal(r.number, supp ? "RDOMAIN" : "DOMAIN",
                   quoted(r.value(domain_column)) + ": this file holds the " + domain + " domain, so " +
                       quoted(expected_domain) + " was expected");
      domain_ok = false;
      break;
    }
    if (!domain_ok) {
      ok = false;
      continue;
    }
    if (t.records.empty()) continue;  // nothing to read (an empty Dataset-XML names no variable)
    for (const auto& alternatives : need.any_of) {
      if (std::any_of(alternatives.begin(), alternatives.end(), [&](std::string_view v) { return t.find(v) >= 0; }))
        continue;
      std::string names;
      for (std::string_view v : alternatives) names += (names.empty() ? "" : " or ") + std::string(v);
      errors.fatal(0, std::string(alternatives.front()),
                   "the variable " + names + " is missing: the " + domain + " domain needs it");
      ok = false;
    }
  }
  return ok;
}

bool Mapper::observe(PendingTrack& p, const LesionVisit& v, const std::string& visit, Observation* out) {
  if (p.lesion_bad[v.lesion]) return false;  // reported with its TU record
  const Lesion& lesion = p.track.lesions[v.lesion];
  VisitProblem problem;
  if (auto o = observe_lesion(lesion, v, &problem)) {
    *out = std::move(*o);
    return true;
  }
  error(*tables_.tr, problem.row->record, problem.variable,
        "lesion " + lesion.id + " at visit " + visit + ": " + problem.message, p.track.subject, &p);
  return false;
}

void Mapper::build_assessments(PendingTrack& p) {
  const SdtmTable& t = *tables_.tr;
  // A lesion is nodal when its location says so, or when it is measured by the nodal tests
  // (LPERP, LNSTATE) and never by LDIAM.
  for (std::size_t i = 0; i < p.track.lesions.size(); ++i)
    if (p.has_nodal_test[i] && !p.has_ldiam[i]) p.track.lesions[i].nodal = true;
  struct Visit {
    std::string key;
    std::optional<Date> date;
    const TrRow* dated_by = nullptr;  ///< The record whose TRDTC dates the visit.
    std::int64_t first_record = 0;
    std::vector<LesionVisit> slots;
    std::unordered_map<std::uint32_t, std::size_t> slot_of;
  };
  std::vector<Visit> visits;
  std::unordered_map<std::string, std::size_t> visit_of;
  // The error of a diameter that could not be read, reported now that it is known to be read.
  auto report_defect = [&](const TrRow& row) {
    if (row.defect < 0) return false;
    const Defect& d = p.defects[static_cast<std::size_t>(row.defect)];
    error(t, row.record, d.variable, d.message, p.track.subject, &p);
    return true;
  };
  for (const TrRow& row : p.rows) {
    auto [vit, added] = visit_of.try_emplace(row.visit_key, visits.size());
    if (added) visits.push_back(Visit{row.visit_key, std::nullopt, nullptr, row.record, {}, {}});
    Visit& v = visits[vit->second];
    if (row.date && (!v.date || *row.date < *v.date)) {
      v.date = row.date;
      v.dated_by = &row;
    }
    const Lesion& lesion = p.track.lesions[row.lesion];
    // A nodal target's LNSTATE (the CDISC supplement records it beside LPERP) says what its short
    // axis already says (R2): not read.
    if (row.test == TrTest::LnState && lesion.role == LesionRole::Target && !row.fragment) continue;
    auto [sit, slot_added] = v.slot_of.try_emplace(row.lesion, v.slots.size());
    if (slot_added) v.slots.push_back(LesionVisit{row.lesion, nullptr, nullptr, nullptr, {}});
    LesionVisit& s = v.slots[sit->second];
    const bool state = row.test == TrTest::TumState || row.test == TrTest::LnState;
    const bool off_axis = lesion.nodal ? row.test == TrTest::LDiam : row.test == TrTest::LPerp;
    const bool generic = row.test == TrTest::Diameter;
    const TrRow** place = state ? &s.state : off_axis ? &s.off_axis : generic ? &s.generic : &s.diameter;
    if (row.fragment) {
      if (state)
        error(t, row.record, "TRTESTCD", "fragment at visit " + v.key + ": a fragment has a diameter only",
              p.track.subject, &p);
      else if (!off_axis && !report_defect(row))
        s.fragments.push_back(&row);
      continue;
    }
    if (*place && !off_axis && same_record(**place, row)) {
      warn(p, "DUPLICATE_RECORD", lesion.id,
           "TR record " + std::to_string(row.record) + " repeats record " + std::to_string((*place)->record) +
               " but for TRSEQ (lesion " + lesion.id + ", visit " + v.key + "): read once");
      continue;
    }
    if (*place && !off_axis) {
      error(t, row.record, "TRTESTCD",
            "a second " + std::string(state ? "state" : "diameter") + " of lesion " + lesion.id + " at visit " + v.key +
                " (first on record " + std::to_string((*place)->record) +
                "): one diameter test (LDIAM/LPERP or DIAMETER) and one state per lesion and visit was expected",
            p.track.subject, &p);
      continue;
    }
    if (!*place) *place = &row;
  }
  // DIAMETER beside the RECIST axis test (LDIAM, LPERP for a node): the axis is read, and a
  // DIAMETER that says otherwise is named. A diameter that could not be read is reported here.
  for (Visit& v : visits) {
    for (LesionVisit& s : v.slots) {
      const Lesion& lesion = p.track.lesions[s.lesion];
      if (s.generic && !s.diameter) {
        s.diameter = s.generic;
      } else if (s.generic && s.generic->defect < 0 && s.diameter->defect < 0 &&
                 (s.generic->value != s.diameter->value || s.generic->mm != s.diameter->mm)) {
        auto said = [](const TrRow& r) {
          return r.value == TrValue::Number ? r.mm->to_string() + " mm" : std::string(name_of(r.value));
        };
        warn(p, "DIAMETER_DISAGREES", lesion.id,
             "lesion " + lesion.id + " at visit " + v.key + ": DIAMETER " + said(*s.generic) + " (record " +
                 std::to_string(s.generic->record) + ") differs from " + (lesion.nodal ? "LPERP " : "LDIAM ") +
                 said(*s.diameter) + " (record " + std::to_string(s.diameter->record) +
                 "), the RECIST axis, which is read");
      }
      if (s.diameter && report_defect(*s.diameter)) s.reported = true;
    }
  }
  std::vector<std::pair<Date, std::size_t>> order;
  for (std::size_t i = 0; i < visits.size(); ++i) {
    const Visit& v = visits[i];
    if (!v.date) {
      error(t, v.first_record, "TRDTC", "visit " + v.key + " has no scan date: a TRDTC was expected", p.track.subject,
            &p);
      continue;
    }
    order.emplace_back(*v.date, i);
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 0; k < order.size(); ++k) {
    const Visit& v = visits[order[k].second];
    if (k > 0 && order[k - 1].first == order[k].first) {
      const Visit& prev = visits[order[k - 1].second];
      error(t, v.first_record, "VISITNUM",
            "visits " + prev.key + " and " + v.key + " of " + track_name(p.track.subject, p.track.reader) +
                " both start on " + v.date->to_string() + ": one assessment per date was expected",
            p.track.subject, &p);
      continue;
    }
    if (v.dated_by->imputed)  // every imputed date is listed (issue 28)
      p.warnings.push_back(TrackWarning{"DATE_IMPUTED", "",
                                        "visit " + v.key + " (" + p.visit_label[v.key] + "): TRDTC " +
                                            quoted(tables_.tr->records[v.dated_by->index].value(
                                                static_cast<std::size_t>(tables_.tr->find("TRDTC")))) +
                                            " imputed as " + v.date->to_string() +
                                            " (impute-partial-dates = admiral: the last day of the month, ADTF = D)"});
    Assessment a{*v.date, p.visit_label[v.key], {}, std::nullopt, v.dated_by->imputed};
    for (const LesionVisit& s : v.slots) {
      if (s.reported) continue;
      Observation obs;
      if (observe(p, s, v.key, &obs)) a.observations.push_back(std::move(obs));
    }
    p.track.assessments.push_back(std::move(a));
    assessment_visit_.push_back(v.key);
  }
}

void Mapper::attach_responses(PendingTrack& p) {
  const SdtmTable& t = *tables_.rs;
  std::vector<std::int64_t> reported_record(p.track.assessments.size(), 0);
  for (const TrackRecordedResponse& r : p.responses) {
    if (r.iresponse) continue;  // attach_iresponses()
    std::size_t found = p.track.assessments.size();
    for (std::size_t i = 0; i < p.track.assessments.size(); ++i) {
      if (r.visit_key.empty() ? p.track.assessments[i].date == *r.date : assessment_visit_[i] == r.visit_key) {
        found = i;
        break;
      }
    }
    if (found == p.track.assessments.size() && p.bad && p.visit_label.count(r.visit_key)) continue;  // reported
    if (found == p.track.assessments.size()) {
      error(t, r.record, r.visit_key.empty() ? "RSDTC" : "VISITNUM",
            "an OVRLRESP for " + (r.visit_key.empty() ? "date " + r.date->to_string() : "visit " + r.visit_key) +
                " of " + track_name(p.track.subject, p.track.reader) + ", which has no tumour results (TR) there",
            p.track.subject, &p);
      continue;
    }
    Assessment& a = p.track.assessments[found];
    if (a.reported && *a.reported != r.response) {
      error(t, r.record, "RSSTRESC",
            quoted(to_string(r.response)) + " differs from " + quoted(to_string(*a.reported)) + " on record " +
                std::to_string(reported_record[found]) + ": one overall response per visit and evaluator was expected",
            p.track.subject, &p);
      continue;
    }
    a.reported = r.response;
    reported_record[found] = r.record;
  }
}

void Mapper::finish() {
  for (PendingTrack& p : pending_) {
    assessment_visit_.clear();
    build_assessments(p);
    if (tables_.rs) attach_responses(p);
    if (tables_.rs) attach_iresponses(p);
    if (auto it = start_.find(p.track.subject); it != start_.end()) p.track.start_date = it->second;
    if (stopped()) return;
    // A lesion without results would leave the sums silently (R6); the native XML reader refuses
    // the same. Both are named at the lesion's TU record (found by tests/fuzz).
    if (p.track.assessments.empty() && !p.bad) {
      error(*tables_.tu, p.lesion_record.empty() ? 0 : p.lesion_record.front(), "USUBJID",
            "no tumour results (TR) for " + track_name(p.track.subject, p.track.reader) +
                ", whose lesions are identified in TU",
            p.track.subject, &p);
      if (stopped()) return;
    }
    if (!p.bad) {
      std::vector<bool> observed(p.track.lesions.size(), false);
      for (const Assessment& a : p.track.assessments)
        for (const Observation& o : a.observations) observed[o.lesion] = true;
      for (std::size_t i = 0; i < observed.size() && !p.bad; ++i) {
        if (observed[i]) continue;
        error(*tables_.tu, p.lesion_record[i], "TULNKID",
              "lesion " + p.track.lesions[i].id + " of " + track_name(p.track.subject, p.track.reader) +
                  " is identified in TU but has no tumour result (TR) at any visit",
              p.track.subject, &p);
      }
      if (stopped()) return;
    }
    const bool left_out =
        p.bad || bad_subjects_.count(p.track.subject) || bad_keys_.count(key_of({p.track.subject, p.track.reader}));
    if (left_out) continue;
    for (TrackWarning& w : p.warnings) {
      if (w.count > 1) w.message += " (and " + std::to_string(w.count - 1) + " more records like it in this track)";
      p.track.input_findings.push_back(
          Finding{Severity::Warning, std::move(w.code), std::move(w.lesion), std::move(w.message)});
    }
    out_->tracks.push_back(std::move(p.track));
  }
}

}  // namespace recist::io::sdtm_mapping

namespace recist::io {

std::string_view to_string(SdtmDomain d) {
  switch (d) {
    case SdtmDomain::TU:
      return "TU";
    case SdtmDomain::TR:
      return "TR";
    case SdtmDomain::RS:
      return "RS";
    case SdtmDomain::DM:
      return "DM";
    case SdtmDomain::SUPPTU:
      return "SUPPTU";
  }
  return "";
}

void map_sdtm(const SdtmTables& tables, const ReadOptions& options, Dataset* out) {
  sdtm_mapping::Mapper(tables, options, out).run();
}

}  // namespace recist::io
