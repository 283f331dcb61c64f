// `--format adrs`: an ADaM-style ADRS (FORMATS.md §2.2, the admiralonco convention), CSV. One
// OVR record per time point, then BOR (R14) and CBOR (R15) per track. AVAL codes the response
// (CR 1, PR 2, SD 3, NON-CR/NON-PD 4, PD 5, NE 6); ADY is the CDISC study day (no day 0) and DAY
// beside it the SPEC day (ADT − start_date). ANL01FL flags the time points that count for the
// best response: from the first follow-up to the first PD (R14).
#include <cctype>

#include "recist/io/read/csv.hpp"
#include "recist/io/read/sdtm.hpp"
#include "recist/io/write/sdtm_writers.hpp"
#include "sdtm_writing.hpp"

namespace recist::io {
namespace {

constexpr std::string_view kHeader =
    "STUDYID,USUBJID,PARAMCD,PARAM,PARCAT1,PARCAT2,PARCAT3,AVALC,AVAL,ADT,ADY,DAY,AVISIT,ANL01FL\n";

std::string_view aval(Response r) {
  switch (r) {
    case Response::CR:
      return "1";
    case Response::PR:
      return "2";
    case Response::SD:
      return "3";
    case Response::NonCrNonPd:
      return "4";
    case Response::PD:
      return "5";
    case Response::NE:
      return "6";
    case Response::Missing:  // admiralonco's aval_resp; ND has no AVAL there either
      return "7";
    case Response::NA:
    case Response::ND:
      break;
  }
  return "";
}

/// The assessor as admiral's ADRS names it in PARAM and PARCAT2 ("Investigator"): each word of
/// the reader in title case, but for the acronyms of review committees (BICR, BIRC, IRC, IRF).
std::string assessor_label(std::string_view reader) {
  std::string out;
  std::size_t at = 0;
  while (at < reader.size()) {
    std::size_t end = reader.find(' ', at);
    if (end == std::string_view::npos) end = reader.size();
    const std::string_view word = reader.substr(at, end - at);
    const bool acronym = word == "BICR" || word == "BIRC" || word == "IRC" || word == "IRF";
    for (std::size_t i = 0; i < word.size(); ++i) {
      const auto c = static_cast<unsigned char>(word[i]);
      out.push_back(static_cast<char>(acronym || i == 0 ? std::toupper(c) : std::tolower(c)));
    }
    if (end < reader.size()) out.push_back(' ');
    at = end + 1;
  }
  return out;
}

class AdrsWriter final : public ResultWriter {
 public:
  void begin(const Profile& profile, std::string* out) override {
    profile_ = profile;
    out->append(kHeader);
    // impute-partial-dates = admiral: ADTF closes each row (issue 28; admiral's date flag, D when
    // the day was imputed), so that other outputs keep their bytes.
    if (profile.impute_partial_dates) out->insert(out->size() - 1, ",ADTF");
  }

  void track(const TrackResult& t, std::string* out) override {
    // PARAM and PARCAT2 as admiralonco's ADRS template writes them (pharmaverseadam adrs_onco).
    const std::string assessor = assessor_label(t.reader);
    auto row = [&](std::string_view code, std::string_view param, Response r, const std::optional<Date>& date,
                   std::string_view visit, std::string_view flag, bool imputed) {
      std::string ady, day;
      if (date && t.start_date) {
        const std::int32_t d = date->days_after(*t.start_date);
        ady = std::to_string(cdisc_study_day(d));
        day = std::to_string(d);
      }
      const std::string adt = date ? date->to_string() : "";
      if (!profile_.impute_partial_dates)
        append_csv_row(out, {"", t.subject, code, param, "Tumor Response", assessor, "RECIST 1.1", to_string(r),
                             aval(r), adt, ady, day, visit, flag});
      else
        append_csv_row(out, {"", t.subject, code, param, "Tumor Response", assessor, "RECIST 1.1", to_string(r),
                             aval(r), adt, ady, day, visit, flag, imputed ? "D" : ""});
    };
    auto at = [&](const std::optional<Date>& date) -> const TimepointResult* {
      for (const TimepointResult& tp : t.timepoints)
        if (date && tp.date == *date) return &tp;
      return nullptr;
    };
    auto imputed_on = [&](const std::optional<Date>& date) {
      const TimepointResult* tp = at(date);
      return tp && tp->date_imputed;
    };
    // A best response carries the visit of its time point (AVISIT), and is an analysis record.
    auto visit_of = [&](const std::optional<Date>& date) -> std::string_view {
      const TimepointResult* tp = at(date);
      return tp ? std::string_view(tp->visit) : std::string_view();
    };
    bool in_window = true;  // up to the first PD
    for (const TimepointResult& tp : t.timepoints) {
      row("OVR", "Overall Response by " + assessor, tp.overall, tp.date, tp.visit, in_window ? "Y" : "",
          tp.date_imputed);
      if (tp.overall == Response::PD) in_window = false;
    }
    const std::optional<Date> bor = best_response_date(t, false, profile_);
    const std::optional<Date> cbor = best_response_date(t, true, profile_);
    row("BOR", "Best Overall Response by " + assessor + " (confirmation not required)", t.best.bor, bor, visit_of(bor),
        "Y", imputed_on(bor));
    row("CBOR", "Best Confirmed Overall Response by " + assessor, t.best.confirmed_bor, cbor, visit_of(cbor), "Y",
        imputed_on(cbor));
  }

  void end(const TrialSummary*, std::span<const InputError>, std::string*) override {}

 private:
  Profile profile_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_adrs_writer() {
  return std::make_unique<AdrsWriter>();
}

}  // namespace recist::io
