// SDTM to tracks, the subjects and their lesions (SPEC 4.3, schemas/sdtm-mapping.md): DM RFXSTDTC
// as the start date, SUPPTU qualifiers (irradiated, slice thickness), TU lesions and fragments.
#include <algorithm>

#include "native_terms.hpp"
#include "sdtm_mapper.hpp"
#include "sdtm_terms.hpp"

namespace recist::io::sdtm_mapping {

bool Mapper::read_dm() {
  const SdtmTable& t = *tables_.dm;
  const Columns get{t};
  std::unordered_map<std::string, std::int64_t> seen;
  return each_record(t, [&](const Record& r, const std::string& subject) {
    if (subject.empty()) {
      error(t, r.number, "USUBJID", "empty: a subject id was expected", "", nullptr);
    } else if (auto [it, added] = seen.try_emplace(subject, r.number); !added) {
      error(t, r.number, "USUBJID",
            "a second DM record for " + subject + " (first on record " + std::to_string(it->second) +
                "): one record per subject was expected",
            subject, nullptr);
      bad_subjects_.insert(subject);
    } else if (std::string_view v = get(r, "RFXSTDTC"); !v.empty()) {
      std::string why;
      if (auto d = parse_dtc(v, &why))
        start_[subject] = *d;
      else {
        error(t, r.number, "RFXSTDTC", quoted(v) + ": " + why, subject, nullptr);
        bad_subjects_.insert(subject);
      }
    }
  });
}

bool Mapper::read_supptu() {
  const SdtmTable& t = *tables_.supptu;
  const Columns get{t};
  return each_record(t, [&](const Record& r, const std::string& subject) {
    const std::string idvar = upper(get(r, "IDVAR"));
    std::string idval(get(r, "IDVARVAL"));
    if (idvar == "TUSEQ") idval = canonical_number(idval).value_or(idval);
    if (idvar != "TUSEQ" && idvar != "TULNKID") {
      error(t, r.number, "IDVAR", quoted(idvar) + ": expected TUSEQ or TULNKID (the TU record qualified)", subject,
            nullptr);
      bad_subjects_.insert(subject);
      return;
    }
    supp_[key_of({subject, idvar, idval})].push_back(
        SuppValue{r.number, upper(get(r, "QNAM")), std::string(get(r, "QVAL")), false});
  });
}

PendingTrack* Mapper::find_track(const std::string& subject, const std::string& reader) {
  auto it = track_of_.find(key_of({subject, reader}));
  return it == track_of_.end() ? nullptr : &pending_[it->second];
}

void Mapper::apply_supp(const std::string& key, PendingTrack& p, Lesion& lesion) {
  auto it = supp_.find(key);
  if (it == supp_.end()) return;
  const SdtmTable& t = *tables_.supptu;
  bool irradiated = false, progressed = false;
  for (SuppValue& s : it->second) {
    s.used = true;
    const std::string up = upper(s.qval);
    if (s.qnam == "TUPREVIR" || s.qnam == "TUPREISP") {
      if (up != "Y" && up != "N") {
        error(t, s.record, "QVAL", quoted(s.qval) + " for " + s.qnam + ": expected Y or N", p.track.subject, &p);
        continue;
      }
      (s.qnam == "TUPREVIR" ? irradiated : progressed) = up == "Y";
    } else if (s.qnam == "TUSLCTHK") {
      std::string why;
      lesion.slice_thickness = parse_millimetres(s.qval, &why);
      if (!lesion.slice_thickness)
        error(t, s.record, "QVAL", quoted(s.qval) + " for TUSLCTHK (slice thickness, mm): " + why, p.track.subject, &p);
    }
    // Other qualifiers are the sponsor's and are not read.
  }
  lesion.irradiation = progressed ? Irradiation::YesProgressed : irradiated ? Irradiation::Yes : Irradiation::No;
}

bool Mapper::read_tu() {
  const SdtmTable& t = *tables_.tu;
  const Columns get{t};
  // Pass 1: the lesions (TUMIDENT); pass 2: the fragments of split targets (TUSPLIT), whose
  // parent may be identified later in the file.
  for (int pass = 1; pass <= 2; ++pass) {
    for (const Record& r : t.records) {
      const std::string subject(get(r, "USUBJID"));
      if (pass == 1 && r.malformed) bad_subjects_.insert(subject);
      const std::string test = upper(get(r, "TUTESTCD"));
      if (test == "TIND" || test == "NTIND" || test == "METIND") continue;
      if (test != "TUMIDENT" && test != "TUSPLIT") {
        if (pass == 2) continue;
        std::string message = quoted(test) + ": " + std::string(kTuTestTerms);
        if (test == "TUMERGE")
          message =
              "TUMERGE (merged lesions as a new TU record) is not read: record the absorbed target's "
              "diameter as TRORRES = MERGED (see schemas/sdtm-mapping.md)";
        error(t, r.number, "TUTESTCD", message, subject, nullptr);
        const std::string key = key_of({subject, reader_of(get(r, "TUEVAL"), get(r, "TUEVALID"))});
        bad_keys_.insert(key);
        bad_links_.insert(key_of({key, get(r, "TULNKID")}));
        if (stopped()) return false;
        continue;
      }
      if ((test == "TUMIDENT") != (pass == 1)) continue;
      if (subject.empty()) {
        error(t, r.number, "USUBJID", "empty: a subject id was expected", "", nullptr);
        if (stopped()) return false;
        continue;
      }
      const std::string reader = reader_of(get(r, "TUEVAL"), get(r, "TUEVALID"));
      const std::string key = key_of({subject, reader});
      if (pass == 1 && !track_of_.count(key)) {
        track_of_.emplace(key, pending_.size());
        PendingTrack& added = pending_.emplace_back();
        added.track.subject = subject;
        added.track.reader = reader;
      }
      PendingTrack* p = find_track(subject, reader);
      if (!p) {
        error(t, r.number, "TULNKID",
              "a TUSPLIT record of " + track_name(subject, reader) +
                  ", which has no TUMIDENT record: the split lesion must be identified",
              subject, nullptr);
        if (stopped()) return false;
        continue;
      }
      if (pass == 1)
        tu_lesion(t, r, *p);
      else
        tu_fragment(t, r, *p);
      if (stopped()) return false;
    }
  }
  for (auto& [key, values] : supp_) {
    for (const SuppValue& s : values) {
      if (s.used) continue;
      const std::string subject = key.substr(0, key.find('\x1f'));
      std::string target = key.substr(subject.size() + 1);
      target[target.find('\x1f')] = '=';
      error(*tables_.supptu, s.record, "IDVARVAL",
            "no TU record of subject " + subject + " has " + target + ": a SUPPTU record must qualify a TU record",
            subject, nullptr);
      bad_subjects_.insert(subject);
      if (stopped()) return false;
    }
  }
  return true;
}

void Mapper::tu_lesion(const SdtmTable& t, const Record& r, PendingTrack& p) {
  const Columns get{t};
  const std::string& subject = p.track.subject;
  const std::string id(get(r, "TULNKID"));
  if (id.empty()) {
    error(t, r.number, "TULNKID", "empty: a lesion id was expected", subject, &p);
    return;
  }
  if (auto it = p.links.find(id); it != p.links.end()) {
    error(t, r.number, "TULNKID",
          "a second TUMIDENT record for lesion " + id + " of " + track_name(subject, p.track.reader) +
              " (first on record " + std::to_string(p.lesion_record[it->second.lesion]) +
              "): one record per lesion and evaluator was expected (give TUEVAL/TUEVALID to tell readers apart)",
          subject, &p);
    return;
  }
  Lesion lesion;
  lesion.id = id;
  const bool was_bad = p.bad;
  p.bad = false;
  // No control character in what reaches the outputs (reader_support.hpp: find_control()).
  for (std::string_view variable : {"USUBJID", "TUEVAL", "TUEVALID", "TULNKID", "TULOC", "TULAT"}) {
    const std::string_view v = get(r, variable);
    if (const std::size_t at = find_control(v); at != std::string_view::npos)
      error(t, r.number, variable, control_message(v, at), subject, &p);
  }
  std::string_view role_text = get(r, "TUSTRESC");
  std::string_view role_variable = "TUSTRESC";
  if (role_text.empty()) {
    role_text = get(r, "TUORRES");
    role_variable = "TUORRES";
  }
  if (auto role = parse_role(role_text))
    lesion.role = *role;
  else
    error(t, r.number, role_variable, quoted(role_text) + ": " + std::string(kRoleTerms), subject, &p);
  const std::string_view laterality = get(r, "TULAT");
  lesion.site = upper(laterality.empty() ? std::string(get(r, "TULOC"))
                                         : std::string(laterality) + " " + std::string(get(r, "TULOC")));
  // SDTMIG makes TULOC Expected, not Required; RECIST needs the site of a target only (R3: the
  // organ count, the nodal status). A non-target's or new lesion's site is then unknown.
  if (get(r, "TULOC").empty()) {
    if (lesion.role == LesionRole::Target)
      error(t, r.number, "TULOC", "empty: the location of target lesion " + id + " is required (R3)", subject, &p);
    else {
      lesion.site.clear();
      warn(p, "SITE_UNKNOWN", id,
           "TU record " + std::to_string(r.number) + ": TULOC empty, the site of " +
               std::string(lesion.role == LesionRole::New ? "new lesion " : "non-target ") + id +
               " is read as unknown (RECIST needs the site of targets only)");
    }
  }
  const std::string_view method = get(r, "TUMETHOD");
  if (!method.empty()) {
    if (auto m = parse_sdtm_method(method))
      lesion.method = *m;
    else
      error(t, r.number, "TUMETHOD", quoted(method) + ": " + std::string(kMethodTerms), subject, &p);
  }
  // Nodal: the location names a lymph node; the TR tests used may say so too (see build_assessments()).
  lesion.nodal = lesion.site.find("LYMPH") != std::string::npos || lesion.site.find("NODE") != std::string::npos;
  const std::string seq = canonical_number(get(r, "TUSEQ")).value_or(std::string(get(r, "TUSEQ")));
  if (!seq.empty()) apply_supp(key_of({subject, "TUSEQ", seq}), p, lesion);
  apply_supp(key_of({subject, "TULNKID", id}), p, lesion);
  p.links.emplace(id, Link{static_cast<std::uint32_t>(p.track.lesions.size()), false});
  p.lesion_record.push_back(r.number);
  p.method_from_tu.push_back(!method.empty());
  p.has_ldiam.push_back(false);
  p.has_nodal_test.push_back(false);
  p.lesion_bad.push_back(p.bad);
  p.bad = p.bad || was_bad;
  p.track.lesions.push_back(std::move(lesion));
}

void Mapper::tu_fragment(const SdtmTable& t, const Record& r, PendingTrack& p) {
  const Columns get{t};
  const std::string& subject = p.track.subject;
  const std::string id(get(r, "TULNKID"));
  if (id.empty()) {
    error(t, r.number, "TULNKID", "empty: the fragment's id was expected", subject, &p);
    return;
  }
  if (p.links.count(id)) {
    error(t, r.number, "TULNKID",
          "lesion id " + id + " of " + track_name(subject, p.track.reader) +
              " is already identified: each fragment needs an id of its own",
          subject, &p);
    return;
  }
  // The split lesion: TUGRPID, else the id before the last '.' (T04.1 → T04).
  std::string parent(get(r, "TUGRPID"));
  std::string_view parent_variable = "TUGRPID";
  if (parent.empty()) {
    parent = id.substr(0, id.rfind('.') == std::string::npos ? 0 : id.rfind('.'));
    parent_variable = "TULNKID";
  }
  auto it = p.links.find(parent);
  if (it == p.links.end() || it->second.fragment) {
    error(t, r.number, parent_variable,
          "fragment " + id + " of " + quoted(parent) +
              ": the split lesion was expected in TUGRPID (or as the id before the last '.') and must be a lesion "
              "identified by a TUMIDENT record",
          subject, &p);
    return;
  }
  if (p.track.lesions[it->second.lesion].role != LesionRole::Target) {
    error(t, r.number, "TUTESTCD", "TUSPLIT of " + parent + ", which is not a target: only targets are split (R7)",
          subject, &p);
    return;
  }
  p.links.emplace(id, Link{it->second.lesion, true});
}

}  // namespace recist::io::sdtm_mapping
