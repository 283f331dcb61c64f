#pragma once
// The SDTM mapping's working state (internal to engine/src/io/read): the tracks being built from
// TU, TR, RS, DM and SUPPTU, and the Mapper that fills them. Its steps are in three files, one per
// kind of record: sdtm_mapping.cpp (checks of the tables, the assessments, the result),
// sdtm_map_lesions.cpp (DM, SUPPTU, TU: who and which lesions), sdtm_map_results.cpp (TR
// measurements and states, RS responses).
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "reader_support.hpp"
#include "recist/io/read/sdtm.hpp"
#include "sdtm_observation.hpp"

namespace recist::io::sdtm_mapping {

using Record = SdtmTable::Record;

inline std::string quoted(std::string_view v) {
  return "\"" + std::string(v) + "\"";
}

/// A hash key of several parts: subject, reader, lesion, … joined by the unit separator.
inline std::string key_of(std::initializer_list<std::string_view> parts) {
  std::string key;
  bool first = true;
  for (std::string_view part : parts) {
    if (!first) key.push_back('\x1f');
    first = false;
    key.append(part);
  }
  return key;
}

inline std::string track_name(const std::string& subject, const std::string& reader) {
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
  /// iRECIST (RSCAT iRECIST): the i-response, and the visit's label as the record gives it.
  std::optional<IResponse> iresponse;
  std::string visit_label;
};

/// A tolerated defect of a track's records (schemas/sdtm-mapping.md "Real SDTM"): one warning
/// finding per kind and track, counting the records.
struct TrackWarning {
  std::string code, lesion, message;
  std::size_t count = 1;
};

/// An error of a value that is reported only if the value is read (the other axis is not).
struct Defect {
  std::string variable, message;
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
  std::vector<TrackWarning> warnings;
  std::vector<Defect> defects;
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

  void run();

 private:
  /// The sink of a table's file.
  ErrorSink& sink(const SdtmTable& t);
  bool stopped() const { return out_->fatal && options_.strict; }

  /// Reports an error about a record; marks the track (when given) bad.
  void error(const SdtmTable& t, std::int64_t record, std::string_view variable, std::string message,
             const std::string& subject, PendingTrack* track);

  /// A tolerated defect: a warning of the track, once per code.
  void warn(PendingTrack& p, std::string_view code, const std::string& lesion, std::string message);

  /// An SDTM date (--DTC), imputed when impute-partial-dates = admiral allows it.
  std::optional<Date> sdtm_date(std::string_view v, std::string* why, bool* imputed) const;

  /// Two TR records identical but for TRSEQ.
  bool same_record(const TrRow& a, const TrRow& b) const;

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
  bool check_tables();

  /// Reads a table's variable by name, "" when the variable is absent.
  struct Columns {
    const SdtmTable& t;
    std::string_view operator()(const Record& r, std::string_view name) const {
      const int c = t.find(name);
      return c < 0 ? std::string_view() : r.value(c);
    }
  };

  bool read_dm();

  bool read_supptu();

  PendingTrack* find_track(const std::string& subject, const std::string& reader);

  /// Applies the SUPPTU values of a TU record to its lesion.
  void apply_supp(const std::string& key, PendingTrack& p, Lesion& lesion);

  bool read_tu();

  void tu_lesion(const SdtmTable& t, const Record& r, PendingTrack& p);

  void tu_fragment(const SdtmTable& t, const Record& r, PendingTrack& p);

  bool read_tr();

  void tr_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject);

  /// The result of a diameter test: special terms, else millimetres from TRSTRESC (TRSTRESU mm),
  /// else TRORRES (TRORRESU mm), else TRSTRESN; TRSTRESN must agree with the text.
  bool diameter_of(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject, PendingTrack& p,
                   TrRow* row);

  bool read_rs();

  /// What an RS record says before its test is read: the reader, its track (null when none), the
  /// test code and the result (RSSTRESC, else RSORRES) as written and in upper case.
  struct RsResult {
    std::string reader;
    PendingTrack* track = nullptr;
    std::string test;
    std::string_view result;
    std::string_view variable;
    std::string upper;
  };
  /// RsResult of `r`, shared by the RECIST 1.1 and iRECIST records; nullopt for our own computed
  /// rows (RSEVALID RECIST ENGINE) and for a record without USUBJID (reported here).
  std::optional<RsResult> rs_result(const SdtmTable& t, const Record& r, const Columns& get,
                                    const std::string& subject);
  void rs_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject);
  /// An RS record of RSCAT iRECIST (sdtm_map_irecist.cpp).
  void rs_irecist_record(const SdtmTable& t, const Record& r, const Columns& get, const std::string& subject);
  /// The iRECIST OVRLRESP of a track, dated, into Track::recorded_i (sdtm_map_irecist.cpp).
  void attach_iresponses(PendingTrack& p);

  /// The observation of a lesion at a visit; false after reporting an error.
  bool observe(PendingTrack& p, const LesionVisit& v, const std::string& visit, Observation* out);

  /// Groups a track's TR rows into assessments (by VISITNUM, dated by the earliest scan).
  void build_assessments(PendingTrack& p);

  /// RS OVRLRESP → the reported response of its visit (by VISITNUM, else by date).
  void attach_responses(PendingTrack& p);

  void finish();

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

}  // namespace recist::io::sdtm_mapping
