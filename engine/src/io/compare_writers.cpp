// `recist compare` output (issue 5): table, CSV and JSON of a CompareResult.
#include "recist/io/compare_writers.hpp"

#include <cstdio>
#include <map>

#include "recist/io/csv.hpp"

namespace recist::io {
namespace {

std::string code(Response r) { return std::string(to_string(r)); }
std::string code_or_dash(const std::optional<Response>& r) { return r ? code(*r) : "-"; }
std::string date_or_dash(const std::optional<Date>& d) { return d ? d->to_string() : "-"; }

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string percent(double v) { return fixed(100 * v, 1) + "%"; }

std::string pad(std::string s, std::size_t width) {
  std::size_t cps = 0;  // code points, so that "≥" and "−" do not shift the columns
  for (unsigned char c : s) cps += (c & 0xC0) != 0x80;
  if (cps < width) s.append(width - cps, ' ');
  return s;
}

const char* kind_name(PairKind k) {
  return k == PairKind::RecordedVsRecomputed ? "recorded_vs_recomputed" : "reader_vs_reader";
}

std::string pd_timing_text(const ReaderComparison& r) {
  switch (r.pd_timing) {
    case PdTiming::AEarlier: return r.reader_a + " earlier";
    case PdTiming::ALater: return r.reader_a + " later";
    case PdTiming::AOnly: return "PD by " + r.reader_a + " only";
    case PdTiming::BOnly: return "PD by " + r.reader_b + " only";
    case PdTiming::Same: return "same date";
    case PdTiming::Neither: break;
  }
  return "no PD";
}

bool pd_agrees(const ReaderComparison& r) { return r.pd_timing == PdTiming::Same || r.pd_timing == PdTiming::Neither; }

// ---- JSON ----

struct Json {
  std::string* out;
  void key(std::string_view k) {
    append_json_string(out, k);
    out->push_back(':');
  }
  void str(std::string_view k, std::string_view v) {
    key(k);
    append_json_string(out, v);
  }
  void opt_str(std::string_view k, const std::optional<std::string>& v) {
    key(k);
    if (v) append_json_string(out, *v);
    else out->append("null");
  }
  void num(std::string_view k, double v) {
    key(k);
    out->append(fixed(v, 6));
  }
  void integer(std::string_view k, long long v) {
    key(k);
    out->append(std::to_string(v));
  }
  void boolean(std::string_view k, bool v) {
    key(k);
    out->append(v ? "true" : "false");
  }
  void c() { out->push_back(','); }
};

std::optional<std::string> date_text(const std::optional<Date>& d) {
  return d ? std::optional(d->to_string()) : std::nullopt;
}
std::optional<std::string> response_text(const std::optional<Response>& r) {
  return r ? std::optional(code(*r)) : std::nullopt;
}

void json_proportion(Json& j, std::string_view k, const Proportion& p) {
  j.key(k);
  j.out->push_back('{');
  j.integer("count", p.count), j.c(), j.integer("n", p.n), j.c(), j.num("rate", p.rate), j.c();
  j.num("ci_low", p.ci_low), j.c(), j.num("ci_high", p.ci_high);
  j.out->push_back('}');
}

void json_table(Json& j, std::string_view k, const AgreementTable& t) {
  j.key(k);
  j.out->append("{\"codes\":[");
  for (std::size_t i = 0; i < kAgreementCodes.size(); ++i) {
    if (i) j.c();
    append_json_string(j.out, to_string(kAgreementCodes[i]));
  }
  j.out->append("],\"matrix\":[");
  for (std::size_t i = 0; i < t.counts.size(); ++i) {
    j.out->append(i ? ",[" : "[");
    for (std::size_t m = 0; m < t.counts[i].size(); ++m) j.out->append((m ? "," : "") + std::to_string(t.counts[i][m]));
    j.out->push_back(']');
  }
  j.out->append("],");
  j.integer("n", t.n), j.c();
  json_proportion(j, "agreement", t.agreement);
  j.c(), j.key("kappa");
  if (t.kappa.value) {
    j.out->push_back('{');
    j.num("value", *t.kappa.value), j.c(), j.num("se", t.kappa.se), j.c();
    j.num("ci_low", t.kappa.ci_low), j.c(), j.num("ci_high", t.kappa.ci_high);
    j.out->push_back('}');
  } else {
    j.out->append("{\"value\":null,\"se\":null,\"ci_low\":null,\"ci_high\":null}");
  }
  j.out->push_back('}');
}

void json_profile(Json& j, const Profile& p) {
  j.key("profile");
  j.out->push_back('{');
  j.integer("confirm_min_days", p.confirm_min_days), j.c(), j.integer("sd_min_days", p.sd_min_days), j.c();
  j.integer("max_ne_between", p.max_ne_between), j.c(), j.key("too_small_mm"), j.out->append(p.too_small_mm.to_string());
  j.c(), j.key("exclude_target_sites"), j.out->push_back('[');
  for (std::size_t i = 0; i < p.exclude_target_sites.size(); ++i) {
    if (i) j.c();
    append_json_string(j.out, p.exclude_target_sites[i]);
  }
  j.out->append("],");
  j.boolean("keep_confirmed_pr", p.keep_confirmed_pr), j.c(), j.boolean("require_confirmation", p.require_confirmation);
  j.out->push_back('}');
}

void write_json(const CompareResult& r, const Profile& profile, std::span<const InputError> errors, std::string* out) {
  Json j{out};
  out->append("{\"criteria\":\"RECIST 1.1\",");
  json_profile(j, profile);
  j.c(), j.boolean("agree", r.disagreements() == 0), j.c(), j.integer("disagreements", static_cast<long long>(r.disagreements()));
  out->append(",\"recorded\":[");
  for (std::size_t i = 0; i < r.recorded.size(); ++i) {
    const TrackComparison& t = r.recorded[i];
    out->append(i ? ",\n{" : "\n{");
    j.str("subject", t.subject), j.c(), j.str("reader", t.reader), j.c(), j.boolean("best_recorded", t.best_recorded);
    j.c(), j.opt_str("recorded_pd_date", date_text(t.recorded_pd_date)), j.c();
    j.opt_str("computed_pd_date", date_text(t.computed_pd_date)), j.c(), j.boolean("agree", t.agree());
    out->append(",\"comparisons\":[");
    for (std::size_t k = 0; k < t.comparisons.size(); ++k) {
      const RecordedComparison& c = t.comparisons[k];
      out->append(k ? ",{" : "{");
      j.str("level", to_string(c.level)), j.c(), j.opt_str("date", date_text(c.date)), j.c();
      j.opt_str("visit", c.level == CompareLevel::Timepoint ? std::optional(c.visit) : std::nullopt), j.c();
      j.key("day");
      out->append(c.day ? std::to_string(*c.day) : "null");
      j.c(), j.str("recorded", code(c.recorded)), j.c(), j.opt_str("computed", response_text(c.computed)), j.c();
      j.boolean("agree", c.agree()), j.c();
      j.opt_str("category", c.agree() ? std::nullopt : std::optional(std::string(to_string(c.category)))), j.c();
      j.opt_str("explanation", c.agree() ? std::nullopt : std::optional(c.explanation));
      out->push_back('}');
    }
    out->append("]}");
  }
  out->append("],\"readers\":[");
  for (std::size_t i = 0; i < r.readers.size(); ++i) {
    const ReaderComparison& p = r.readers[i];
    out->append(i ? ",\n{" : "\n{");
    j.str("subject", p.subject), j.c(), j.str("reader_a", p.reader_a), j.c(), j.str("reader_b", p.reader_b), j.c();
    j.str("matched_by", p.matched_by_visit ? "visit" : "date"), j.c(), j.boolean("agree", p.agree());
    out->append(",\"timepoints\":[");
    for (std::size_t k = 0; k < p.timepoints.size(); ++k) {
      const ReaderTimepoint& t = p.timepoints[k];
      out->append(k ? ",{" : "{");
      j.opt_str("visit", t.visit.empty() ? std::nullopt : std::optional(t.visit)), j.c();
      j.opt_str("date_a", date_text(t.date_a)), j.c(), j.opt_str("date_b", date_text(t.date_b)), j.c();
      j.opt_str("response_a", response_text(t.a)), j.c(), j.opt_str("response_b", response_text(t.b)), j.c();
      j.boolean("agree", t.agree()), j.c();
      j.opt_str("explanation", t.agree() ? std::nullopt : std::optional(t.explanation));
      out->push_back('}');
    }
    out->append("],");
    j.str("bor_a", code(p.bor_a)), j.c(), j.str("bor_b", code(p.bor_b)), j.c();
    j.str("confirmed_bor_a", code(p.confirmed_bor_a)), j.c(), j.str("confirmed_bor_b", code(p.confirmed_bor_b)), j.c();
    j.opt_str("pd_date_a", date_text(p.pd_date_a)), j.c(), j.opt_str("pd_date_b", date_text(p.pd_date_b)), j.c();
    j.str("pd_timing", to_string(p.pd_timing));
    out->push_back('}');
  }
  out->append("],\"statistics\":[");
  for (std::size_t i = 0; i < r.statistics.size(); ++i) {
    const PairStatistics& s = r.statistics[i];
    out->append(i ? ",\n{" : "\n{");
    j.str("kind", kind_name(s.kind)), j.c(), j.str("source_a", s.source_a), j.c(), j.str("source_b", s.source_b), j.c();
    json_table(j, "timepoints", s.timepoints), j.c(), json_table(j, "bor", s.bor), j.c();
    json_table(j, "confirmed_bor", s.confirmed_bor), j.c();
    json_proportion(j, "confirmed_bor_discordance", s.confirmed_bor_discordance);
    out->append(",\"progression\":{");
    static constexpr const char* kTimings[] = {"same", "a_earlier", "a_later", "a_only", "b_only", "neither"};
    for (std::size_t k = 0; k < 6; ++k) j.integer(kTimings[k], s.progression.counts[k]), j.c();
    json_proportion(j, "edr", s.progression.edr), j.c(), json_proportion(j, "ldr", s.progression.ldr);
    out->append("}}");
  }
  out->append("],");
  j.key("errors");
  append_json_errors(out, errors);
  out->append("}\n");
}

// ---- CSV ----

void csv_row(std::string* out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out->push_back(',');
    first = false;
    append_csv_field(out, f);
  }
  out->push_back('\n');
}

void write_csv(const CompareResult& r, std::string* out) {
  bool first = true;
  for (std::string_view c : kCompareCsvColumns) {
    if (!first) out->push_back(',');
    first = false;
    out->append(c);
  }
  out->push_back('\n');
  for (const TrackComparison& t : r.recorded) {
    const std::string a = t.reader + " recorded", b = t.reader + " recomputed";
    for (const RecordedComparison& c : t.comparisons)
      csv_row(out, {"recorded", t.subject, a, b, to_string(c.level), c.date ? c.date->to_string() : "", c.visit,
                    code(c.recorded), c.computed ? code(*c.computed) : "", c.agree() ? "true" : "false",
                    c.agree() ? "" : to_string(c.category), c.explanation});
  }
  for (const ReaderComparison& p : r.readers) {
    for (const ReaderTimepoint& t : p.timepoints)
      csv_row(out, {"readers", p.subject, p.reader_a, p.reader_b, "timepoint", (t.date_a ? t.date_a : t.date_b)->to_string(),
                    t.visit, t.a ? code(*t.a) : "", t.b ? code(*t.b) : "", t.agree() ? "true" : "false", "",
                    t.explanation});
    for (auto [level, a, b] : {std::tuple{"bor", p.bor_a, p.bor_b}, std::tuple{"confirmed_bor", p.confirmed_bor_a,
                                                                               p.confirmed_bor_b}})
      csv_row(out, {"readers", p.subject, p.reader_a, p.reader_b, level, "", "", code(a), code(b),
                    a == b ? "true" : "false", "", ""});
    csv_row(out, {"readers", p.subject, p.reader_a, p.reader_b, "pd_date", "", "",
                  p.pd_date_a ? p.pd_date_a->to_string() : "", p.pd_date_b ? p.pd_date_b->to_string() : "",
                  pd_agrees(p) ? "true" : "false", to_string(p.pd_timing), pd_timing_text(p)});
  }
}

// ---- table ----

std::string proportion_text(const Proportion& p) {
  if (p.n == 0) return "0/0";
  return std::to_string(p.count) + "/" + std::to_string(p.n) + " = " + percent(p.rate) + " (95% CI " +
         percent(p.ci_low) + " to " + percent(p.ci_high) + ")";
}

std::string kappa_text(const Kappa& k) {
  if (!k.value) return "kappa undefined (one code only)";
  return "kappa " + fixed(*k.value, 3) + " (95% CI " + fixed(k.ci_low, 3) + " to " + fixed(k.ci_high, 3) + ")";
}

void table_statistics(const PairStatistics& s, std::string* out) {
  out->append("\n" + s.source_a + " vs " + s.source_b + "\n");
  auto line = [&](const char* what, const AgreementTable& t) {
    out->append("  " + pad(what, 15) + "agree " + proportion_text(t.agreement) + "; " + kappa_text(t.kappa) + "\n");
  };
  line("time points", s.timepoints);
  line("BOR", s.bor);
  line("confirmed BOR", s.confirmed_bor);
  out->append("  " + pad("", 15) + "discordant confirmed BOR " + proportion_text(s.confirmed_bor_discordance) + "\n");
  const auto& c = s.progression.counts;
  out->append("  " + pad("PD dates", 15) + "same " + std::to_string(c[0]) + ", A earlier " + std::to_string(c[1]) +
              ", A later " + std::to_string(c[2]) + ", A only " + std::to_string(c[3]) + ", B only " +
              std::to_string(c[4]) + ", neither " + std::to_string(c[5]) + " (A = " + s.source_a + ")\n");
  out->append("  " + pad("", 15) + "early discrepancy rate " + proportion_text(s.progression.edr) + "\n");
  out->append("  " + pad("", 15) + "late discrepancy rate " + proportion_text(s.progression.ldr) + "\n");
  out->append("  time points (rows " + s.source_a + ", columns " + s.source_b + "):\n  " + pad("", 15));
  for (Response r : kAgreementCodes) out->append(pad(code(r), 15));
  out->append("\n");
  for (std::size_t i = 0; i < kAgreementCodes.size(); ++i) {
    out->append("  " + pad(code(kAgreementCodes[i]), 15));
    for (int n : s.timepoints.counts[i]) out->append(pad(std::to_string(n), 15));
    out->append("\n");
  }
}

void write_table(const CompareResult& r, const Profile& p, std::span<const InputError> errors, std::string* out) {
  out->append("recist compare · RECIST 1.1 · confirmation ≥ " + std::to_string(p.confirm_min_days) + " days · SD ≥ " +
              std::to_string(p.sd_min_days) + " days from start · at most " + std::to_string(p.max_ne_between) +
              " NE between\n");
  // Disagreements first, grouped by subject.
  std::map<std::string, std::string> by_subject;
  for (const TrackComparison& t : r.recorded) {
    std::string block;
    for (const RecordedComparison& c : t.comparisons) {
      if (c.agree()) continue;
      const std::string where = c.level == CompareLevel::Timepoint
                                    ? c.date->to_string() + " " + pad(c.visit.empty() ? "-" : c.visit, 6)
                                    : pad(c.level == CompareLevel::Bor ? "BOR" : "confirmed BOR", 17);
      block += "    " + where + " recorded " + pad(code(c.recorded), 14) + "recomputed " +
               pad(c.computed ? code(*c.computed) : "-", 14) + std::string(to_string(c.category)) + "\n      " +
               c.explanation + "\n";
    }
    if (!block.empty()) by_subject[t.subject] += "  " + t.reader + " recorded vs recomputed\n" + block;
  }
  for (const ReaderComparison& rc : r.readers) {
    std::string block;
    for (const ReaderTimepoint& t : rc.timepoints) {
      if (t.agree()) continue;
      block += "    " + (t.date_a ? t.date_a : t.date_b)->to_string() + " " + pad(t.visit.empty() ? "-" : t.visit, 6) +
               " " + pad(code_or_dash(t.a), 14) + "vs " + pad(code_or_dash(t.b), 14) + t.explanation + "\n";
    }
    if (rc.bor_a != rc.bor_b) block += "    BOR               " + pad(code(rc.bor_a), 14) + "vs " + code(rc.bor_b) + "\n";
    if (rc.confirmed_bor_a != rc.confirmed_bor_b)
      block += "    confirmed BOR     " + pad(code(rc.confirmed_bor_a), 14) + "vs " + code(rc.confirmed_bor_b) + "\n";
    if (!pd_agrees(rc))
      block += "    PD date           " + pad(date_or_dash(rc.pd_date_a), 14) + "vs " + pad(date_or_dash(rc.pd_date_b), 14) +
               pd_timing_text(rc) + "\n";
    if (!block.empty()) by_subject[rc.subject] += "  " + rc.reader_a + " vs " + rc.reader_b + "\n" + block;
  }
  const std::size_t n = r.disagreements();
  out->append("\n== " + std::to_string(n) + " disagreement" + (n == 1 ? "" : "s") +
              (n ? ", by subject\n" : ": every recorded response and every reader agree\n"));
  for (const auto& [subject, text] : by_subject) out->append("\n" + subject + "\n" + text);

  out->append("\n== Agreement\n");
  for (const PairStatistics& s : r.statistics) table_statistics(s, out);
  if (!errors.empty()) {
    out->append("\n== Input errors\n");
    for (const InputError& e : errors) out->append("  " + to_string(e) + "\n");
  }
}

}  // namespace

void write_compare(const CompareResult& result, OutputFormat format, const Profile& profile,
                   std::span<const InputError> errors, std::string* out) {
  switch (format) {
    case OutputFormat::Table: return write_table(result, profile, errors, out);
    case OutputFormat::Csv: return write_csv(result, out);
    case OutputFormat::Json: break;
  }
  write_json(result, profile, errors, out);
}

}  // namespace recist::io
