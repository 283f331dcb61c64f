// `--format csv`: the fields of SPEC 5.1 flattened, one row per time point or per track.
#include "recist/io/csv.hpp"
#include "recist/io/writers.hpp"

namespace recist::io {
namespace {

std::string opt_date(const std::optional<Date>& d) { return d ? d->to_string() : ""; }
std::string opt_mm(const std::optional<Millimetres>& m) { return m ? m->to_string() : ""; }
std::string opt_pct(const std::optional<std::int64_t>& p) { return p ? format_tenths(*p) : ""; }
std::string opt_resp(const std::optional<Response>& r) { return r ? std::string(to_string(*r)) : ""; }

/// The strings joined with " | ", in a buffer each thread keeps (valid until its next call).
std::string_view joined(const std::vector<std::string>& v) {
  thread_local std::string out;
  out.clear();
  for (const std::string& s : v) {
    if (!out.empty()) out += " | ";
    out += s;
  }
  return out;
}

class CsvWriter final : public ResultWriter {
 public:
  explicit CsvWriter(CsvLevel level) : level_(level) {}

  void begin(const Profile&, std::string* out) override {
    if (level_ == CsvLevel::Timepoint) {
      out->append("subject,reader,start_date,date,visit,day,sum_mm,pct_from_baseline,nadir_mm,pct_from_nadir,"
                  "target,non_target,new_lesions,overall,reported,reasons\n");
    } else {
      out->append("subject,reader,start_date,baseline_date,baseline_sum_mm,targets,non_targets,eligible,bor,"
                  "confirmed_bor,first_response_date,confirmation_date,pd_date,best_pct_change,"
                  "duration_of_response_days,duration_of_response_censored,findings,reasons\n");
    }
  }

  void track(const TrackResult& t, std::string* out) override {
    const std::string start = opt_date(t.start_date);
    if (level_ == CsvLevel::Timepoint) {
      for (const TimepointResult& tp : t.timepoints) {
        append_csv_row(out, {t.subject, t.reader, start, tp.date.to_string(), tp.visit, std::to_string(tp.day),
                  opt_mm(tp.sum), opt_pct(tp.pct_from_baseline), opt_mm(tp.nadir), opt_pct(tp.pct_from_nadir),
                  opt_resp(tp.target), opt_resp(tp.non_target),
                  tp.new_lesions ? to_string(*tp.new_lesions) : "", to_string(tp.overall),
                  opt_resp(tp.reported), joined(tp.reasons)});
      }
      return;
    }
    std::string findings;
    for (const auto* list : {&t.findings, &t.best.findings})
      for (const Finding& f : *list)
        findings += (findings.empty() ? "" : " | ") + std::string(to_string(f.severity)) + " " + f.code + ": " + f.message;
    const BestResponse& b = t.best;
    append_csv_row(out, {t.subject, t.reader, start, t.baseline ? t.baseline->date.to_string() : "",
              t.baseline ? opt_mm(t.baseline->sum) : "", t.baseline ? std::to_string(t.baseline->targets) : "",
              t.baseline ? std::to_string(t.baseline->non_targets) : "", t.has_measurable_target ? "Y" : "N",
              to_string(b.bor), to_string(b.confirmed_bor), opt_date(b.first_response_date),
              opt_date(b.confirmation_date), opt_date(b.pd_date), opt_pct(b.best_pct_change),
              b.duration_of_response_days ? std::to_string(*b.duration_of_response_days) : "",
              b.duration_of_response_days ? (b.duration_of_response_censored ? "Y" : "N") : "", findings,
              joined(b.reasons)});
  }

  void end(const TrialSummary*, std::span<const InputError>, std::string*) override {}

 private:
  CsvLevel level_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_csv_writer(CsvLevel level) { return std::make_unique<CsvWriter>(level); }

}  // namespace recist::io
