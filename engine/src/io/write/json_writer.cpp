// SPEC 5.1: one object {"criteria", "profile", "tracks", "summary", "errors"}, fields in the SPEC's
// order, written one track at a time.
#include <cstdio>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "irecist_writing.hpp"
#include "recist/io/version.hpp"
#include "recist/io/write/writers.hpp"
#include "text_cursor.hpp"

namespace recist::io {
namespace {

/// A key: the SPEC's field names, which hold nothing to escape.
void key(std::string* out, std::string_view k) {
  out->push_back('"');
  out->append(k);
  out->append("\":");
}

/// A code (CR, NON-CR/NON-PD, YES …): nothing to escape either.
void code(std::string* out, std::string_view c) {
  out->push_back('"');
  out->append(c);
  out->push_back('"');
}

std::size_t find_escape(std::string_view s, std::size_t from);

void str(std::string* out, std::string_view k, std::string_view v) {
  key(out, k);
  append_json_string(out, v);
}

template <class T, class F>
void opt(std::string* out, std::string_view k, const std::optional<T>& v, F&& write) {
  key(out, k);
  if (v) write(*v);
  else out->append("null");
}

void date_or_null(std::string* out, std::string_view k, const std::optional<Date>& d) {
  opt(out, k, d, [&](Date v) {
    out->push_back('"');
    v.append_to(out);
    out->push_back('"');
  });
}

void mm_or_null(std::string* out, std::string_view k, const std::optional<Millimetres>& m) {
  opt(out, k, m, [&](Millimetres v) { v.append_to(out); });
}

void pct_or_null(std::string* out, std::string_view k, const std::optional<std::int64_t>& p) {
  opt(out, k, p, [&](std::int64_t v) { append_tenths(out, v); });
}


/// A JSON array of strings from a vector of strings or from Reasons.
template <class Strings>
void strings(std::string* out, std::string_view k, const Strings& v) {
  key(out, k);
  out->push_back('[');
  bool first = true;
  for (std::string_view item : v) {
    if (!first) out->push_back(',');
    first = false;
    append_json_string(out, item);
  }
  out->push_back(']');
}

/// Reasons as a JSON array: their text is searched for a byte to escape once, all sentences
/// together, and when there is none (nearly always) each sentence is copied between quotes.
void reasons(std::string* out, std::string_view k, const Reasons& r) {
  const std::string_view text = r.joined_text();
  if (find_escape(text, 0) != text.size()) return strings(out, k, r);
  key(out, k);
  out->reserve(out->size() + text.size() + 2 * r.size() + 2);
  out->push_back('[');
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i) out->push_back(',');
    code(out, r[i]);
  }
  out->push_back(']');
}

void number(std::string* out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  out->append(buf);
}

void proportion(std::string* out, std::string_view k, const Proportion& p) {
  key(out, k);
  out->append("{\"count\":" + std::to_string(p.count) + ",\"n\":" + std::to_string(p.n) + ",\"rate\":");
  number(out, p.rate);
  out->append(",\"ci_low\":");
  number(out, p.ci_low);
  out->append(",\"ci_high\":");
  number(out, p.ci_high);
  out->push_back('}');
}

void response_summary(std::string* out, std::string_view k, const ResponseSummary& s) {
  static constexpr std::string_view kNames[] = {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"};
  append_json_counts_summary(out, k, kNames, s.counts, {"orr", &s.orr}, {"dcr", &s.dcr});
}

}  // namespace

void append_json_counts_summary(std::string* out, std::string_view k, std::span<const std::string_view> names,
                                std::span<const int> counts, NamedProportion orr, NamedProportion dcr) {
  key(out, k);
  out->append("{\"counts\":{");
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (i) out->push_back(',');
    key(out, names[i]);
    out->append(std::to_string(counts[i]));
  }
  out->append("},");
  proportion(out, orr.key, *orr.value);
  out->push_back(',');
  proportion(out, dcr.key, *dcr.value);
  out->push_back('}');
}

