// `recist compare` output (issue 5): table, CSV and JSON of a CompareResult.
#include "recist/io/write/compare_writers.hpp"

#include "recist/io/version.hpp"

#include <cstdio>
#include <map>

#include "recist/io/read/csv.hpp"

namespace recist::io {
namespace {

std::string code(Response r) {
  return std::string(to_string(r));
}
std::string code_or_dash(const std::optional<Response>& r) {
  return r ? code(*r) : "-";
}
std::string date_or_dash(const std::optional<Date>& d) {
  return d ? d->to_string() : "-";
}

std::string fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string percent(double v) {
  return fixed(100 * v, 1) + "%";
}

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
    case PdTiming::AEarlier:
      return r.reader_a + " earlier";
    case PdTiming::ALater:
      return r.reader_a + " later";
    case PdTiming::AOnly:
      return "PD by " + r.reader_a + " only";
    case PdTiming::BOnly:
      return "PD by " + r.reader_b + " only";
    case PdTiming::Same:
      return "same date";
    case PdTiming::Neither:
      break;
  }
  return "no PD";
}

bool pd_agrees(const ReaderComparison& r) {
  return r.pd_timing == PdTiming::Same || r.pd_timing == PdTiming::Neither;
}

// ---- JSON ----

/// Writes one JSON object field by field, with the commas between fields.
class JsonObject {
 public:
  explicit JsonObject(std::string* out) : out_(out) { out_->push_back('{'); }
  /// Writes the key of the next field; the caller writes its value.
  std::string* key(std::string_view k) {
    if (!first_) out_->push_back(',');
    first_ = false;
    append_json_string(out_, k);
    out_->push_back(':');
    return out_;
  }
  JsonObject& str(std::string_view k, std::string_view v) {
    append_json_string(key(k), v);
    return *this;
  }
  JsonObject& opt(std::string_view k, const std::optional<std::string>& v) {
    if (v)
      append_json_string(key(k), *v);
    else
      key(k)->append("null");
    return *this;
  }
  JsonObject& raw(std::string_view k, std::string_view json) {
    key(k)->append(json);
    return *this;
  }
  JsonObject& num(std::string_view k, double v) { return raw(k, fixed(v, 6)); }
  JsonObject& integer(std::string_view k, long long v) { return raw(k, std::to_string(v)); }
  JsonObject& boolean(std::string_view k, bool v) { return raw(k, v ? "true" : "false"); }
  void close() { out_->push_back('}'); }

 private:
  std::string* out_;
  bool first_ = true;
};

std::optional<std::string> date_text(const std::optional<Date>& d) {
  return d ? std::optional(d->to_string()) : std::nullopt;
}
std::optional<std::string> response_text(const std::optional<Response>& r) {
  return r ? std::optional(code(*r)) : std::nullopt;
}

/// Writes `items` as a JSON array, one element by `write(out, item)`, a line per element when `lines`.
template <class Items, class Write>
void json_array(std::string* out, const Items& items, Write&& write, bool lines = false) {
  out->push_back('[');
  bool first = true;
  for (const auto& item : items) {
    if (!first) out->push_back(',');
    if (lines) out->push_back('\n');
    first = false;
    write(out, item);
  }
  out->push_back(']');
}

void json_proportion(std::string* out, const Proportion& p) {
  JsonObject(out)
      .integer("count", p.count)
      .integer("n", p.n)
      .num("rate", p.rate)
      .num("ci_low", p.ci_low)
      .num("ci_high", p.ci_high)
      .close();
}

template <class Table, class Codes>
void json_table(std::string* out, const Table& t, const Codes& codes) {
  JsonObject o(out);
  json_array(o.key("codes"), codes, [](std::string* s, auto r) { append_json_string(s, to_string(r)); });
  json_array(o.key("matrix"), t.counts, [](std::string* s, const auto& row) {
    json_array(s, row, [](std::string* c, int n) { c->append(std::to_string(n)); });
  });
  o.integer("n", t.n);
  json_proportion(o.key("agreement"), t.agreement);
  JsonObject k(o.key("kappa"));
  if (t.kappa.value) {
    k.num("value", *t.kappa.value).num("se", t.kappa.se).num("ci_low", t.kappa.ci_low).num("ci_high", t.kappa.ci_high);
  } else {
    for (const char* name : {"value", "se", "ci_low", "ci_high"}) k.raw(name, "null");
  }
  k.close();
  o.close();
}

void json_table(std::string* out, const AgreementTable& t) {
  json_table(out, t, kAgreementCodes);
}

