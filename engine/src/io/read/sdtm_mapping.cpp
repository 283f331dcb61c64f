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
#include <unordered_map>
#include <unordered_set>

#include "native_terms.hpp"
#include "reader_support.hpp"
#include "recist/io/read/sdtm.hpp"
#include "sdtm_observation.hpp"
#include "sdtm_terms.hpp"

namespace recist::io {
namespace {

using Record = SdtmTable::Record;

std::string quoted(std::string_view v) {
  return "\"" + std::string(v) + "\"";
}

/// A hash key of several parts: subject, reader, lesion, … joined by the unit separator.
std::string key_of(std::initializer_list<std::string_view> parts) {
  std::string key;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) key.push_back('\x1f');
    first = false;
    key.append(part);
  }
  return key;
}

std::string track_name(const std::string& subject, const std::string& reader) {
  return subject + "/" + reader;
}

/// Where a TULNKID points: a lesion of the track, or a fragment of one.
struct Link {
  std::uint32_t lesion = 0;
  bool fragment = false;
};

struct TrackRecordedResponse {
  std::int64_t record = 0;
  std::string visit_key;
  std::optional<Date> date;
  Response response = Response::NE;
};

struct PendingTrack {
  Track track;
  std::unordered_map<std::string, Link> links;
  std::vector<std::int64_t> lesion_record;  ///< The TU record of each lesion.
  std::vector<bool> method_from_tu;
  std::vector<bool> has_ldiam, has_nodal_test;
  std::vector<bool> lesion_bad;  ///< Its TU record was reported: its TR records are not checked again.
  std::vector<TrRow> rows;
  std::vector<TrackRecordedResponse> responses;
  std::unordered_map<std::string, std::string> visit_label;  ///< VISITNUM → VISIT.
  std::unordered_map<std::string, std::int64_t> visit_label_record;
  bool bad = false;
};

/// One SUPPTU value waiting for its TU record.
struct SuppValue {
  std::int64_t record = 0;
  std::string qnam, qval;
  bool used = false;
};

class Mapper {
 public:
  Mapper(const SdtmTables& tables, const ReadOptions& options, Dataset* out)
      : tables_(tables), options_(options), out_(out) {}

  void run() {
    if (!check_tables()) return;
    if (tables_.dm && !read_dm()) return;
    if (tables_.supptu && !read_supptu()) return;
    if (!read_tu() || !read_tr()) return;
    if (tables_.rs && !read_rs()) return;
    finish();
  }

 private:
  /// The sink of a table's file.
  ErrorSink& sink(const SdtmTable& t) {
    auto it = sinks_.find(&t);
    if (it == sinks_.end()) it = sinks_.emplace(&t, std::make_unique<ErrorSink>(t.file, options_, out_)).first;
    return *it->second;
  }
  bool stopped() const { return out_->fatal && options_.strict; }

  /// Reports an error about a record; marks the track (when given) bad.
  void error(const SdtmTable& t, std::int64_t record, std::string_view variable, std::string message,
             const std::string& subject, PendingTrack* track) {
    sink(t).add(record, std::string(variable), std::move(message), subject);
    if (track) track->bad = true;
  }

  /// Calls `f(record, subject)` for each record of `t` in order; a malformed record leaves its
  /// subject's tracks out. False once --strict stops the reading.
  template <class F>
  bool each_record(const SdtmTable& t, F&& f) {
    const int subject_column = t.find("USUBJID");
    for (const Record& r : t.records) {
      const std::string subject(subject_column < 0 ? std::string_view() : r.value(subject_column));
      if (r.malformed) bad_subjects_.insert(subject);
      f(r, subject);
      if (stopped()) return false;
    }
    return true;
  }

