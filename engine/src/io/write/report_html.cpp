// `recist report` (issue 18): the page, section by section. No script: everything is HTML, CSS and
// inline SVG, so it reads offline, in any browser, and prints (A4, a page per section).
#include <map>

#include "html.hpp"
#include "recist/io/version.hpp"
#include "recist/io/write/plots.hpp"
#include "recist/io/write/report.hpp"
#include "recist/irecist_result.hpp"
#include "report_sections.hpp"

namespace recist::io {
namespace {

constexpr std::string_view kCss =
    "body{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;font-size:13px;color:#222;margin:24px auto;max-width:1100px;"
    "padding:0 16px}h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #0072B2;padding-bottom:3px;margin-top:28px}"
    "h3{font-size:14px;margin:16px 0 6px}table{border-collapse:collapse;margin:6px 0 12px}"
    "th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}th{background:#eef3f8}"
    ".primary{font-size:16px;font-weight:bold;background:#eef3f8;border-left:4px solid #0072B2;padding:8px 12px}"
    ".plot{overflow-x:auto;margin:8px 0}.plot svg{max-width:100%;height:auto}.plot.wide svg{max-width:none}"
    "ul.reasons{margin:2px 0;padding-left:18px;font-size:11px;color:#444}tr.why td{border-top:none;background:#fafafa}"
    ".error{color:#a00}.warning{color:#8a5a00}section.track{border-top:1px solid #ccc;margin-top:14px}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{max-width:none;margin:0;font-size:10px}section.part{break-before:page}"
    "section.track{break-inside:avoid}.plot{overflow:visible}.plot.wide svg{max-width:100%}tr{break-inside:avoid}}";

/// Waterfalls wider than this (many tracks) scroll on screen instead of shrinking (issue 18).
constexpr std::size_t kScrollingBars = 300;

void profile_table(const Profile& p, std::string* out) {
  std::string excluded;
  for (const std::string& s : p.exclude_target_sites) excluded += (excluded.empty() ? "" : ", ") + s;
  out->append("<table class=\"profile\"><thead>");
  html::row(out, {"key", "value", "rule"}, "th");
  out->append("</thead><tbody>\n");
  html::row(out, {"confirm-min-days", std::to_string(p.confirm_min_days), "R15: days from a CR/PR to its confirmation"});
  html::row(out, {"sd-min-days", std::to_string(p.sd_min_days), "R14: days from start before SD counts"});
  html::row(out, {"max-ne-between", std::to_string(p.max_ne_between), "R15: NE time points allowed before a confirmation"});
  html::row(out, {"too-small-mm", p.too_small_mm.to_string(), "R7: the value of a target too small to measure"});
  html::row(out, {"exclude-target-site", excluded.empty() ? "none" : excluded, "R3: sites that may not hold targets"});
  html::row(out, {"keep-confirmed-pr", p.keep_confirmed_pr ? "true" : "false", "R9a: a confirmed PR stays PR until PD"});
  html::row(out, {"require-confirmation", p.require_confirmation ? "true" : "false", "R18: the primary ORR counts confirmed responses"});
  html::row(out, {"criteria", p.criteria == Criteria::Recist ? "recist" : p.criteria == Criteria::Irecist ? "irecist" : "both",
                  "iRECIST beside RECIST 1.1"});
  out->append("</tbody></table>\n");
}

void counts_row(std::string* out, std::string_view what, const ResponseSummary& s) {
  out->append("<tr>");
  html::element(out, "th", what);
  for (int c : s.counts) html::element(out, "td", std::to_string(c));
  html::element(out, "td", html::proportion(s.orr));
  html::element(out, "td", html::proportion(s.dcr));
  out->append("</tr>\n");
}

void endpoint(const TrialSummary& summary, std::string* out) {
  for (const ReaderSummary& r : summary.readers) {
    const ResponseSummary& primary = summary.primary_is_confirmed ? r.confirmed : r.unconfirmed;
    out->append("<p class=\"primary\" data-reader=\"");
    html::text(out, r.reader);
    out->append("\">");
    html::text(out, r.reader + ": " + (summary.primary_is_confirmed ? "confirmed" : "unconfirmed") +
                        " ORR (primary endpoint) " + html::proportion(primary.orr));
    out->append("</p>\n");
  }
  for (const ReaderSummary& r : summary.readers) {
    html::element(out, "h3", r.reader + " (R18): " + std::to_string(r.tracks) + " tracks with a baseline, N = " +
                                 std::to_string(r.n) + " with a measurable target");
    out->append("<table class=\"summary\"><thead>");
    html::row(out, {"", "CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE", "ORR (CR+PR)", "DCR (CR+PR+SD+NON-CR/NON-PD)"}, "th");
    out->append("</thead><tbody>\n");
    counts_row(out, "confirmed BOR", r.confirmed);
    counts_row(out, "BOR (unconfirmed)", r.unconfirmed);
    out->append("</tbody></table>\n");
    if (r.i_confirmed)
      html::element(out, "p", "iRECIST: confirmed iORR " + html::proportion(r.i_confirmed->orr) + " · iDCR " +
                                  html::proportion(r.i_confirmed->dcr));
    if (!r.failing_eligibility.empty()) {
      std::string list;
      for (const std::string& s : r.failing_eligibility) list += (list.empty() ? "" : ", ") + s;
      html::element(out, "p", "Not in N (no measurable target, R5): " + list);
    }
  }
}

void plot(std::string* out, std::string_view heading, const std::string& svg, bool wide) {
  html::element(out, "h3", heading);
  out->append(wide ? "<div class=\"plot wide\">\n" : "<div class=\"plot\">\n").append(svg).append("</div>\n");
}

void plots(std::span<const TrackResult> tracks, std::string* out, bool irecist = false) {
  std::map<std::string, std::size_t> per_reader;
  for (const TrackResult& t : tracks) ++per_reader[t.reader];
  std::size_t most = 0;
  for (const auto& [reader, n] : per_reader) most = std::max(most, n);
  // iRECIST (issue 29): the same pictures coloured by iBOR, iUPD and iCPD marked.
  const std::string by = irecist ? "iRECIST " : "";
  PlotOptions all;
  all.irecist = irecist;
  plot(out, by + "Waterfall: best change of the target sum from baseline", waterfall_svg(tracks, all),
       most > kScrollingBars);
  for (const auto& [reader, n] : per_reader) {
    const PlotOptions one{reader, "", "", irecist};
    plot(out, by + "Spider: course of the target sum — " + reader, spider_svg(tracks, one), false);
    plot(out, by + "Swimmer: time on study and response — " + reader, swimmer_svg(tracks, one), false);
  }
}

void findings_and_errors(std::span<const TrackResult> tracks, std::span<const InputError> errors, std::string* out) {
  out->append("<table class=\"findings\"><thead>");
  html::row(out, {"subject", "reader", "severity", "code", "lesion", "message"}, "th");
  out->append("</thead><tbody>\n");
  std::size_t n = 0;
  for (const TrackResult& t : tracks)
    for (const std::vector<Finding>* list : {&t.findings, &t.best.findings})
      for (const Finding& f : *list) {
        ++n;
        html::row(out, {t.subject, t.reader, to_string(f.severity), f.code, f.lesion, f.message});
      }
  out->append("</tbody></table>\n");
  if (n == 0) html::element(out, "p", "No findings.");
  html::element(out, "h3", "Input errors (" + std::to_string(errors.size()) + "): tracks left out for bad data");
  if (errors.empty()) {
    html::element(out, "p", "None: every row was read.");
    return;
  }
  out->append("<table class=\"errors\"><thead>");
  html::row(out, {"file", "line", "column", "subject", "message"}, "th");
  out->append("</thead><tbody>\n");
  for (const InputError& e : errors) html::row(out, {e.file, std::to_string(e.line), e.column, e.subject, e.message});
  out->append("</tbody></table>\n");
}

void part(std::string* out, std::string_view id, std::string_view heading) {
  out->append("<section class=\"part\" id=\"").append(id).append("\">");
  html::element(out, "h2", heading);
}

}  // namespace

void write_report_html(const ReportContent& c, std::string* out) {
  const std::string title = c.title.empty() ? "RECIST 1.1 trial report" : c.title;
  out->append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
  html::text(out, title);
  out->append("</title><style>").append(kCss).append("</style></head><body>\n");
  html::element(out, "h1", title);
  std::string inputs;
  for (const std::string& f : c.inputs) inputs += (inputs.empty() ? "" : ", ") + f;
  const Producer& p = producer();
  html::element(out, "p", "Inputs: " + inputs + " · " + std::to_string(c.tracks.size()) + " tracks · made by " +
                              std::string(p.name) + " " + std::string(p.version) + " (" + std::string(p.commit) + ")");
  out->append("<nav><a href=\"#endpoint\">Endpoint</a> · <a href=\"#plots\">Plots</a> · <a href=\"#tracks\">Tracks</a> · "
              "<a href=\"#findings\">Findings</a>");
  const bool comparing = c.compare && report::has_comparisons(*c.compare);
  if (comparing) out->append(" · <a href=\"#compare\">Comparison</a>");
  out->append(" · <a href=\"#details\">Every track</a></nav>\n");
  html::element(out, "h3", "Profile");
  profile_table(c.profile, out);

  part(out, "endpoint", "Primary endpoint and best overall response (R18)");
  if (c.summary) endpoint(*c.summary, out);
  out->append("</section>\n");
  part(out, "plots", "Plots");
  plots(c.tracks, out);
  if (c.profile.criteria != Criteria::Recist) plots(c.tracks, out, true);
  out->append("</section>\n");
  part(out, "tracks", "Tracks");
  report::track_table(c.tracks, out);
  out->append("</section>\n");
  part(out, "findings", "Findings and input errors");
  findings_and_errors(c.tracks, c.errors, out);
  out->append("</section>\n");
  if (comparing) {
    part(out, "compare", "Recorded responses and readers compared");
    report::compare_section(*c.compare, out);
    out->append("</section>\n");
  }
  part(out, "details", "Every track, time point by time point");
  report::track_sections(c.tracks, out);
  out->append("</section>\n</body></html>\n");
}

}  // namespace recist::io
