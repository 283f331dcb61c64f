// `--format table`: what a radiology reader or a clinician reads. One block per track: the
// baseline, a row per time point, the best responses, then findings and reasons.
#include <algorithm>
#include <cstdio>

#include "recist/io/write/writers.hpp"

namespace recist::io {
namespace {

std::string pad(std::string s, std::size_t width) {
  // Pads by code points so that "−" and "≥" do not shift the columns.
  std::size_t cps = 0;
  for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
  if (cps < width) s.append(width - cps, ' ');
  return s;
}

std::string pct(const std::optional<std::int64_t>& p) {
  if (!p) return "-";
  return (*p > 0 ? "+" : "") + format_tenths(*p) + "%";
}

std::string percent(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
  return buf;
}

class TableWriter final : public ResultWriter {
 public:
  explicit TableWriter(bool with_reasons) : with_reasons_(with_reasons) {}

  void begin(const Profile& p, std::string* out) override {
    if (p.criteria != Criteria::Recist)
      out->append("iRECIST (Seymour 2017) beside RECIST 1.1 · iUPD confirmed " + std::to_string(p.icpd_min_days) + "-" +
                  std::to_string(p.icpd_max_days) + " days after it\n");
    out->append("RECIST 1.1 · confirmation ≥ " + std::to_string(p.confirm_min_days) + " days · SD ≥ " +
                std::to_string(p.sd_min_days) + " days from start · at most " +
                std::to_string(p.max_ne_between) + " NE between\n");
    if (p.convention == Convention::Admiralonco) {
      out->append(std::string("best responses by admiralonco's conventions · accept_sd ") +
                  (p.accept_sd ? "true" : "false") + " · missing_as_ne " + (p.missing_as_ne ? "true" : "false") +
                  " · source_pd " + (p.source_pd == SourcePd::FirstPd ? "first-pd" : "none") + "\n");
    }
  }

  void track(const TrackResult& t, std::string* out) override {
    out->append("\n== " + t.subject + " · " + t.reader);
    if (t.start_date) out->append(" · start " + t.start_date->to_string());
    if (t.baseline) {
      out->append(" · baseline " + t.baseline->date.to_string());
      if (t.baseline->sum) out->append(", sum " + t.baseline->sum->to_string() + " mm");
      out->append(", " + std::to_string(t.baseline->targets) + " target(s), " +
                  std::to_string(t.baseline->non_targets) + " non-target(s)");
    }
    out->append("\n");
    if (!t.timepoints.empty()) {
      out->append("  " + pad("date", 11) + pad("day", 5) + pad("visit", 10) + pad("sum mm", 8) + pad("vs base", 9) +
                  pad("nadir", 7) + pad("vs nadir", 9) + pad("target", 8) + pad("non-tgt", 15) + pad("new", 10) +
                  pad("overall", 15) + (t.irecist ? pad("reported", 10) + pad("iRECIST", 18) + "new-lesion sum" : "reported") +
                  "\n");
      for (std::size_t k = 0; k < t.timepoints.size(); ++k) {
        const TimepointResult& tp = t.timepoints[k];
        const IrecistTimepoint* i = t.irecist && k < t.irecist->timepoints.size() ? &t.irecist->timepoints[k] : nullptr;
        const std::string reported = tp.reported ? std::string(to_string(*tp.reported)) : "-";
        out->append("  " + pad(tp.date.to_string(), 11) + pad(std::to_string(tp.day), 5) +
                    pad(tp.visit.empty() ? "-" : tp.visit, 10) + pad(tp.sum ? tp.sum->to_string() : "-", 8) +
                    pad(pct(tp.pct_from_baseline), 9) + pad(tp.nadir ? tp.nadir->to_string() : "-", 7) +
                    pad(pct(tp.pct_from_nadir), 9) + pad(tp.target ? std::string(to_string(*tp.target)) : "-", 8) +
                    pad(tp.non_target ? std::string(to_string(*tp.non_target)) : "-", 15) +
                    pad(tp.new_lesions ? std::string(to_string(*tp.new_lesions)) : "-", 10) +
                    pad(std::string(to_string(tp.overall)) + (tp.backdated_pd ? "*" : ""), 15) +
                    (i ? pad(reported, 10) + pad(std::string(to_string(i->overall)), 18) +
                             (i->new_target_sum ? i->new_target_sum->to_string() : "-")
                       : reported) +
                    "\n");
        if (with_reasons_)
          for (std::string_view r : tp.reasons) out->append("      · ").append(r).append("\n");
        if (with_reasons_ && i)
          for (std::string_view r : i->reasons) out->append("      i· ").append(r).append("\n");
      }
    }
    const BestResponse& b = t.best;
    // Under admiralonco each best response carries the date it was taken from (its ADT).
    auto dated = [](Response r, const std::optional<Date>& d) {
      return std::string(to_string(r)) + (d ? " (" + d->to_string() + ")" : "");
    };
    out->append("  BOR " + dated(b.bor, b.bor_date) + " · confirmed BOR " + dated(b.confirmed_bor, b.confirmed_bor_date));
    if (b.best_pct_change) out->append(" · best change " + pct(b.best_pct_change));
    if (b.pd_date) out->append(" · PD " + b.pd_date->to_string());
    out->append("\n");
    for (std::string_view r : b.reasons) out->append("    · ").append(r).append("\n");
    if (t.irecist) {
      const IrecistBest& ib = t.irecist->best;
      out->append("  iBOR " + std::string(to_string(ib.ibor)) + " · confirmed iBOR " +
                  std::string(to_string(ib.confirmed_ibor)));
      if (ib.first_iupd_date) out->append(" · first iUPD " + ib.first_iupd_date->to_string());
      if (ib.icpd_date) out->append(" · iCPD " + ib.icpd_date->to_string());
      out->append("\n");
      for (std::string_view r : ib.reasons) out->append("    i· ").append(r).append("\n");
    }
    for (const auto* list : {&t.findings, &t.best.findings})
      for (const Finding& f : *list)
        out->append("  ! " + std::string(to_string(f.severity)) + " " + f.code + ": " + f.message + "\n");
  }

