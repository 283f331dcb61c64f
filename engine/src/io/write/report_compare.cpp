// The report's comparison section: what `recist compare --format table` prints, as HTML tables.
#include <cstdio>

#include "html.hpp"
#include "report_sections.hpp"

namespace recist::io::report {
namespace {

std::string kappa(const Kappa& k) {
  if (!k.value) return "undefined (one code only)";
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.3f (95%% CI %.3f to %.3f)", *k.value, k.ci_low, k.ci_high);
  return buf;
}

std::string code(const std::optional<Response>& r) { return r ? std::string(to_string(*r)) : "none"; }

void statistics(const CompareResult& c, std::string* out) {
  out->append("<table class=\"agreement\"><thead>");
  html::row(out, {"source A", "source B", "level", "pairs", "agreement", "Cohen's κ"}, "th");
  out->append("</thead><tbody>\n");
  for (const PairStatistics& s : c.statistics)
    for (const auto& [level, table] : {std::pair{"time points", &s.timepoints}, std::pair{"BOR", &s.bor},
                                       std::pair{"confirmed BOR", &s.confirmed_bor}})
      html::row(out, {s.source_a, s.source_b, level, std::to_string(table->n), html::proportion(table->agreement),
                      kappa(table->kappa)});
  out->append("</tbody></table>\n<table class=\"discordance\"><thead>");
  html::row(out, {"source A", "source B", "discordant confirmed BOR", "EDR (A's PD early or A only)",
                  "LDR (A's PD late or B only)"},
            "th");
  out->append("</thead><tbody>\n");
  for (const PairStatistics& s : c.statistics)
    html::row(out, {s.source_a, s.source_b, html::proportion(s.confirmed_bor_discordance),
                    html::proportion(s.progression.edr), html::proportion(s.progression.ldr)});
  out->append("</tbody></table>\n");
}

void recorded_disagreements(const CompareResult& c, std::string* out) {
  out->append("<table class=\"disagreements\"><thead>");
  html::row(out, {"subject", "reader", "level", "date", "visit", "recorded", "recomputed", "category", "explanation"},
            "th");
  out->append("</thead><tbody>\n");
  for (const TrackComparison& t : c.recorded)
    for (const RecordedComparison& rc : t.comparisons)
      if (!rc.agree())
        html::row(out, {t.subject, t.reader, to_string(rc.level), html::date(rc.date), rc.visit,
                        to_string(rc.recorded), code(rc.computed), to_string(rc.category), rc.explanation});
  out->append("</tbody></table>\n");
}

void reader_disagreements(const CompareResult& c, std::string* out) {
  out->append("<table class=\"reader-disagreements\"><thead>");
  html::row(out, {"subject", "reader A", "reader B", "what", "A", "B", "explanation"}, "th");
  out->append("</thead><tbody>\n");
  for (const ReaderComparison& r : c.readers) {
    if (r.agree()) continue;
    for (const ReaderTimepoint& tp : r.timepoints)
      if (!tp.agree())
        html::row(out, {r.subject, r.reader_a, r.reader_b, "time point " + (tp.visit.empty() ? html::date(tp.date_a ? tp.date_a : tp.date_b) : tp.visit),
                        code(tp.a), code(tp.b), tp.explanation});
    if (r.bor_a != r.bor_b)
      html::row(out, {r.subject, r.reader_a, r.reader_b, "BOR", to_string(r.bor_a), to_string(r.bor_b), ""});
    if (r.confirmed_bor_a != r.confirmed_bor_b)
      html::row(out, {r.subject, r.reader_a, r.reader_b, "confirmed BOR", to_string(r.confirmed_bor_a),
                      to_string(r.confirmed_bor_b), ""});
    if (r.pd_timing != PdTiming::Same && r.pd_timing != PdTiming::Neither)
      html::row(out, {r.subject, r.reader_a, r.reader_b, "first PD", html::date(r.pd_date_a), html::date(r.pd_date_b),
                      to_string(r.pd_timing)});
  }
  out->append("</tbody></table>\n");
}

}  // namespace

bool has_comparisons(const CompareResult& c) { return !c.statistics.empty(); }

void compare_section(const CompareResult& c, std::string* out) {
  std::size_t recorded = 0, readers = 0;
  for (const TrackComparison& t : c.recorded)
    for (const RecordedComparison& rc : t.comparisons) recorded += !rc.agree();
  for (const ReaderComparison& r : c.readers) readers += !r.agree();
  html::element(out, "p", std::to_string(c.disagreements()) + " disagreements in all (as `recist compare`): " +
                              std::to_string(recorded) + " recorded responses differ from the recomputed ones; " +
                              std::to_string(readers) + " subjects whose readers differ.");
  statistics(c, out);
  html::element(out, "h3", "Recorded against recomputed: disagreements");
  recorded_disagreements(c, out);
  html::element(out, "h3", "Reader against reader: disagreements");
  reader_disagreements(c, out);
}

}  // namespace recist::io::report