void json_profile(std::string* out, const Profile& p) {
  JsonObject o(out);
  o.integer("confirm_min_days", p.confirm_min_days)
      .integer("sd_min_days", p.sd_min_days)
      .integer("max_ne_between", p.max_ne_between)
      .raw("too_small_mm", p.too_small_mm.to_string());
  json_array(o.key("exclude_target_sites"), p.exclude_target_sites,
             [](std::string* s, const std::string& site) { append_json_string(s, site); });
  o.boolean("keep_confirmed_pr", p.keep_confirmed_pr).boolean("require_confirmation", p.require_confirmation).close();
}

void json_comparison(std::string* out, const RecordedComparison& c) {
  const bool tp = c.level == CompareLevel::Timepoint;
  JsonObject(out)
      .str("level", to_string(c.level))
      .opt("date", date_text(c.date))
      .opt("visit", tp ? std::optional(c.visit) : std::nullopt)
      .raw("day", c.day ? std::to_string(*c.day) : "null")
      .str("recorded", code(c.recorded))
      .opt("computed", response_text(c.computed))
      .boolean("agree", c.agree())
      .opt("category", c.agree() ? std::nullopt : std::optional(std::string(to_string(c.category))))
      .opt("explanation", c.agree() ? std::nullopt : std::optional(c.explanation))
      .close();
}

void json_track(std::string* out, const TrackComparison& t) {
  JsonObject o(out);
  o.str("subject", t.subject)
      .str("reader", t.reader)
      .boolean("best_recorded", t.best_recorded)
      .opt("recorded_pd_date", date_text(t.recorded_pd_date))
      .opt("computed_pd_date", date_text(t.computed_pd_date))
      .boolean("agree", t.agree());
  json_array(o.key("comparisons"), t.comparisons, json_comparison);
  o.close();
}

void json_reader_timepoint(std::string* out, const ReaderTimepoint& t) {
  JsonObject(out)
      .opt("visit", t.visit.empty() ? std::nullopt : std::optional(t.visit))
      .opt("date_a", date_text(t.date_a))
      .opt("date_b", date_text(t.date_b))
      .opt("response_a", response_text(t.a))
      .opt("response_b", response_text(t.b))
      .boolean("agree", t.agree())
      .opt("explanation", t.agree() ? std::nullopt : std::optional(t.explanation))
      .close();
}

void json_readers(std::string* out, const ReaderComparison& p) {
  JsonObject o(out);
  o.str("subject", p.subject)
      .str("reader_a", p.reader_a)
      .str("reader_b", p.reader_b)
      .str("matched_by", p.matched_by_visit ? "visit" : "date")
      .boolean("agree", p.agree());
  json_array(o.key("timepoints"), p.timepoints, json_reader_timepoint);
  o.str("bor_a", code(p.bor_a))
      .str("bor_b", code(p.bor_b))
      .str("confirmed_bor_a", code(p.confirmed_bor_a))
      .str("confirmed_bor_b", code(p.confirmed_bor_b))
      .opt("pd_date_a", date_text(p.pd_date_a))
      .opt("pd_date_b", date_text(p.pd_date_b))
      .str("pd_timing", to_string(p.pd_timing))
      .close();
}

void json_statistics(std::string* out, const PairStatistics& s) {
  JsonObject o(out);
  o.str("kind", kind_name(s.kind)).str("source_a", s.source_a).str("source_b", s.source_b);
  json_table(o.key("timepoints"), s.timepoints);
  json_table(o.key("bor"), s.bor);
  json_table(o.key("confirmed_bor"), s.confirmed_bor);
  json_proportion(o.key("confirmed_bor_discordance"), s.confirmed_bor_discordance);
  JsonObject p(o.key("progression"));
  static constexpr const char* kTimings[] = {"same", "a_earlier", "a_later", "a_only", "b_only", "neither"};
  for (std::size_t k = 0; k < std::size(kTimings); ++k) p.integer(kTimings[k], s.progression.counts[k]);
  json_proportion(p.key("edr"), s.progression.edr);
  json_proportion(p.key("ldr"), s.progression.ldr);
  p.close();
  o.close();
}

// iRECIST (issue 29): the same shapes with the i-codes.

std::optional<std::string> iresponse_text(const std::optional<IResponse>& r) {
  return r ? std::optional(std::string(to_string(*r))) : std::nullopt;
}