  void end(const TrialSummary* s, std::span<const InputError> errors, std::string* out) override {
    if (s) {
      static constexpr std::string_view kNames[] = {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"};
      for (const ReaderSummary& r : s->readers) {
        out->append("\n== Summary · reader " + r.reader + " · N = " + std::to_string(r.n) +
                    " evaluable (of " + std::to_string(r.tracks) + " with a baseline)\n");
        {
          const bool confirmed = s->primary_is_confirmed;
          const Proportion& p = confirmed ? r.confirmed.orr : r.unconfirmed.orr;
          out->append(std::string("  Primary endpoint, ") + (confirmed ? "confirmed" : "unconfirmed") +
                      " objective response rate: " + std::to_string(p.count) + "/" + std::to_string(p.n) + " = " +
                      percent(p.rate) + " (exact 95% CI " + percent(p.ci_low) + " to " + percent(p.ci_high) + ")\n");
        }
        out->append("  " + pad("best response", 16) + pad("confirmed", 11) + "unconfirmed\n");
        for (std::size_t i = 0; i < 6; ++i)
          out->append("  " + pad(std::string(kNames[i]), 16) + pad(std::to_string(r.confirmed.counts[i]), 11) +
                      std::to_string(r.unconfirmed.counts[i]) + "\n");
        auto line = [&](const char* name, const Proportion& p) {
          out->append("  " + pad(name, std::max<std::size_t>(16, std::string_view(name).size() + 1)) + std::to_string(p.count) + "/" + std::to_string(p.n) + " = " +
                      percent(p.rate) + " (95% CI " + percent(p.ci_low) + " to " + percent(p.ci_high) +
                      ", Clopper–Pearson)\n");
        };
        const bool confirmed = s->primary_is_confirmed;
        line(confirmed ? "ORR confirmed" : "ORR", confirmed ? r.confirmed.orr : r.unconfirmed.orr);
        line(confirmed ? "DCR confirmed" : "DCR", confirmed ? r.confirmed.dcr : r.unconfirmed.dcr);
        line(confirmed ? "ORR unconfirmed" : "ORR confirmed", confirmed ? r.unconfirmed.orr : r.confirmed.orr);
        line(confirmed ? "DCR unconfirmed" : "DCR confirmed", confirmed ? r.unconfirmed.dcr : r.confirmed.dcr);
        if (r.i_confirmed && r.i_unconfirmed) {  // iRECIST (issue 19), same N
          line(confirmed ? "iORR confirmed" : "iORR", confirmed ? r.i_confirmed->orr : r.i_unconfirmed->orr);
          line(confirmed ? "iDCR confirmed" : "iDCR", confirmed ? r.i_confirmed->dcr : r.i_unconfirmed->dcr);
          line(confirmed ? "iORR unconfirmed" : "iORR confirmed", confirmed ? r.i_unconfirmed->orr : r.i_confirmed->orr);
          line(confirmed ? "iDCR unconfirmed" : "iDCR confirmed", confirmed ? r.i_unconfirmed->dcr : r.i_confirmed->dcr);
          std::string counts = "  iBOR (confirmed/unconfirmed):";
          for (std::size_t k = 0; k < r.i_confirmed->counts.size(); ++k)
            counts += " " + std::string(to_string(static_cast<IResponse>(k))) + " " +
                      std::to_string(r.i_confirmed->counts[k]) + "/" + std::to_string(r.i_unconfirmed->counts[k]);
          out->append(counts + "\n");
        }
        if (!r.failing_eligibility.empty()) {
          std::string ids;
          for (const std::string& id : r.failing_eligibility) ids += (ids.empty() ? "" : ", ") + id;
          out->append("  Not evaluable for response (no measurable target lesion, R5): " +
                      std::to_string(r.failing_eligibility.size()) + " — " + ids + "\n");
        }
      }
    }
    if (!errors.empty()) {
      out->append("\n== Input errors\n");
      for (const InputError& e : errors) out->append("  " + to_string(e) + "\n");
    }
  }

 private:
  bool with_reasons_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_table_writer(bool with_reasons) {
  return std::make_unique<TableWriter>(with_reasons);
}

}  // namespace recist::io
