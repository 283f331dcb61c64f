// The report's track table and per-track sections: the same values as the table writer
// (`recist assess --format table --reasons`), as HTML.
#include "html.hpp"
#include "recist/irecist_result.hpp"
#include "report_sections.hpp"

namespace recist::io::report {
namespace {

std::string mm(const std::optional<Millimetres>& m) { return m ? m->to_string() : "–"; }
std::string code(const std::optional<Response>& r) { return r ? std::string(to_string(*r)) : "–"; }

std::string duration(const BestResponse& b) {
  if (!b.duration_of_response_days) return "–";
  return std::to_string(*b.duration_of_response_days) + (b.duration_of_response_censored ? " (ongoing, censored)" : "");
}

void reasons(const Reasons& r, std::string* out) {
  out->append("<ul class=\"reasons\">");
  for (std::string_view sentence : r) html::element(out, "li", sentence);
  out->append("</ul>");
}

void findings(const std::vector<Finding>& list, std::string* out) {
  if (list.empty()) return;
  out->append("<ul class=\"findings\">");
  for (const Finding& f : list) {
    out->append("<li class=\"").append(f.severity == Severity::Error ? "error" : "warning").append("\">");
    html::text(out, std::string(to_string(f.severity)) + " " + f.code + (f.lesion.empty() ? "" : " (" + f.lesion + ")") +
                        ": " + f.message);
    out->append("</li>");
  }
  out->append("</ul>\n");
}

void timepoint_table(const TrackResult& t, std::string* out) {
  out->append("<table class=\"timepoints\"><thead>");
  html::row(out, {"date", "visit", "day", "sum mm", "vs baseline", "nadir mm", "vs nadir", "targets", "non-targets",
                  "new", "overall", "reported"},
            "th");
  out->append("</thead><tbody>\n");
  for (const TimepointResult& tp : t.timepoints) {
    out->append("<tr class=\"tp\" data-overall=\"").append(to_string(tp.overall)).append("\">");
    for (const std::string& cell :
         {tp.date.to_string(), tp.visit, std::to_string(tp.day), mm(tp.sum), html::signed_pct(tp.pct_from_baseline),
          mm(tp.nadir), html::signed_pct(tp.pct_from_nadir), code(tp.target), code(tp.non_target),
          tp.new_lesions ? std::string(to_string(*tp.new_lesions)) : "–",
          std::string(to_string(tp.overall)) + (tp.backdated_pd ? " (backdated)" : ""), code(tp.reported)})
      html::element(out, "td", cell);
    out->append("</tr>\n<tr class=\"why\"><td colspan=\"12\">");
    reasons(tp.reasons, out);
    out->append("</td></tr>\n");
  }
  out->append("</tbody></table>\n");
}

}  // namespace

void track_table(std::span<const TrackResult> tracks, std::string* out) {
  out->append("<table class=\"tracks\"><thead>");
  html::row(out, {"subject", "reader", "start", "baseline sum mm", "time points", "BOR", "confirmed BOR",
                  "first response", "confirmed on", "PD", "best change", "DoR days"},
            "th");
  out->append("</thead><tbody>\n");
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const TrackResult& t = tracks[i];
    out->append("<tr data-subject=\"");
    html::text(out, t.subject);
    out->append("\" data-reader=\"");
    html::text(out, t.reader);
    out->append("\"><td><a href=\"#").append(html::track_id(i, t.subject, t.reader)).append("\">");
    html::text(out, t.subject);
    out->append("</a></td>");
    for (const std::string& cell :
         {t.reader, html::date(t.start_date), t.baseline ? mm(t.baseline->sum) : "–", std::to_string(t.timepoints.size()),
          std::string(to_string(t.best.bor)), std::string(to_string(t.best.confirmed_bor)),
          html::date(t.best.first_response_date), html::date(t.best.confirmation_date), html::date(t.best.pd_date),
          html::signed_pct(t.best.best_pct_change), duration(t.best)})
      html::element(out, "td", cell);
    out->append("</tr>\n");
  }
  out->append("</tbody></table>\n");
}

void track_sections(std::span<const TrackResult> tracks, std::string* out) {
  for (std::size_t i = 0; i < tracks.size(); ++i) {
    const TrackResult& t = tracks[i];
    out->append("<section class=\"track\" id=\"").append(html::track_id(i, t.subject, t.reader)).append("\">");
    html::element(out, "h3", t.subject + " · " + t.reader);
    std::string line = "start " + html::date(t.start_date);
    if (t.baseline)
      line += " · baseline " + t.baseline->date.to_string() + ", sum " + mm(t.baseline->sum) + " mm, " +
              std::to_string(t.baseline->targets) + " targets, " + std::to_string(t.baseline->non_targets) +
              " non-targets";
    if (!t.has_measurable_target) line += " · no measurable target (R5): not in the ORR denominator";
    html::element(out, "p", line);
    findings(t.findings, out);
    if (!t.timepoints.empty()) timepoint_table(t, out);
    html::element(out, "p", "BOR " + std::string(to_string(t.best.bor)) + " · confirmed BOR " +
                                std::string(to_string(t.best.confirmed_bor)) + " · best change " +
                                html::signed_pct(t.best.best_pct_change) + " · DoR " + duration(t.best));
    reasons(t.best.reasons, out);
    findings(t.best.findings, out);
    if (t.irecist) {
      const IrecistResult& ir = *t.irecist;
      html::element(out, "p", "iRECIST: iBOR " + std::string(to_string(ir.best.ibor)) + " · confirmed iBOR " +
                                  std::string(to_string(ir.best.confirmed_ibor)));
      reasons(ir.best.reasons, out);
    }
    out->append("</section>\n");
  }
}

}  // namespace recist::io::report