  /// Every domain must hold the variables it is read for, and be the domain its file name says.
  bool check_tables() {
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

  /// Reads a table's variable by name, "" when the variable is absent.
  struct Columns {
    const SdtmTable& t;
    std::string_view operator()(const Record& r, std::string_view name) const {
      const int c = t.find(name);
      return c < 0 ? std::string_view() : r.value(c);
    }
  };

  bool read_dm() {
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

  bool read_supptu() {
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

  PendingTrack* find_track(const std::string& subject, const std::string& reader) {
    auto it = track_of_.find(key_of({subject, reader}));
    return it == track_of_.end() ? nullptr : &pending_[it->second];
  }

  /// Applies the SUPPTU values of a TU record to its lesion.
  void apply_supp(const std::string& key, PendingTrack& p, Lesion& lesion) {
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
          error(t, s.record, "QVAL", quoted(s.qval) + " for TUSLCTHK (slice thickness, mm): " + why, p.track.subject,
                &p);
      }
      // Other qualifiers are the sponsor's and are not read.
    }
    lesion.irradiation = progressed ? Irradiation::YesProgressed : irradiated ? Irradiation::Yes : Irradiation::No;
  }

  bool read_tu() {
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

  void tu_lesion(const SdtmTable& t, const Record& r, PendingTrack& p) {
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
    if (get(r, "TULOC").empty())
      error(t, r.number, "TULOC", "empty: the location of lesion " + id + " is required", subject, &p);
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

  void tu_fragment(const SdtmTable& t, const Record& r, PendingTrack& p) {
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

  bool read_tr() {
    const SdtmTable& t = *tables_.tr;
    return each_record(t, [&](const Record& r, const std::string& subject) { tr_record(t, r, Columns{t}, subject); });
  }

  void tr_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject) {
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
      row.date = parse_dtc(dtc, &why);
      if (!row.date) bad("TRDTC", quoted(dtc) + ": " + why);
    } else if (!not_done) {
      bad("TRDTC", "empty: the scan date was expected (only a NOT DONE record may lack it)");
    }
    if (!row.visit_key.empty()) {
      const std::string label(get(r, "VISIT"));
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

  /// The result of a diameter test: special terms, else millimetres from TRSTRESC (TRSTRESU mm),
  /// else TRORRES (TRORRESU mm), else TRSTRESN; TRSTRESN must agree with the text.
  bool diameter_of(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject, PendingTrack& p,
                   TrRow* row) {
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
    auto bad = [&](std::string_view variable, std::string message) {
      error(t, r.number, variable, std::move(message), subject, &p);
      return false;
    };
    const bool standard = !stresc.empty();
    const std::string& text = standard ? stresc : orres;
    const std::string_view unit_variable = standard ? "TRSTRESU" : "TRORRESU";
    const std::string unit = upper(get(r, unit_variable));
    const std::string_view numeric = get(r, "TRSTRESN");
    std::string why;
    if (text.empty()) {
      if (numeric.empty())
        return bad("TRSTRESC", "empty (and TRORRES, TRSTRESN empty): " + std::string(kDiameterTerms));
      row->mm = round_hundredths(numeric);
      if (!row->mm) return bad("TRSTRESN", quoted(numeric) + ": a non-negative number of mm was expected");
      return true;
    }
    if (!unit.empty() && unit != "MM")
      return bad(unit_variable, quoted(get(r, unit_variable)) + ": expected mm (diameters are read in millimetres)");
    row->mm = parse_millimetres(text, &why);
    if (!row->mm)
      return bad(standard ? "TRSTRESC" : "TRORRES",
                 quoted(text) + ": " + std::string(kDiameterTerms) + " (" + why + ")");
    if (!numeric.empty()) {
      const std::optional<Millimetres> n = round_hundredths(numeric);
      if (!n || *n != *row->mm)
        return bad("TRSTRESN", quoted(numeric) + " disagrees with " + std::string(standard ? "TRSTRESC" : "TRORRES") +
                                   " " + quoted(text) + ": the same diameter was expected");
    }
    return true;
  }

  bool read_rs() {
    const SdtmTable& t = *tables_.rs;
    return each_record(t, [&](const Record& r, const std::string& subject) { rs_record(t, r, Columns{t}, subject); });
  }

  void rs_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject) {
    // Other criteria (iRECIST, questionnaires) may share the domain: only RECIST 1.1 is read.
    if (std::string_view cat = get(r, "RSCAT"); !cat.empty() && upper(cat) != "RECIST 1.1") return;
    if (get(r, "RSEVALID") == kEngineEvaluator) return;  // our own computed rows are not records
    if (subject.empty()) {
      error(t, r.number, "USUBJID", "empty: a subject id was expected", "", nullptr);
      return;
    }
    const std::string reader = reader_of(get(r, "RSEVAL"), get(r, "RSEVALID"));
    PendingTrack* p = find_track(subject, reader);
    const std::string test = upper(get(r, "RSTESTCD"));
    std::string_view result = get(r, "RSSTRESC");
    std::string_view result_variable = "RSSTRESC";
    if (result.empty()) {
      result = get(r, "RSORRES");
      result_variable = "RSORRES";
    }
    const std::string up = upper(result);
    auto bad = [&](std::string_view variable, std::string message) {
      error(t, r.number, variable, std::move(message), subject, p);
    };
    auto check = [&](std::initializer_list<std::string_view> terms) {
      if (std::find(terms.begin(), terms.end(), up) != terms.end()) return;
      std::string list;
      for (std::string_view term : terms) list += (list.empty() ? "" : ", ") + std::string(term);
      bad(result_variable,
          (up.empty() ? std::string("empty") : quoted(result)) + " for " + test + ": expected " + list);
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
      bad(result_variable, (up.empty() ? std::string("empty") : quoted(result)) +
                               " for OVRLRESP: " + std::string(kResponseCodesExpected));
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
      rec.date = parse_dtc(dtc, &why);
      if (!rec.date) return bad("RSDTC", quoted(dtc) + ": " + why);
    }
    if (rec.visit_key.empty() && !rec.date) return bad("VISITNUM", "empty, and RSDTC empty: the visit was expected");
    p->responses.push_back(std::move(rec));
  }

  /// The observation of a lesion at a visit; false after reporting an error.
  bool observe(PendingTrack& p, const LesionVisit& v, const std::string& visit, Observation* out) {
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

  /// Groups a track's TR rows into assessments (by VISITNUM, dated by the earliest scan).
  void build_assessments(PendingTrack& p) {
    const SdtmTable& t = *tables_.tr;
    // A lesion is nodal when its location says so, or when it is measured by the nodal tests
    // (LPERP, LNSTATE) and never by LDIAM.
    for (std::size_t i = 0; i < p.track.lesions.size(); ++i)
      if (p.has_nodal_test[i] && !p.has_ldiam[i]) p.track.lesions[i].nodal = true;
    struct Visit {
      std::string key;
      std::optional<Date> date;
      std::int64_t first_record = 0;
      std::vector<LesionVisit> slots;
      std::unordered_map<std::uint32_t, std::size_t> slot_of;
    };
    std::vector<Visit> visits;
    std::unordered_map<std::string, std::size_t> visit_of;
    for (const TrRow& row : p.rows) {
      auto [vit, added] = visit_of.try_emplace(row.visit_key, visits.size());
      if (added) visits.push_back(Visit{row.visit_key, std::nullopt, row.record, {}, {}});
      Visit& v = visits[vit->second];
      if (row.date && (!v.date || *row.date < *v.date)) v.date = row.date;
      const Lesion& lesion = p.track.lesions[row.lesion];
      // A nodal target's LNSTATE (the CDISC supplement records it beside LPERP) says what its short
      // axis already says (R2): not read.
      if (row.test == TrTest::LnState && lesion.role == LesionRole::Target && !row.fragment) continue;
      auto [sit, slot_added] = v.slot_of.try_emplace(row.lesion, v.slots.size());
      if (slot_added) v.slots.push_back(LesionVisit{row.lesion, nullptr, nullptr, nullptr, {}});
      LesionVisit& s = v.slots[sit->second];
      const bool state = row.test == TrTest::TumState || row.test == TrTest::LnState;
      const bool off_axis = lesion.nodal ? row.test == TrTest::LDiam : row.test == TrTest::LPerp;
      const TrRow** place = state ? &s.state : off_axis ? &s.off_axis : &s.diameter;
      if (row.fragment) {
        if (state)
          error(t, row.record, "TRTESTCD", "fragment at visit " + v.key + ": a fragment has a diameter only",
                p.track.subject, &p);
        else if (!off_axis)
          s.fragments.push_back(&row);
        continue;
      }
      if (*place && !off_axis) {
        error(t, row.record, "TRTESTCD",
              "a second " + std::string(state ? "state" : "diameter") + " of lesion " + lesion.id + " at visit " +
                  v.key + " (first on record " + std::to_string((*place)->record) +
                  "): one diameter test (LDIAM/LPERP or DIAMETER) and one state per lesion and visit was expected",
              p.track.subject, &p);
        continue;
      }
      if (!*place) *place = &row;
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
      Assessment a{*v.date, p.visit_label[v.key], {}, std::nullopt};
      for (const LesionVisit& s : v.slots) {
        Observation obs;
        if (observe(p, s, v.key, &obs)) a.observations.push_back(std::move(obs));
      }
      p.track.assessments.push_back(std::move(a));
      assessment_visit_.push_back(v.key);
    }
  }

  /// RS OVRLRESP → the reported response of its visit (by VISITNUM, else by date).
  void attach_responses(PendingTrack& p) {
    const SdtmTable& t = *tables_.rs;
    std::vector<std::int64_t> reported_record(p.track.assessments.size(), 0);
    for (const TrackRecordedResponse& r : p.responses) {
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
                  std::to_string(reported_record[found]) +
                  ": one overall response per visit and evaluator was expected",
              p.track.subject, &p);
        continue;
      }
      a.reported = r.response;
      reported_record[found] = r.record;
    }
  }

  void finish() {
    for (PendingTrack& p : pending_) {
      assessment_visit_.clear();
      build_assessments(p);
      if (tables_.rs) attach_responses(p);
      if (auto it = start_.find(p.track.subject); it != start_.end()) p.track.start_date = it->second;
      if (stopped()) return;
      if (p.track.assessments.empty() && !p.bad) {
        error(*tables_.tr, 0, "TRLNKID",
              "no tumour results (TR) for " + track_name(p.track.subject, p.track.reader) +
                  ", whose lesions are identified in TU",
              p.track.subject, &p);
        if (stopped()) return;
      }
      const bool left_out =
          p.bad || bad_subjects_.count(p.track.subject) || bad_keys_.count(key_of({p.track.subject, p.track.reader}));
      if (!left_out) out_->tracks.push_back(std::move(p.track));
    }
  }

  const SdtmTables& tables_;
  const ReadOptions& options_;
  Dataset* out_;
  std::unordered_map<const SdtmTable*, std::unique_ptr<ErrorSink>> sinks_;
  std::unordered_map<std::string, Date> start_;
  std::unordered_map<std::string, std::vector<SuppValue>> supp_;
  std::unordered_set<std::string> bad_subjects_;  ///< From malformed records, DM and SUPPTU.
  std::unordered_set<std::string> bad_keys_;      ///< Tracks (subject, reader) with a bad TU record.
  std::unordered_set<std::string> bad_links_;     ///< Their lesions: TR records of these are not checked.
  std::unordered_map<std::string, std::size_t> track_of_;
  std::vector<PendingTrack> pending_;
  std::vector<std::string> assessment_visit_;  ///< The VISITNUM of each assessment of the current track.
};

}  // namespace

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
  Mapper(tables, options, out).run();
}

}  // namespace recist::io