void append_json_finding(std::string* out, const Finding& f) {
  out->push_back('{');
  str(out, "severity", to_string(f.severity));
  out->push_back(',');
  str(out, "code", f.code);
  out->push_back(',');
  key(out, "lesion");
  if (f.lesion.empty()) out->append("null");
  else append_json_string(out, f.lesion);
  out->push_back(',');
  str(out, "message", f.message);
  out->push_back('}');
}

namespace {

/// A JSON string at the cursor: copied between quotes when `plain` (nothing to escape), else
/// escaped (room: 6 bytes a byte, the longest escape being \u00XX).
void json_string(TextCursor& c, std::string_view s, bool plain) {
  if (plain) {
    c << '"' << s << '"';
    return;
  }
  std::string escaped;
  append_json_string(&escaped, s);
  c << escaped;
}

template <class T>
TextCursor& or_null(TextCursor& c, const std::optional<T>& v) {
  if (v) c << *v;
  else c << "null";
  return c;
}

TextCursor& code_or_null(TextCursor& c, const std::optional<Response>& r) {
  if (r) c << '"' << padded(*r) << '"';
  else c << "null";
  return c;
}

TextCursor& tenths_or_null(TextCursor& c, const std::optional<std::int64_t>& t) {
  if (t) c.tenths(*t);
  else c << "null";
  return c;
}

/// The room of a time point's object but for its visit and reasons: its keys and punctuation
/// (about 200 bytes), a date, a day, four numbers (TextCursor::kNumberRoom each) and five codes
/// (16 bytes each, the longest copy) between quotes, with some to spare.
constexpr std::size_t kTimepointRoom = 512;

/// A time point's object, written through a TextCursor (there is one for every time point).
void timepoint(std::string* out, std::string* scratch, const TimepointResult& tp) {
  const std::string_view text = tp.reasons.joined_text();
  const bool plain_visit = find_escape(tp.visit, 0) == tp.visit.size();
  const bool plain_reasons = find_escape(text, 0) == text.size();
  TextCursor c(out, scratch, kTimepointRoom + (plain_visit ? 1 : 6) * tp.visit.size() + (plain_reasons ? 1 : 6) * text.size() +
                        3 * tp.reasons.size());
  c << "{\"date\":\"" << tp.date << "\",";
  if (tp.date_imputed) c << "\"adtf\":\"D\",";  // impute-partial-dates = admiral (issue 28)
  c << "\"visit\":";
  if (tp.visit.empty()) c << "null";
  else json_string(c, tp.visit, plain_visit);
  c << ",\"day\":";
  c.integer(tp.day);
  or_null(c << ",\"sum_mm\":", tp.sum);
  tenths_or_null(c << ",\"pct_from_baseline\":", tp.pct_from_baseline);
  or_null(c << ",\"nadir_mm\":", tp.nadir);
  tenths_or_null(c << ",\"pct_from_nadir\":", tp.pct_from_nadir);
  code_or_null(c << ",\"target\":", tp.target);
  code_or_null(c << ",\"non_target\":", tp.non_target);
  c << ",\"new_lesions\":";
  if (tp.new_lesions) c << '"' << padded(*tp.new_lesions) << '"';
  else c << "null";
  c << ",\"overall\":\"" << padded(tp.overall) << '"';
  code_or_null(c << ",\"reported\":", tp.reported);
  c << ",\"reasons\":[";
  for (std::size_t i = 0; i < tp.reasons.size(); ++i) {
    if (i) c << ',';
    json_string(c, tp.reasons[i], plain_reasons);
  }
  c << "]}";
}

class JsonWriter final : public ResultWriter {
 public:
  void begin(const Profile& p, std::string* out) override {
    out->append("{\"criteria\":\"RECIST 1.1\",\"profile\":{");
    out->append("\"confirm_min_days\":" + std::to_string(p.confirm_min_days));
    out->append(",\"sd_min_days\":" + std::to_string(p.sd_min_days));
    out->append(",\"max_ne_between\":" + std::to_string(p.max_ne_between));
    out->append(",\"too_small_mm\":" + p.too_small_mm.to_string() + ",");
    strings(out, "exclude_target_sites", p.exclude_target_sites);
    out->append(std::string(",\"keep_confirmed_pr\":") + (p.keep_confirmed_pr ? "true" : "false"));
    out->append(std::string(",\"require_confirmation\":") + (p.require_confirmation ? "true" : "false"));
    // Issue 30's protocol dates: written only when set, so outputs without them stay as they were.
    if (p.baseline_window_days) out->append(",\"baseline_window_days\":" + std::to_string(p.baseline_window_days));
    if (p.assessment_interval_days)
      out->append(",\"assessment_interval_days\":" + std::to_string(p.assessment_interval_days));
    if (p.criteria != Criteria::Recist) append_irecist_profile_json(out, p);
    admiralonco_ = p.convention == Convention::Admiralonco;
    if (admiralonco_) {
      out->append(std::string(",\"convention\":\"admiralonco\",\"accept_sd\":") + (p.accept_sd ? "true" : "false") +
                  ",\"missing_as_ne\":" + (p.missing_as_ne ? "true" : "false") + ",\"source_pd\":\"" +
                  (p.source_pd == SourcePd::FirstPd ? "first-pd" : "none") + "\"");
    }
    if (p.impute_partial_dates) out->append(",\"impute_partial_dates\":\"admiral\"");
    out->append("},\"tracks\":[");
  }

