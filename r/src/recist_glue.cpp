// The R package's one bridge to the engine (r/README.md): a data frame's columns become the
// engine's Tracks through the native CSV reader's own row parser and track builder (the same
// checks and messages as `recist assess`, SPEC 4.1), the engine assesses them (R6–R17) and the
// results come back as columns. Nothing here decides a response, and nothing is printed: errors
// and findings are returned, and the R side raises them as conditions.
#include <R_ext/Rdynload.h>
#include <Rcpp.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "batch/measurement_rows.hpp"
#include "io/read/reader_support.hpp"
#include "recist/assess.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/sdtm.hpp"
#include "recist/io/write/sdtm_writers.hpp"
#include "recist/io/write/writers.hpp"
#include "recist/summary.hpp"

namespace {

using namespace recist;
using namespace recist::io;

/// The shortest decimal text without exponent that reads back as `x` ("20", "12.5",
/// "0.30000000000000004"); "Inf", "-Inf" as R writes them.
std::string shortest_text(double x) {
  if (std::isinf(x)) return x > 0 ? "Inf" : "-Inf";
  char buf[400];
  for (int p = 0; p <= 20; ++p) {
    std::snprintf(buf, sizeof buf, "%.*f", p, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

/// A double as a diameter's text. The rule (SPEC §2, exact hundredths): x is taken when it is the
/// double nearest to h/100 for the whole number h = round(100·x), i.e. the double a text with at
/// most two decimals reads as; it is then written as that text. Any other double (23.456,
/// 0.1 + 0.2) is written with its shortest digits, which the field parser refuses with the CLI's
/// message ("at most two decimals").
std::string millimetre_text(double x) {
  const double h = std::nearbyint(x * 100.0);
  if (std::fabs(h) < 9.0e15 && h / 100.0 == x)
    return Millimetres::from_hundredths(static_cast<std::int64_t>(h)).to_string();
  return shortest_text(x);
}

/// One column of the data frame, read cell by cell as the text the CSV reader would have read.
struct Column {
  enum Kind { kText, kNumber, kInteger, kDays, kLogical };
  bool plain_numbers = false;  ///< SDTM: a number as its shortest digits (VISITNUM 1, TRSTRESN 12.5).
  SEXP x = R_NilValue;
  Kind kind = kText;
  std::string scratch;    ///< The text of the last formatted cell.
  double last = NA_REAL;  ///< kDays, kNumber: the value `scratch` is the text of (rows repeat dates).
  char text[Millimetres::kMaxText];

  std::string_view cell(R_xlen_t i) {
    switch (kind) {
      case kText: {
        SEXP s = STRING_ELT(x, i);
        if (s == NA_STRING) return {};
        return std::string_view(CHAR(s), static_cast<std::size_t>(LENGTH(s)));
      }
      case kNumber: {
        const double v = REAL(x)[i];
        if (ISNAN(v)) return {};
        if (plain_numbers) {
          scratch = shortest_text(v);
          return scratch;
        }
        const double h = std::nearbyint(v * 100.0);
        if (std::fabs(h) < 9.0e15 && h / 100.0 == v)  // millimetre_text(), without a string
          return std::string_view(text, Millimetres::from_hundredths(static_cast<std::int64_t>(h)).write(text));
        scratch = shortest_text(v);
        return scratch;
      }
      case kInteger: {
        const int v = INTEGER(x)[i];
        if (v == NA_INTEGER) return {};
        scratch = std::to_string(v);
        return scratch;
      }
      case kDays: {
        const double v = REAL(x)[i];
        if (ISNAN(v)) return {};
        if (v == last) return scratch;
        last = NA_REAL;
        if (v != std::floor(v) || std::fabs(v) > 2.0e9) {
          scratch = shortest_text(v);  // not a day: the date parser says what was expected
        } else {
          scratch = Date::from_days(static_cast<std::int32_t>(v)).to_string();
          last = v;
        }
        return scratch;
      }
      case kLogical: {
        const int v = LOGICAL(x)[i];
        if (v == NA_LOGICAL) return {};
        return v ? "Y" : "N";
      }
    }
    return {};
  }
};

Column::Kind kind_of(SEXP x, const std::string& name) {
  if (Rf_inherits(x, "Date")) return Column::kDays;
  switch (TYPEOF(x)) {
    case STRSXP:
      return Column::kText;
    case REALSXP:
      return Column::kNumber;
    case INTSXP:
      return Column::kInteger;
    case LGLSXP:
      return Column::kLogical;
    default:
      Rcpp::stop("column " + name + ": character, numeric, logical or Date values were expected");
  }
}

// ---- The profile ------------------------------------------------------------------------------

/// The profile of an R list made by recist_profile(): the keys are Profile's members, checked as
/// the CLI checks them (its messages, with the option's name).
Profile profile_of(Rcpp::List p) {
  Profile out;
  auto has = [&](const char* k) { return p.containsElementNamed(k) && !Rf_isNull(p[k]); };
  auto days = [&](const char* k, const char* option, std::int32_t* into) {
    if (!has(k)) return;
    const double v = Rcpp::as<double>(p[k]);
    if (v != std::floor(v) || v < 0 || v > 1e9)
      Rcpp::stop(std::string("--") + option + " must be a whole number ≥ 0, found " + shortest_text(v));
    *into = static_cast<std::int32_t>(v);
  };
  days("confirm_min_days", "confirm-min-days", &out.confirm_min_days);
  days("sd_min_days", "sd-min-days", &out.sd_min_days);
  days("max_ne_between", "max-ne-between", &out.max_ne_between);
  days("icpd_min_days", "icpd-min-days", &out.icpd_min_days);
  days("icpd_max_days", "icpd-max-days", &out.icpd_max_days);
  days("baseline_window_days", "baseline-window-days", &out.baseline_window_days);
  days("assessment_interval_days", "assessment-interval-days", &out.assessment_interval_days);
  if (has("impute_partial_dates")) {
    const std::string v = Rcpp::as<std::string>(p["impute_partial_dates"]);
    if (v == "admiral")
      out.impute_partial_dates = true;
    else if (v == "none")
      out.impute_partial_dates = false;
    else
      Rcpp::stop("--impute-partial-dates \"" + v + "\": expected none or admiral");
  }
  if (has("too_small_mm")) {
    SEXP v = p["too_small_mm"];
    const std::string text = TYPEOF(v) == STRSXP ? Rcpp::as<std::string>(v) : millimetre_text(Rcpp::as<double>(v));
    std::string why;
    const auto mm = parse_millimetres(text, &why);
    if (!mm) Rcpp::stop("--too-small-mm \"" + text + "\": " + why);
    out.too_small_mm = *mm;
  }
  if (has("exclude_target_sites")) {
    for (const std::string& s : Rcpp::as<std::vector<std::string>>(p["exclude_target_sites"]))
      out.exclude_target_sites.push_back(upper(s));
  }
  if (has("keep_confirmed_pr")) out.keep_confirmed_pr = Rcpp::as<bool>(p["keep_confirmed_pr"]);
  if (has("require_confirmation")) out.require_confirmation = Rcpp::as<bool>(p["require_confirmation"]);
  if (has("convention")) {
    const std::string c = Rcpp::as<std::string>(p["convention"]);
    if (c == "recist")
      out.convention = Convention::Recist;
    else if (c == "admiralonco")
      out.convention = Convention::Admiralonco;
    else
      Rcpp::stop("--convention \"" + c + "\": expected recist or admiralonco");
  }
  for (const char* k : {"accept_sd", "missing_as_ne", "source_pd"}) {
    if (has(k) && out.convention != Convention::Admiralonco) {
      std::string option = k;
      for (char& ch : option) ch = ch == '_' ? '-' : ch;
      Rcpp::stop("--" + option + " is an admiralonco argument: it needs --convention admiralonco");
    }
  }
  if (has("accept_sd")) out.accept_sd = Rcpp::as<bool>(p["accept_sd"]);
  if (has("missing_as_ne")) out.missing_as_ne = Rcpp::as<bool>(p["missing_as_ne"]);
  if (has("source_pd")) {
    const std::string s = Rcpp::as<std::string>(p["source_pd"]);
    if (s == "first-pd")
      out.source_pd = SourcePd::FirstPd;
    else if (s == "none")
      out.source_pd = SourcePd::None;
    else
      Rcpp::stop("--source-pd \"" + s + "\": expected first-pd or none");
  }
  if (out.icpd_max_days < out.icpd_min_days)
    Rcpp::stop("--icpd-max-days " + std::to_string(out.icpd_max_days) + " is less than --icpd-min-days " +
               std::to_string(out.icpd_min_days));
  return out;
}

/// Whether recist_assess() asked for the ADRS text (the profile list's `.adrs`, set by the R side).
bool profile_wants_adrs(SEXP profile) {
  Rcpp::List p(profile);
  return p.containsElementNamed(".adrs") && Rcpp::as<bool>(p[".adrs"]);
}

// ---- Results as columns -----------------------------------------------------------------------

/// A character column, grown as a protected STRSXP (so that each new CHARSXP is protected as soon
/// as it is in it), and without a new CHARSXP for the codes it repeats.
class Strings {
 public:
  Strings() { grow(64); }
  Strings(const Strings&) = delete;
  Strings& operator=(const Strings&) = delete;
  ~Strings() { R_ReleaseObject(v_); }
  void push(std::string_view s) { push_sexp(Rf_mkCharLenCE(s.data(), static_cast<int>(s.size()), CE_UTF8)); }
  void push_sexp(SEXP s) {
    if (size_ == capacity_) grow(2 * capacity_);
    SET_STRING_ELT(v_, static_cast<R_xlen_t>(size_++), s);
  }
  void na() { push_sexp(NA_STRING); }
  void code(std::string_view s) {
    auto it = codes_.find(s);
    if (it == codes_.end()) {
      push(s);
      codes_.emplace(std::string(s), STRING_ELT(v_, static_cast<R_xlen_t>(size_ - 1)));
      return;
    }
    push_sexp(it->second);  // still held by the column, where it was first pushed
  }
  template <class T>
  void code_or_na(const std::optional<T>& r) {
    if (r)
      code(to_string(*r));
    else
      na();
  }
  std::size_t size() const { return size_; }
  SEXP last() const { return STRING_ELT(v_, static_cast<R_xlen_t>(size_ - 1)); }
  /// The column, of its size.
  SEXP column() const {
    SEXP out = PROTECT(Rf_allocVector(STRSXP, static_cast<R_xlen_t>(size_)));
    for (std::size_t i = 0; i < size_; ++i)
      SET_STRING_ELT(out, static_cast<R_xlen_t>(i), STRING_ELT(v_, static_cast<R_xlen_t>(i)));
    UNPROTECT(1);
    return out;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void grow(std::size_t capacity) {
    SEXP bigger = Rf_allocVector(STRSXP, static_cast<R_xlen_t>(capacity));
    R_PreserveObject(bigger);
    for (std::size_t i = 0; i < size_; ++i)
      SET_STRING_ELT(bigger, static_cast<R_xlen_t>(i), STRING_ELT(v_, static_cast<R_xlen_t>(i)));
    if (capacity_) R_ReleaseObject(v_);
    v_ = bigger;
    capacity_ = capacity;
  }
  SEXP v_ = R_NilValue;
  std::size_t size_ = 0, capacity_ = 0;
  std::unordered_map<std::string, SEXP, Hash, std::equal_to<>> codes_;
};

/// Numbers and dates kept as doubles (NA for none), logicals and integers as ints.
struct Doubles {
  std::vector<double> v;
  void push(double x) { v.push_back(x); }
  void na() { v.push_back(NA_REAL); }
  void mm(const std::optional<Millimetres>& m) {
    if (m)
      v.push_back(static_cast<double>(m->hundredths()) / 100.0);
    else
      na();
  }
  void tenths(const std::optional<std::int64_t>& t) {
    if (t)
      v.push_back(static_cast<double>(*t) / 10.0);
    else
      na();
  }
  void date(const std::optional<Date>& d) {
    if (d)
      v.push_back(d->days_since_epoch());
    else
      na();
  }
};

struct Ints {
  std::vector<int> v;
  void push(int x) { v.push_back(x); }
  void na() { v.push_back(NA_INTEGER); }
};

/// A data frame under construction: its columns in order.
class Frame {
 public:
  Strings& strings(const char* name) {
    names_.push_back(name);
    kinds_.push_back('s');
    strings_.emplace_back();
    index_.push_back(strings_.size() - 1);
    return strings_.back();
  }
  Doubles& doubles(const char* name, bool date = false) {
    names_.push_back(name);
    kinds_.push_back(date ? 'd' : 'n');
    doubles_.emplace_back();
    index_.push_back(doubles_.size() - 1);
    return doubles_.back();
  }
  Ints& ints(const char* name, bool logical = false) {
    names_.push_back(name);
    kinds_.push_back(logical ? 'l' : 'i');
    ints_.emplace_back();
    index_.push_back(ints_.size() - 1);
    return ints_.back();
  }
  Rcpp::List list(R_xlen_t rows) {
    Rcpp::List out(names_.size());
    for (std::size_t c = 0; c < names_.size(); ++c) {
      const std::size_t k = index_[c];
      switch (kinds_[c]) {
        case 's': {
          out[c] = strings_[k].column();
          break;
        }
        case 'n':
        case 'd': {
          Rcpp::NumericVector v(doubles_[k].v.begin(), doubles_[k].v.end());
          if (kinds_[c] == 'd') v.attr("class") = "Date";
          out[c] = v;
          break;
        }
        case 'i':
          out[c] = Rcpp::IntegerVector(ints_[k].v.begin(), ints_[k].v.end());
          break;
        case 'l': {
          Rcpp::LogicalVector v(rows);
          for (R_xlen_t i = 0; i < rows; ++i) v[i] = ints_[k].v[static_cast<std::size_t>(i)];
          out[c] = v;
          break;
        }
      }
    }
    out.attr("names") = Rcpp::CharacterVector(names_.begin(), names_.end());
    out.attr("class") = "data.frame";
    out.attr("row.names") = Rcpp::IntegerVector::create(NA_INTEGER, -static_cast<int>(rows));
    return out;
  }

 private:
  std::vector<std::string> names_;
  std::vector<char> kinds_;
  std::vector<std::size_t> index_;
  std::deque<Strings> strings_;
  std::deque<Doubles> doubles_;
  std::deque<Ints> ints_;
};

/// The tracks' results, written column by column.
class ResultColumns {
 public:
  explicit ResultColumns(bool admiralonco, bool with_reasons)
      : admiralonco_(admiralonco), with_reasons_(with_reasons) {}

  void add(const TrackResult& t) {
    // The track's row first: its columns hold (protect) the subject's and reader's CHARSXPs.
    tr_subject.push(t.subject);
    tr_reader.code(t.reader);
    SEXP subject = tr_subject.last();
    SEXP reader = tr_reader.last();
    for (const TimepointResult& tp : t.timepoints) {
      tp_subject.push_sexp(subject);
      tp_reader.push_sexp(reader);
      tp_date.date(tp.date);
      if (tp.visit.empty())
        tp_visit.na();
      else
        tp_visit.code(tp.visit);
      tp_day.push(tp.day);
      tp_sum.mm(tp.sum);
      tp_pct_baseline.tenths(tp.pct_from_baseline);
      tp_nadir.mm(tp.nadir);
      tp_pct_nadir.tenths(tp.pct_from_nadir);
      tp_target.code_or_na(tp.target);
      tp_non_target.code_or_na(tp.non_target);
      tp_new.code_or_na(tp.new_lesions);
      tp_overall.code(to_string(tp.overall));
      tp_reported.code_or_na(tp.reported);
      if (with_reasons_) reasons(subject, reader, tp.date, "timepoint", tp.reasons);
    }
    const BestResponse& b = t.best;
    tr_start.date(t.start_date);
    if (t.baseline) {
      tr_baseline_date.date(t.baseline->date);
      tr_baseline_sum.mm(t.baseline->sum);
      tr_targets.push(t.baseline->targets);
      tr_non_targets.push(t.baseline->non_targets);
    } else {
      tr_baseline_date.na();
      tr_baseline_sum.na();
      tr_targets.na();
      tr_non_targets.na();
    }
    tr_bor.code(to_string(b.bor));
    tr_cbor.code(to_string(b.confirmed_bor));
    tr_bor_date.date(b.bor_date);
    tr_cbor_date.date(b.confirmed_bor_date);
    tr_first_response.date(b.first_response_date);
    tr_confirmation.date(b.confirmation_date);
    tr_pd.date(b.pd_date);
    tr_best_pct.tenths(b.best_pct_change);
    if (b.duration_of_response_days) {
      tr_dor.push(*b.duration_of_response_days);
      tr_dor_censored.push(b.duration_of_response_censored);
    } else {
      tr_dor.na();
      tr_dor_censored.na();
    }
    tr_eligible.push(t.has_measurable_target);
    if (with_reasons_) reasons(subject, reader, std::nullopt, "track", b.reasons);
    for (const auto* list : {&t.findings, &b.findings}) {
      for (const Finding& f : *list) {
        fd_subject.push_sexp(subject);
        fd_reader.push_sexp(reader);
        fd_severity.code(to_string(f.severity));
        fd_code.code(f.code);
        if (f.lesion.empty())
          fd_lesion.na();
        else
          fd_lesion.push(f.lesion);
        fd_message.push(f.message);
        ++findings_;
      }
    }
    ++tracks_;
  }

  Rcpp::List timepoints() { return tp_.list(static_cast<R_xlen_t>(tp_overall.size())); }
  Rcpp::List tracks() { return tr_.list(static_cast<R_xlen_t>(tracks_)); }
  Rcpp::List reasons() { return rs_.list(static_cast<R_xlen_t>(reasons_)); }
  Rcpp::List findings() { return fd_.list(static_cast<R_xlen_t>(findings_)); }

 private:
  void reasons(SEXP subject, SEXP reader, std::optional<Date> date, std::string_view level, const Reasons& r) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      rs_subject.push_sexp(subject);
      rs_reader.push_sexp(reader);
      rs_level.code(level);
      rs_date.date(date);
      rs_n.push(static_cast<int>(i + 1));
      rs_reason.push(r[i]);
      ++reasons_;
    }
  }

  bool admiralonco_;
  bool with_reasons_;
  std::size_t tracks_ = 0, reasons_ = 0, findings_ = 0;
  Frame tp_, tr_, rs_, fd_;

 public:
  Strings& tp_subject = tp_.strings("subject");
  Strings& tp_reader = tp_.strings("reader");
  Doubles& tp_date = tp_.doubles("date", true);
  Strings& tp_visit = tp_.strings("visit");
  Ints& tp_day = tp_.ints("day");
  Doubles& tp_sum = tp_.doubles("sum_mm");
  Doubles& tp_pct_baseline = tp_.doubles("pct_from_baseline");
  Doubles& tp_nadir = tp_.doubles("nadir_mm");
  Doubles& tp_pct_nadir = tp_.doubles("pct_from_nadir");
  Strings& tp_target = tp_.strings("target");
  Strings& tp_non_target = tp_.strings("non_target");
  Strings& tp_new = tp_.strings("new_lesions");
  Strings& tp_overall = tp_.strings("overall");
  Strings& tp_reported = tp_.strings("reported");

  Strings& tr_subject = tr_.strings("subject");
  Strings& tr_reader = tr_.strings("reader");
  Doubles& tr_start = tr_.doubles("start_date", true);
  Doubles& tr_baseline_date = tr_.doubles("baseline_date", true);
  Doubles& tr_baseline_sum = tr_.doubles("baseline_sum_mm");
  Ints& tr_targets = tr_.ints("targets");
  Ints& tr_non_targets = tr_.ints("non_targets");
  Strings& tr_bor = tr_.strings("bor");
  Strings& tr_cbor = tr_.strings("confirmed_bor");
  Doubles& tr_bor_date = tr_.doubles("bor_date", true);
  Doubles& tr_cbor_date = tr_.doubles("confirmed_bor_date", true);
  Doubles& tr_first_response = tr_.doubles("first_response_date", true);
  Doubles& tr_confirmation = tr_.doubles("confirmation_date", true);
  Doubles& tr_pd = tr_.doubles("pd_date", true);
  Doubles& tr_best_pct = tr_.doubles("best_pct_change");
  Ints& tr_dor = tr_.ints("duration_of_response_days");
  Ints& tr_dor_censored = tr_.ints("duration_of_response_censored", true);
  Ints& tr_eligible = tr_.ints("eligible", true);

  Strings& rs_subject = rs_.strings("subject");
  Strings& rs_reader = rs_.strings("reader");
  Strings& rs_level = rs_.strings("level");
  Doubles& rs_date = rs_.doubles("date", true);
  Ints& rs_n = rs_.ints("n");
  Strings& rs_reason = rs_.strings("reason");

  Strings& fd_subject = fd_.strings("subject");
  Strings& fd_reader = fd_.strings("reader");
  Strings& fd_severity = fd_.strings("severity");
  Strings& fd_code = fd_.strings("code");
  Strings& fd_lesion = fd_.strings("lesion");
  Strings& fd_message = fd_.strings("message");
};

Rcpp::List errors_frame(const std::vector<InputError>& errors, std::int64_t line_offset) {
  Frame f;
  Strings& file = f.strings("file");
  Ints& line = f.ints("line");
  Ints& row = f.ints("row");
  Strings& column = f.strings("column");
  Strings& message = f.strings("message");
  Strings& subject = f.strings("subject");
  Strings& text = f.strings("text");
  for (const InputError& e : errors) {
    file.push(e.file);
    line.push(static_cast<int>(e.line));
    if (e.line > line_offset)
      row.push(static_cast<int>(e.line - line_offset));
    else
      row.na();
    if (e.column.empty())
      column.na();
    else
      column.push(e.column);
    message.push(e.message);
    if (e.subject.empty())
      subject.na();
    else
      subject.push(e.subject);
    text.push(to_string(e));
  }
  return f.list(static_cast<R_xlen_t>(errors.size()));
}

Rcpp::List summary_frame(const TrialSummary& s) {
  Frame f;
  Strings& reader = f.strings("reader");
  Strings& kind = f.strings("kind");
  Ints& tracks = f.ints("tracks");
  Ints& n = f.ints("n");
  Ints* counts[6];
  static constexpr const char* kNames[] = {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"};
  for (int i = 0; i < 6; ++i) counts[i] = &f.ints(kNames[i]);
  Ints& orr_count = f.ints("orr_count");
  Doubles& orr = f.doubles("orr");
  Doubles& orr_low = f.doubles("orr_ci_low");
  Doubles& orr_high = f.doubles("orr_ci_high");
  Ints& dcr_count = f.ints("dcr_count");
  Doubles& dcr = f.doubles("dcr");
  Doubles& dcr_low = f.doubles("dcr_ci_low");
  Doubles& dcr_high = f.doubles("dcr_ci_high");
  Ints& primary = f.ints("primary", true);
  Strings& failing = f.strings("failing_eligibility");
  std::size_t rows = 0;
  for (const ReaderSummary& r : s.readers) {
    for (const bool confirmed : {true, false}) {
      const ResponseSummary& x = confirmed ? r.confirmed : r.unconfirmed;
      reader.push(r.reader);
      kind.code(confirmed ? "confirmed" : "unconfirmed");
      tracks.push(r.tracks);
      n.push(r.n);
      for (int i = 0; i < 6; ++i) counts[i]->push(x.counts[static_cast<std::size_t>(i)]);
      orr_count.push(x.orr.count);
      orr.push(x.orr.rate);
      orr_low.push(x.orr.ci_low);
      orr_high.push(x.orr.ci_high);
      dcr_count.push(x.dcr.count);
      dcr.push(x.dcr.rate);
      dcr_low.push(x.dcr.ci_low);
      dcr_high.push(x.dcr.ci_high);
      primary.push(confirmed == s.primary_is_confirmed);
      std::string subjects;
      for (const std::string& x : r.failing_eligibility) subjects += (subjects.empty() ? "" : ", ") + x;
      failing.push(subjects);
      ++rows;
    }
  }
  return f.list(static_cast<R_xlen_t>(rows));
}

// ---- Reading the columns ----------------------------------------------------------------------

/// The column names checked by the CSV reader's own header check (every name known, else the
/// nearest known one suggested; none twice; the required ones present), as one header line.
bool check_header(const Rcpp::CharacterVector& names, std::span<const std::string_view> known,
                  std::initializer_list<int> required, const std::string& file, const ReadOptions& options,
                  std::int64_t line_offset, int* at, std::size_t* width, std::vector<InputError>* errors) {
  std::string header;
  for (R_xlen_t c = 0; c < names.size(); ++c) {
    if (c) header.push_back(',');
    append_csv_field(&header, std::string(names[c]));
  }
  header.push_back('\n');
  Dataset found;
  ErrorSink sink(file, options, &found);
  CsvReader reader(header);
  CsvRecord record;
  const bool ok = read_header(reader, &record, known, required, sink, at, width);
  for (InputError& e : found.errors) e.line = line_offset > 0 ? 1 : 0;
  *errors = std::move(found.errors);
  return ok;
}

/// The columns of the data frame, each read as text.
std::vector<Column> columns_of(const Rcpp::List& columns, R_xlen_t* rows) {
  const Rcpp::CharacterVector names = columns.names();
  std::vector<Column> cols(static_cast<std::size_t>(names.size()));
  *rows = 0;
  for (R_xlen_t c = 0; c < names.size(); ++c) {
    cols[static_cast<std::size_t>(c)].x = columns[c];
    cols[static_cast<std::size_t>(c)].kind = kind_of(columns[c], std::string(names[c]));
    *rows = Rf_xlength(columns[c]);
  }
  return cols;
}

/// The errors of the rows, then those of the tracks (the CSV reader's order), up to the cap.
std::vector<InputError> merged_errors(std::initializer_list<const ErrorList*> lists, std::size_t cap,
                                      std::size_t* not_listed) {
  std::vector<InputError> errors;
  *not_listed = 0;
  for (const ErrorList* list : lists) {
    for (const ErrorList::Entry& e : list->listed()) {
      if (errors.size() < cap)
        errors.push_back(e.error);
      else
        ++*not_listed;
    }
    *not_listed += list->count() - list->listed().size();
  }
  return errors;
}

/// `--format adrs` of the tracks, written by the engine's own ADRS writer, when asked for.
class AdrsText {
 public:
  AdrsText(const Profile& profile, bool wanted) {
    if (!wanted) return;
    writer_ = make_adrs_writer();
    writer_->begin(profile, &text_);
  }
  void add(const TrackResult& t) {
    if (writer_) writer_->track(t, &text_);
  }
  SEXP finish() {
    if (!writer_) return R_NilValue;
    writer_->end(nullptr, {}, &text_);
    return Rcpp::wrap(text_);
  }

 private:
  std::unique_ptr<ResultWriter> writer_;
  std::string text_;
};

Rcpp::List result_list(ResultColumns& results, const SummaryBuilder& summary, const std::vector<InputError>& errors,
                       std::size_t not_listed, std::int64_t line_offset, AdrsText& adrs) {
  return Rcpp::List::create(Rcpp::Named("adrs") = adrs.finish(), Rcpp::Named("timepoints") = results.timepoints(),
                            Rcpp::Named("tracks") = results.tracks(), Rcpp::Named("reasons") = results.reasons(),
                            Rcpp::Named("findings") = results.findings(),
                            Rcpp::Named("errors") = errors_frame(errors, line_offset),
                            Rcpp::Named("errors_not_listed") = static_cast<double>(not_listed),
                            Rcpp::Named("summary") = summary_frame(summary.finish()), Rcpp::Named("fatal") = false);
}

/// The rows of one track, in input order.
struct PendingTrack {
  std::string subject, reader;
  std::vector<RowView> rows;
  bool bad = false;
};

SEXP assess_columns(SEXP columns_sexp, SEXP profile_sexp, SEXP file_sexp, SEXP line_offset_sexp, SEXP max_errors_sexp,
                    SEXP reasons_sexp) {
  Rcpp::List columns(columns_sexp);
  const Profile profile = profile_of(Rcpp::List(profile_sexp));
  const std::string file = Rcpp::as<std::string>(file_sexp);
  const std::int64_t line_offset = Rcpp::as<int>(line_offset_sexp);
  ReadOptions options;
  options.max_errors = static_cast<std::size_t>(Rcpp::as<double>(max_errors_sexp));
  const bool with_reasons = Rcpp::as<bool>(reasons_sexp);

  const Rcpp::CharacterVector names = columns.names();
  MeasurementLayout layout;
  std::vector<InputError> header_errors;
  if (!check_header(names, kMeasurementColumns, {kSubject, kDate, kLesion}, file, options, line_offset,
                    layout.at.data(), &layout.width, &header_errors)) {
    return Rcpp::List::create(Rcpp::Named("errors") = errors_frame(header_errors, line_offset),
                              Rcpp::Named("fatal") = true);
  }

  R_xlen_t rows = 0;
  std::vector<Column> cols = columns_of(columns, &rows);
  // A text field the rows keep (lesion, site, visit) formatted from a number must be copied.
  bool copies = false;
  for (MeasurementColumn c : {kLesion, kSite, kVisit})
    if (layout.at[c] >= 0 && cols[static_cast<std::size_t>(layout.at[c])].kind != Column::kText) copies = true;

  RowParser parser(layout);
  ErrorList row_errors(&file, options.max_errors);
  std::vector<PendingTrack> pending;
  std::unordered_map<std::string, std::size_t> by_key;
  std::string key;
  bool has_current = false;
  std::size_t current_index = 0;
  CsvRecord rec;
  rec.unescaped = copies;
  for (R_xlen_t i = 0; i < rows; ++i) {
    rec.fields.clear();
    for (Column& c : cols) rec.fields.push_back(c.cell(i));
    rec.line = i + 1 + line_offset;
    std::string_view s, r;
    if (!track_of_record(rec, layout.at[kSubject], layout.at[kReader], &s, &r)) {
      row_errors.add(rec.line, rec.line, "subject", "empty: a subject id was expected", "");
      continue;
    }
    // Rows of one track usually follow each other: the map is asked only when the track changes.
    if (!has_current || s != pending[current_index].subject || r != pending[current_index].reader) {
      make_track_key(s, r, &key);
      auto [it, is_new] = by_key.try_emplace(key, pending.size());
      if (is_new) pending.push_back(PendingTrack{std::string(s), std::string(r), {}, false});
      current_index = it->second;
    }
    PendingTrack& t = pending[current_index];
    has_current = true;
    t.rows.emplace_back();
    if (!parser.parse(rec, t.subject, row_errors, &t.rows.back())) {
      t.rows.pop_back();
      t.bad = true;
    }
  }

  // Each track built as the CSV reader builds it (SPEC 4.1), then assessed (R1–R17).
  ResultColumns results(profile.convention == Convention::Admiralonco, with_reasons);
  SummaryBuilder summary(profile);
  AdrsText adrs(profile, profile_wants_adrs(profile_sexp));
  TrackBuilder builder;
  ErrorList build_errors(&file, options.max_errors);
  Track track;
  for (std::size_t k = 0; k < pending.size(); ++k) {
    PendingTrack& t = pending[k];
    const bool ok = builder.build(t.subject, t.reader, t.rows, build_errors, static_cast<std::int64_t>(k), &track);
    t.rows = {};
    if (!ok || t.bad) continue;
    const TrackResult result = assess(track, profile);
    summary.add(result);
    results.add(result);
    adrs.add(result);
  }
  parser.clear_storage();

  std::size_t not_listed = 0;
  const std::vector<InputError> errors = merged_errors({&row_errors, &build_errors}, options.max_errors, &not_listed);
  return result_list(results, summary, errors, not_listed, line_offset, adrs);
}

/// Recorded time-point responses (SPEC 4.2): each row's fields parsed and checked with the
/// messages of read_recorded_csv, each track built by its build_recorded_track (R14–R17 only).
SEXP assess_recorded_columns(SEXP columns_sexp, SEXP profile_sexp, SEXP file_sexp, SEXP line_offset_sexp,
                             SEXP max_errors_sexp, SEXP reasons_sexp) {
  enum { rSubject, rDate, rResponse, rReader, rStart, rVisit, rCount };
  Rcpp::List columns(columns_sexp);
  const Profile profile = profile_of(Rcpp::List(profile_sexp));
  const std::string file = Rcpp::as<std::string>(file_sexp);
  const std::int64_t line_offset = Rcpp::as<int>(line_offset_sexp);
  ReadOptions options;
  options.max_errors = static_cast<std::size_t>(Rcpp::as<double>(max_errors_sexp));
  options.admiralonco_codes = profile.convention == Convention::Admiralonco;
  const Rcpp::CharacterVector names = columns.names();
  std::array<int, rCount> at{};
  std::size_t width = 0;
  std::vector<InputError> header_errors;
  if (!check_header(names, kRecordedColumns, {rSubject, rDate, rResponse}, file, options, line_offset, at.data(),
                    &width, &header_errors)) {
    return Rcpp::List::create(Rcpp::Named("errors") = errors_frame(header_errors, line_offset),
                              Rcpp::Named("fatal") = true);
  }
  R_xlen_t rows = 0;
  std::vector<Column> cols = columns_of(columns, &rows);
  ErrorList row_errors(&file, options.max_errors);
  struct Pending {
    std::string subject, reader;
    std::vector<RecordedRow> rows;
    bool bad = false;
  };
  std::unordered_map<std::string, std::size_t> track_of;
  std::vector<Pending> pending;
  for (R_xlen_t i = 0; i < rows; ++i) {
    const std::int64_t line = i + 1 + line_offset;
    auto field = [&](int c) { return c < 0 ? std::string_view() : trim(cols[static_cast<std::size_t>(c)].cell(i)); };
    const std::string subject(field(at[rSubject]));
    if (subject.empty()) {
      row_errors.add(line, line, "subject", "empty: a subject id was expected", "");
      continue;
    }
    std::string reader_name(field(at[rReader]));
    if (reader_name.empty()) reader_name = std::string(kDefaultReader);
    auto [it, added] = track_of.try_emplace(subject + '\x1f' + reader_name, pending.size());
    if (added) pending.push_back(Pending{subject, reader_name, {}, false});
    Pending& p = pending[it->second];
    RecordedRow row{line, Date(), std::nullopt, std::nullopt, std::string(field(at[rVisit]))};
    bool ok = true;
    for (auto [column, text] : {std::pair{"subject", std::string_view(subject)},
                                {"reader", std::string_view(reader_name)},
                                {"visit", std::string_view(row.visit)}}) {
      if (const std::size_t c = find_control(text); c != std::string_view::npos) {
        row_errors.add(line, line, column, control_message(text, c), subject);
        ok = false;
      }
    }
    std::string message;
    if (auto d = date_field(field(at[rDate]), &message)) {
      row.date = *d;
    } else {
      row_errors.add(line, line, "date", message, subject);
      ok = false;
    }
    if (const std::string_view v = field(at[rResponse]); !v.empty()) {
      row.response = parse_response(v);
      if (!row.response && options.admiralonco_codes) row.response = parse_admiralonco_response(v);
      if (!row.response || *row.response == Response::NA) {
        row_errors.add(line, line, "response",
                       "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected) +
                           (options.admiralonco_codes ? ", ND, MISSING" : ""),
                       subject);
        ok = false;
      }
    }
    if (const std::string_view v = field(at[rStart]); !v.empty()) {
      row.start = date_field(v, &message);
      if (!row.start) {
        row_errors.add(line, line, "start_date", message, subject);
        ok = false;
      }
    }
    if (!ok) {
      p.bad = true;
      continue;
    }
    p.rows.push_back(std::move(row));
  }
  ResultColumns results(profile.convention == Convention::Admiralonco, Rcpp::as<bool>(reasons_sexp));
  SummaryBuilder summary(profile);
  AdrsText adrs(profile, profile_wants_adrs(profile_sexp));
  Dataset track_errors;
  ErrorSink sink(file, options, &track_errors);
  for (Pending& p : pending) {
    if (p.rows.empty()) continue;  // every row was bad, and said so
    RecordedTrack t;
    if (!build_recorded_track(p.subject, p.reader, p.rows.front().line, p.rows, sink, &t) || p.bad) continue;
    const TrackResult result = assess(t, profile);
    summary.add(result);
    results.add(result);
    adrs.add(result);
  }
  ErrorList build_errors(&file, options.max_errors);
  for (InputError& e : track_errors.errors) build_errors.add(0, e.line, e.column, e.message, e.subject);
  std::size_t not_listed = 0;
  const std::vector<InputError> errors = merged_errors({&row_errors, &build_errors}, options.max_errors, &not_listed);
  return result_list(results, summary, errors, not_listed + track_errors.errors_not_listed, line_offset, adrs);
}

/// SDTM domains as data frames (SPEC 4.3): each an SdtmTable of upper-case variable names and
/// text values, record numbers as the lines of the CSV they were read from (row + 1), mapped by
/// the engine's map_sdtm() into tracks, which are assessed.
SEXP assess_sdtm_tables(SEXP tables_sexp, SEXP profile_sexp, SEXP max_errors_sexp, SEXP reasons_sexp) {
  Rcpp::List tables(tables_sexp);
  const Profile profile = profile_of(Rcpp::List(profile_sexp));
  ReadOptions options;
  options.max_errors = static_cast<std::size_t>(Rcpp::as<double>(max_errors_sexp));
  SdtmTables in;
  const Rcpp::CharacterVector domains = tables.names();
  for (R_xlen_t d = 0; d < domains.size(); ++d) {
    const std::string domain(domains[d]);
    if (Rf_isNull(tables[d])) continue;
    Rcpp::List frame(tables[d]);
    R_xlen_t rows = 0;
    std::vector<Column> cols = columns_of(frame, &rows);
    for (Column& c : cols) c.plain_numbers = true;
    SdtmTable t;
    t.file = lower(domain);
    t.format = "data frame";
    const Rcpp::CharacterVector names = frame.names();
    for (R_xlen_t c = 0; c < names.size(); ++c) t.variables.push_back(upper(std::string(names[c])));
    t.records.resize(static_cast<std::size_t>(rows));
    for (R_xlen_t i = 0; i < rows; ++i) {
      SdtmTable::Record& r = t.records[static_cast<std::size_t>(i)];
      r.number = i + 2;
      for (Column& c : cols) r.push(trim(c.cell(i)));
    }
    if (domain == "tu")
      in.tu = std::move(t);
    else if (domain == "tr")
      in.tr = std::move(t);
    else if (domain == "rs")
      in.rs = std::move(t);
    else if (domain == "dm")
      in.dm = std::move(t);
    else if (domain == "supptu")
      in.supptu = std::move(t);
  }
  Dataset data;
  map_sdtm(in, options, &data);
  ResultColumns results(profile.convention == Convention::Admiralonco, Rcpp::as<bool>(reasons_sexp));
  SummaryBuilder summary(profile);
  AdrsText adrs(profile, profile_wants_adrs(profile_sexp));
  for (const Track& track : data.tracks) {
    const TrackResult result = assess(track, profile);
    summary.add(result);
    results.add(result);
    adrs.add(result);
  }
  if (data.fatal) {
    return Rcpp::List::create(Rcpp::Named("errors") = errors_frame(data.errors, 1), Rcpp::Named("fatal") = true);
  }
  return result_list(results, summary, data.errors, data.errors_not_listed, 1, adrs);
}

}  // namespace

extern "C" {

/// recist_assess(): the columns of SPEC 4.1 (a named list), the profile list, the name of the
/// input in errors, the line of the header (0 for a data frame's rows, 1 for a CSV read with
/// read.csv), the error cap and whether to return the reasons.
SEXP recist_assess_c(SEXP columns, SEXP profile, SEXP file, SEXP line_offset, SEXP max_errors, SEXP reasons) {
  BEGIN_RCPP
  return assess_columns(columns, profile, file, line_offset, max_errors, reasons);
  END_RCPP
}

/// recist_profile(): the profile list checked as the CLI checks its options (an R error if not).
SEXP recist_check_profile_c(SEXP profile) {
  BEGIN_RCPP
  profile_of(Rcpp::List(profile));
  return R_NilValue;
  END_RCPP
}

/// recist_assess() of recorded time-point responses (SPEC 4.2): the same arguments.
SEXP recist_assess_recorded_c(SEXP columns, SEXP profile, SEXP file, SEXP line_offset, SEXP max_errors, SEXP reasons) {
  BEGIN_RCPP
  return assess_recorded_columns(columns, profile, file, line_offset, max_errors, reasons);
  END_RCPP
}

/// recist_assess() of a recist_read_sdtm() object: the list of domain data frames (tu, tr, rs,
/// dm, supptu), the profile, the error cap and whether to return the reasons.
SEXP recist_assess_sdtm_c(SEXP tables, SEXP profile, SEXP max_errors, SEXP reasons) {
  BEGIN_RCPP
  return assess_sdtm_tables(tables, profile, max_errors, reasons);
  END_RCPP
}

static const R_CallMethodDef kCallMethods[] = {
    {"recist_assess_sdtm_c", reinterpret_cast<DL_FUNC>(&recist_assess_sdtm_c), 4},
    {"recist_assess_recorded_c", reinterpret_cast<DL_FUNC>(&recist_assess_recorded_c), 6},
    {"recist_assess_c", reinterpret_cast<DL_FUNC>(&recist_assess_c), 6},
    {"recist_check_profile_c", reinterpret_cast<DL_FUNC>(&recist_check_profile_c), 1},
    {nullptr, nullptr, 0}};

void R_init_recist(DllInfo* dll) {
  R_registerRoutines(dll, nullptr, kCallMethods, nullptr, nullptr);
  R_useDynamicSymbols(dll, FALSE);
}

}  // extern "C"
