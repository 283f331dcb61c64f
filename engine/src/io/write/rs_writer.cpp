// `--format sdtm-rs`: the computed responses as SDTM RS rows (SPEC 4.3, FORMATS.md §1.4), CSV.
// Per time point TRGRESP and NTRGRESP (left out when not applicable, as CDISC does rather than
// coding NA), NEWLIND, NEWLPROG (only when there is a new lesion) and OVRLRESP; per track one
// BESTRESP, confirmed or not as the profile's primary response says. RSEVAL is the reader's role,
// RSEVALID "RECIST ENGINE", RSGRPID the reader, so that two reads of one subject stay apart.
#include <unordered_map>

#include "io/read/sdtm_terms.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/io/read/sdtm.hpp"
#include "recist/io/write/sdtm_writers.hpp"
#include "sdtm_writing.hpp"

namespace recist::io {

std::string_view evaluator_role(std::string_view reader) {
  if (reader == "INVESTIGATOR" || reader == "ADJUDICATION COMMITTEE" || reader == "INDEPENDENT ASSESSOR") return reader;
  if (reader == "ADJUDICATOR") return "ADJUDICATION COMMITTEE";
  return "INDEPENDENT ASSESSOR";
}

std::int32_t cdisc_study_day(std::int32_t days) {
  return days >= 0 ? days + 1 : days;
}

std::optional<Date> best_response_date(const TrackResult& track, bool confirmed, const Profile& profile) {
  if (profile.convention == Convention::Admiralonco)
    return confirmed ? track.best.confirmed_bor_date : track.best.bor_date;
  const Response bor = confirmed ? track.best.confirmed_bor : track.best.bor;
  if (bor == Response::PD) return track.best.pd_date;
  for (const TimepointResult& tp : track.timepoints) {
    const Response r = tp.overall;
    switch (bor) {
      case Response::CR:
        if (r == Response::CR) return tp.date;
        break;
      case Response::PR:
        if (r == Response::CR || r == Response::PR) return tp.date;
        break;
      case Response::SD:
      case Response::NonCrNonPd:
        if (tp.day >= profile.sd_min_days &&
            (r == Response::CR || r == Response::PR || r == Response::SD || r == Response::NonCrNonPd))
          return tp.date;
        break;
      default:
        return std::nullopt;
    }
    if (r == Response::PD) break;  // the window ends at the first PD (R14)
  }
  return std::nullopt;
}

namespace {

/// The date of an iBOR: its first time point in the window up to the iCPD (iSD-like ones at the SD
/// minimum, as best_response_date() for RECIST 1.1).
std::optional<Date> irecist_best_response_date(const IrecistResult& r, IResponse best, const Profile& profile) {
  auto rank = [](IResponse x) { return static_cast<int>(x); };
  for (const IrecistTimepoint& tp : r.timepoints) {
    const IResponse x = tp.overall;
    if (best == IResponse::iUPD || best == IResponse::iCPD) {
      if (x == best) return tp.date;
    } else if (best == IResponse::iSD || best == IResponse::NonICrNonIUpd) {
      if (tp.day >= profile.sd_min_days && rank(x) <= rank(IResponse::NonICrNonIUpd)) return tp.date;
    } else if (rank(x) <= rank(best)) {
      return best == IResponse::iNE ? std::nullopt : std::optional<Date>(tp.date);
    }
    if (x == IResponse::iCPD) break;
  }
  return std::nullopt;
}

constexpr std::string_view kHeader =
    "STUDYID,DOMAIN,USUBJID,RSSEQ,RSGRPID,RSTESTCD,RSTEST,RSCAT,RSORRES,RSSTRESC,RSEVAL,RSEVALID,VISIT,RSDTC,RSDY\n";

class RsWriter final : public ResultWriter {
 public:
  void begin(const Profile& profile, std::string* out) override {
    profile_ = profile;
    out->append(kHeader);
  }

  void track(const TrackResult& t, std::string* out) override {
    std::int64_t& seq = seq_[t.subject];
    const std::string_view role = evaluator_role(t.reader);
    auto row = [&](std::string_view code, std::string_view test, std::string_view result, std::string_view visit,
                   const std::optional<Date>& date, std::optional<std::int32_t> day,
                   std::string_view category = "RECIST 1.1") {
      const std::string seq_text = std::to_string(++seq);
      append_csv_row(
          out, {"", "RS", t.subject, seq_text, t.reader, code, test, category, result, result, role, kEngineEvaluator,
                visit, date ? date->to_string() : "", day ? std::to_string(cdisc_study_day(*day)) : ""});
    };
    for (const TimepointResult& tp : t.timepoints) {
      if (tp.target && *tp.target != Response::NA)
        row("TRGRESP", "Target Response", to_string(*tp.target), tp.visit, tp.date, tp.day);
      if (tp.non_target && *tp.non_target != Response::NA)
        row("NTRGRESP", "Non-target Response", to_string(*tp.non_target), tp.visit, tp.date, tp.day);
      if (tp.new_lesions) {
        row("NEWLIND", "New Lesion Indicator", *tp.new_lesions == NewLesions::No ? "N" : "Y", tp.visit, tp.date,
            tp.day);
        if (*tp.new_lesions != NewLesions::No)
          row("NEWLPROG", "New Lesion Progression", *tp.new_lesions == NewLesions::Yes ? "UNEQUIVOCAL" : "EQUIVOCAL",
              tp.visit, tp.date, tp.day);
      }
      row("OVRLRESP", "Overall Response", to_string(tp.overall), tp.visit, tp.date, tp.day);
    }
    const Response best = profile_.require_confirmation ? t.best.confirmed_bor : t.best.bor;
    const std::optional<Date> date = best_response_date(t, profile_.require_confirmation, profile_);
    std::optional<std::int32_t> day;
    if (date && t.start_date) day = date->days_after(*t.start_date);
    row("BESTRESP", "Best Response", to_string(best), "", date, day);
    if (!t.irecist) return;
    // iRECIST (issue 19): RSCAT IRECIST, the i-codes of Seymour 2017 as results.
    for (const IrecistTimepoint& tp : t.irecist->timepoints)
      row("OVRLRESP", "Overall Response", to_string(tp.overall), tp.visit, tp.date, tp.day, "IRECIST");
    const IrecistBest& ib = t.irecist->best;
    const IResponse ibest = profile_.require_confirmation ? ib.confirmed_ibor : ib.ibor;
    const std::optional<Date> idate = irecist_best_response_date(*t.irecist, ibest, profile_);
    std::optional<std::int32_t> iday;
    if (idate && t.start_date) iday = idate->days_after(*t.start_date);
    row("BESTRESP", "Best Response", to_string(ibest), "", idate, iday, "IRECIST");
  }

  void end(const TrialSummary*, std::span<const InputError>, std::string*) override {}

 private:
  Profile profile_;
  std::unordered_map<std::string, std::int64_t> seq_;  ///< RSSEQ runs per subject.
};

}  // namespace

std::unique_ptr<ResultWriter> make_sdtm_rs_writer() {
  return std::make_unique<RsWriter>();
}

}  // namespace recist::io