void json_icomparison(std::string* out, const IrecistComparison& c) {
  const bool tp = c.level == CompareLevel::Timepoint;
  JsonObject(out)
      .str("level", to_string(c.level))
      .opt("date", date_text(c.date))
      .opt("visit", tp ? std::optional(c.visit) : std::nullopt)
      .raw("day", c.day ? std::to_string(*c.day) : "null")
      .opt("computed_date", date_text(c.computed_date))
      .str("recorded", to_string(c.recorded))
      .opt("computed", iresponse_text(c.computed))
      .boolean("agree", c.agree())
      .opt("category", c.agree() ? std::nullopt : std::optional(std::string(to_string(c.category))))
      .opt("explanation", c.agree() ? std::nullopt : std::optional(c.explanation))
      .close();
}

void json_itrack(std::string* out, const IrecistTrackComparison& t) {
  JsonObject o(out);
  o.str("subject", t.subject).str("reader", t.reader).boolean("agree", t.agree());
  json_array(o.key("comparisons"), t.comparisons, json_icomparison);
  o.close();
}

void json_istatistics(std::string* out, const IrecistStatistics& s) {
  JsonObject o(out);
  o.str("source_a", s.source_a).str("source_b", s.source_b);
  json_table(o.key("timepoints"), s.timepoints, kIAgreementCodes);
  json_table(o.key("ibor"), s.ibor, kIAgreementCodes);
  json_table(o.key("confirmed_ibor"), s.confirmed_ibor, kIAgreementCodes);
  o.close();
}

void json_irecist(std::string* out, const IrecistCompareResult& r, const Profile& p) {
  JsonObject o(out);
  o.str("criteria", "iRECIST")
      .integer("icpd_min_days", p.icpd_min_days)
      .integer("icpd_max_days", p.icpd_max_days)
      .boolean("agree", r.disagreements() == 0)
      .integer("disagreements", static_cast<long long>(r.disagreements()));
  json_array(o.key("recorded"), r.tracks, json_itrack, true);
  json_array(o.key("statistics"), r.statistics, json_istatistics, true);
  o.close();
}

void write_json(const CompareResult& r, const IrecistCompareResult* ir, const Profile& profile,
                std::span<const InputError> errors, std::string* out) {
  JsonObject o(out);
  o.str("criteria", "RECIST 1.1");
  json_profile(o.key("profile"), profile);
  o.boolean("agree", r.disagreements() == 0).integer("disagreements", static_cast<long long>(r.disagreements()));
  json_array(o.key("recorded"), r.recorded, json_track, true);
  json_array(o.key("readers"), r.readers, json_readers, true);
  json_array(o.key("statistics"), r.statistics, json_statistics, true);
  if (ir) json_irecist(o.key("irecist"), *ir, profile);
  append_json_errors(o.key("errors"), errors);
  o.close();
  // The producer after the object's last key: "…},"producer":{…}}" (which build wrote this).
  out->pop_back();
  out->push_back(',');
  append_json_producer(out);
  out->push_back('}');
  out->push_back('\n');
}

// ---- CSV ----