  void track(const TrackResult& t, std::string* out) override {
    if (tracks_++) out->push_back(',');
    out->append("\n{");
    str(out, "subject", t.subject);
    out->push_back(',');
    str(out, "reader", t.reader);
    out->push_back(',');
    date_or_null(out, "start_date", t.start_date);
    out->append(",\"baseline\":");
    if (t.baseline) {
      out->push_back('{');
      str(out, "date", t.baseline->date.to_string());
      out->push_back(',');
      mm_or_null(out, "sum_mm", t.baseline->sum);
      out->append(",\"targets\":" + std::to_string(t.baseline->targets) +
                  ",\"non_targets\":" + std::to_string(t.baseline->non_targets) + "}");
    } else {
      out->append("null");
    }
    out->append(",\"findings\":[");
    bool first = true;
    for (const auto* list : {&t.findings, &t.best.findings}) {
      for (const Finding& f : *list) {
        if (!first) out->push_back(',');
        first = false;
        append_json_finding(out, f);
      }
    }
    out->append("],\"timepoints\":[");
    for (std::size_t i = 0; i < t.timepoints.size(); ++i) {
      if (i) out->push_back(',');
      timepoint(out, &scratch_, t.timepoints[i]);
    }
    out->append("],");
    const BestResponse& b = t.best;
    str(out, "bor", to_string(b.bor));
    out->push_back(',');
    str(out, "confirmed_bor", to_string(b.confirmed_bor));
    out->push_back(',');
    if (admiralonco_) {  // the dates of admiralonco's BOR and CBOR records (ADT)
      date_or_null(out, "bor_date", b.bor_date);
      out->push_back(',');
      date_or_null(out, "confirmed_bor_date", b.confirmed_bor_date);
      out->push_back(',');
    }
    date_or_null(out, "first_response_date", b.first_response_date);
    out->push_back(',');
    date_or_null(out, "confirmation_date", b.confirmation_date);
    out->push_back(',');
    date_or_null(out, "pd_date", b.pd_date);
    out->push_back(',');
    pct_or_null(out, "best_pct_change", b.best_pct_change);
    out->append(",\"duration_of_response\":");
    if (b.duration_of_response_days) {
      out->append("{\"days\":" + std::to_string(*b.duration_of_response_days) + ",\"censored\":" +
                  (b.duration_of_response_censored ? "true" : "false") + "}");
    } else {
      out->append("null");
    }
    out->append(std::string(",\"eligible\":") + (t.has_measurable_target ? "true" : "false") + ",");
    reasons(out, "reasons", b.reasons);
    if (t.irecist) append_irecist_track_json(out, *t.irecist);
    out->push_back('}');
  }