void write_csv(const CompareResult& r, const IrecistCompareResult* ir, std::string* out) {
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
      append_csv_row(out, {"recorded", t.subject, a, b, to_string(c.level), c.date ? c.date->to_string() : "", c.visit,
                    code(c.recorded), c.computed ? code(*c.computed) : "", c.agree() ? "true" : "false",
                    c.agree() ? "" : to_string(c.category), c.explanation});
  }
  for (const ReaderComparison& p : r.readers) {
    for (const ReaderTimepoint& t : p.timepoints)
      append_csv_row(out,
              {"readers", p.subject, p.reader_a, p.reader_b, "timepoint", (t.date_a ? t.date_a : t.date_b)->to_string(),
               t.visit, t.a ? code(*t.a) : "", t.b ? code(*t.b) : "", t.agree() ? "true" : "false", "", t.explanation});
    for (auto [level, a, b] :
         {std::tuple{"bor", p.bor_a, p.bor_b}, std::tuple{"confirmed_bor", p.confirmed_bor_a, p.confirmed_bor_b}})
      append_csv_row(out, {"readers", p.subject, p.reader_a, p.reader_b, level, "", "", code(a), code(b),
                    a == b ? "true" : "false", "", ""});
    append_csv_row(out, {"readers", p.subject, p.reader_a, p.reader_b, "pd_date", "", "",
                  p.pd_date_a ? p.pd_date_a->to_string() : "", p.pd_date_b ? p.pd_date_b->to_string() : "",
                  pd_agrees(p) ? "true" : "false", to_string(p.pd_timing), pd_timing_text(p)});
  }
  if (!ir) return;
  for (const IrecistTrackComparison& t : ir->tracks) {
    const std::string a = t.reader + " recorded", b = t.reader + " recomputed";
    for (const IrecistComparison& c : t.comparisons)
      append_csv_row(out, {"irecist", t.subject, a, b, to_string(c.level), c.date ? c.date->to_string() : "", c.visit,
                           to_string(c.recorded), c.computed ? to_string(*c.computed) : "",
                           c.agree() ? "true" : "false", c.agree() ? "" : to_string(c.category), c.explanation});
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

/// The iRECIST part of the table: disagreements by subject, then each reader's agreement.
void table_irecist(const IrecistCompareResult& r, const Profile& p, std::string* out) {
  const std::size_t n = r.disagreements();
  out->append("\n== iRECIST · iCPD window " + std::to_string(p.icpd_min_days) + "-" + std::to_string(p.icpd_max_days) +
              " days · " + std::to_string(n) + " disagreement" + (n == 1 ? "" : "s") +
              (n ? ", by subject\n" : ": every recorded i-response agrees\n"));
  for (const IrecistTrackComparison& t : r.tracks) {
    std::string block;
    for (const IrecistComparison& c : t.comparisons) {
      if (c.agree()) continue;
      const std::string where = c.level == CompareLevel::Timepoint
                                    ? c.date->to_string() + " " + pad(c.visit.empty() ? "-" : c.visit, 6)
                                    : pad(c.level == CompareLevel::Bor ? "iBOR" : "confirmed iBOR", 17);
      block += "    " + where + " recorded " + pad(std::string(to_string(c.recorded)), 17) + "recomputed " +
               pad(c.computed ? std::string(to_string(*c.computed)) : "-", 17) + std::string(to_string(c.category)) +
               "\n      " + c.explanation + "\n";
    }
    if (!block.empty()) out->append("\n" + t.subject + "\n  " + t.reader + " recorded vs recomputed\n" + block);
  }
  for (const IrecistStatistics& s : r.statistics) {
    out->append("\n" + s.source_a + " vs " + s.source_b + " (iRECIST)\n");
    auto line = [&](const char* what, const IAgreementTable& t) {
      out->append("  " + pad(what, 15) + "agree " + proportion_text(t.agreement) + "; " + kappa_text(t.kappa) + "\n");
    };
    line("time points", s.timepoints);
    line("iBOR", s.ibor);
    line("confirmed iBOR", s.confirmed_ibor);
  }
}

void write_table(const CompareResult& r, const IrecistCompareResult* ir, const Profile& p,
                 std::span<const InputError> errors, std::string* out) {
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
    if (rc.bor_a != rc.bor_b)
      block += "    BOR               " + pad(code(rc.bor_a), 14) + "vs " + code(rc.bor_b) + "\n";
    if (rc.confirmed_bor_a != rc.confirmed_bor_b)
      block += "    confirmed BOR     " + pad(code(rc.confirmed_bor_a), 14) + "vs " + code(rc.confirmed_bor_b) + "\n";
    if (!pd_agrees(rc))
      block += "    PD date           " + pad(date_or_dash(rc.pd_date_a), 14) + "vs " +
               pad(date_or_dash(rc.pd_date_b), 14) + pd_timing_text(rc) + "\n";
    if (!block.empty()) by_subject[rc.subject] += "  " + rc.reader_a + " vs " + rc.reader_b + "\n" + block;
  }
  const std::size_t n = r.disagreements();
  out->append("\n== " + std::to_string(n) + " disagreement" + (n == 1 ? "" : "s") +
              (n ? ", by subject\n" : ": every recorded response and every reader agree\n"));
  for (const auto& [subject, text] : by_subject) out->append("\n" + subject + "\n" + text);

  out->append("\n== Agreement\n");
  for (const PairStatistics& s : r.statistics) table_statistics(s, out);
  if (ir) table_irecist(*ir, p, out);
  if (!errors.empty()) {
    out->append("\n== Input errors\n");
    for (const InputError& e : errors) out->append("  " + to_string(e) + "\n");
  }
}

}  // namespace

void write_compare(const CompareResult& result, OutputFormat format, const Profile& profile,
                   std::span<const InputError> errors, std::string* out) {
  write_compare(result, nullptr, format, profile, errors, out);
}

void write_compare(const CompareResult& result, const IrecistCompareResult* irecist, OutputFormat format,
                   const Profile& profile, std::span<const InputError> errors, std::string* out) {
  // Formats of results only (SDTM RS, ADRS) have no comparison form; the CLI refuses them.
  if (format == OutputFormat::Table) return write_table(result, irecist, profile, errors, out);
  if (format == OutputFormat::Csv) return write_csv(result, irecist, out);
  write_json(result, irecist, profile, errors, out);
}

}  // namespace recist::io