  void end(const TrialSummary* s, std::span<const InputError> errors, std::string* out) override {
    out->append("\n],\"summary\":");
    if (s) {
      out->append(std::string("{\"primary\":\"") + (s->primary_is_confirmed ? "confirmed" : "unconfirmed") +
                  "\",\"readers\":[");
      for (std::size_t i = 0; i < s->readers.size(); ++i) {
        const ReaderSummary& r = s->readers[i];
        if (i) out->push_back(',');
        out->push_back('{');
        str(out, "reader", r.reader);
        out->append(",\"tracks\":" + std::to_string(r.tracks) + ",\"n\":" + std::to_string(r.n) + ",");
        strings(out, "failing_eligibility", r.failing_eligibility);
        out->push_back(',');
        response_summary(out, "confirmed", r.confirmed);
        out->push_back(',');
        response_summary(out, "unconfirmed", r.unconfirmed);
        append_irecist_summary_json(out, r);
        out->push_back('}');
      }
      out->append("]}");
    } else {
      out->append("null");
    }
    out->append(",\"errors\":");
    append_json_errors(out, errors);
    out->push_back(',');
    append_json_producer(out);  // which build wrote this (recist --version)
    out->append("}\n");
  }

 private:
  bool admiralonco_ = false;  // convention = admiralonco: the BOR dates are written
  std::size_t tracks_ = 0;
  std::string scratch_;  // a time point's object before it goes to the output (TextCursor)
};

}  // namespace

namespace {

/// The length of the well-formed UTF-8 sequence at `s[i]`, a byte ≥ 0x80 (Unicode table 3-7:
/// no overlong form, no surrogate, nothing above U+10FFFF); 0 when it is ill-formed.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const unsigned c = at(0);
  const auto tail = [&](std::size_t k) { return (at(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return tail(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return at(1) >= lo && at(1) <= hi && tail(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    return at(1) >= lo && at(1) <= hi && tail(2) && tail(3) ? 4 : 0;
  }
  return 0;
}

/// The offset of the first byte from `from` on that JSON must escape (a quote, a backslash or a
/// control character) or replace (one not part of well-formed UTF-8: RFC 8259 §8.1 asks for UTF-8,
/// and the readers pass an input's bytes through), `s.size()` when none: 16 bytes at a time where
/// SSE2 is there, since reasons are long and rarely hold one.
std::size_t find_escape(std::string_view s, std::size_t from) {
  std::size_t i = from;
  for (;;) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), control = _mm_set1_epi8(0x1F);
    for (; i + 16 <= s.size(); i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      // Unsigned v ≤ 0x1F ⇔ max(v, 0x1F) == 0x1F; a byte ≥ 0x80 has its top bit set.
      const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                       _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(v, control), control), v));
      if (const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(hit))) {
        i += static_cast<std::size_t>(__builtin_ctz(mask));
        break;
      }
    }
#endif
    for (; i < s.size(); ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
    }
    if (i == s.size() || static_cast<unsigned char>(s[i]) < 0x80) return i;
    const std::size_t n = utf8_sequence(s, i);  // a character such as "≤" of the reasons: copied
    if (n == 0) return i;
    i += n;
  }
}

}  // namespace

void append_json_string(std::string* out, std::string_view s) {
  out->push_back('"');
  // Runs of characters that need no escape are copied at once (reasons are long).
  for (std::size_t run = 0;;) {
    const std::size_t i = find_escape(s, run);
    out->append(s.data() + run, i - run);
    if (i == s.size()) break;
    const char c = s[i];
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) >= 0x80) {  // not UTF-8 (find_escape): U+FFFD, the replacement character
          out->append("\\ufffd");
          break;
        }
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out->append(buf);
    }
  }
  out->push_back('"');
}

void append_json_errors(std::string* out, std::span<const InputError> errors) {
  out->push_back('[');
  for (std::size_t i = 0; i < errors.size(); ++i) {
    const InputError& e = errors[i];
    if (i) out->push_back(',');
    out->append("\n{");
    str(out, "file", e.file);
    out->append(",\"line\":" + std::to_string(e.line) + ",");
    key(out, "column");
    if (e.column.empty()) out->append("null");
    else append_json_string(out, e.column);
    out->push_back(',');
    str(out, "message", e.message);
    out->push_back('}');
  }
  out->push_back(']');
}

std::unique_ptr<ResultWriter> make_json_writer() { return std::make_unique<JsonWriter>(); }

}  // namespace recist::io
