// `--format csv`: the fields of SPEC 5.1 flattened, one row per time point or per track.
#include "recist/io/read/csv.hpp"
#include "recist/io/write/writers.hpp"

#include <cstring>

#include "irecist_writing.hpp"
#include "text_cursor.hpp"

namespace recist::io {
namespace {

std::string opt_date(const std::optional<Date>& d) { return d ? d->to_string() : ""; }
std::string opt_mm(const std::optional<Millimetres>& m) { return m ? m->to_string() : ""; }
std::string opt_pct(const std::optional<std::int64_t>& p) { return p ? format_tenths(*p) : ""; }

/// A CSV record of `fields` (append_csv_row() of a list made at run time).
void append_row(std::string* out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out->push_back(',');
    append_csv_field(out, fields[i]);
  }
  out->push_back('\n');
}

/// Whether a field holds a byte that ends an unquoted field: a comma, a quote or a line end. For
/// the short fields (subject, reader, visit); reasons are searched with memchr (Rows::reasons).
bool needs_quotes(std::string_view field) {
  for (const char c : field)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

/// Time-point rows written straight into the output through a TextCursor: room for the longest
/// text the rows of a track can take is made first (one resize per track). There is a row for
/// every time point of every track (issue 6).
class Rows {
 public:
  /// `room`: at least the longest text of the rows (see room_for()).
  Rows(std::string* out, std::string* scratch, std::size_t room) : c_(out, scratch, room) {}

  /// The room a text field takes at most (every byte a doubled quote, and the quotes around it).
  static std::size_t room_for(std::string_view field) { return 2 * field.size() + 3; }
  /// The room a number, a date or a code takes at most, with its comma.
  static constexpr std::size_t kValueRoom = TextCursor::kNumberRoom + 1;

  Rows& text(std::string_view field) {
    comma();
    if (needs_quotes(field)) return quoted(field);
    c_ << field;
    return *this;
  }
  Rows& date(Date d) {
    comma();
    c_ << d;
    return *this;
  }
  Rows& integer(std::int64_t n) {
    comma();
    c_.integer(n);
    return *this;
  }
  Rows& mm(const std::optional<Millimetres>& m) {
    comma();
    if (m) c_ << *m;
    return *this;
  }
  Rows& pct(const std::optional<std::int64_t>& p) {
    comma();
    if (p) c_.tenths(*p);
    return *this;
  }
  template <typename Code>
  Rows& code(const std::optional<Code>& c) {
    comma();
    if (c) c_ << padded(*c);  // the room of a value is more than 16
    return *this;
  }
  /// The sentences joined by " | ", quoted as one field when any of them needs it (nearly always:
  /// the overall sentence has a comma). The text is searched with memchr, which is quicker than
  /// any loop here on a few hundred bytes, and copied whole unless it holds a quote to double.
  Rows& reasons(const Reasons& r) {
    comma();
    const std::string_view text = r.joined_text();
    const bool has_quote = std::memchr(text.data(), '"', text.size()) != nullptr;
    if (has_quote) return this->quoted(text);
    const bool special = std::memchr(text.data(), ',', text.size()) || std::memchr(text.data(), '\n', text.size()) ||
                         std::memchr(text.data(), '\r', text.size());
    if (special) c_ << '"';
    c_ << text;
    if (special) c_ << '"';
    return *this;
  }
  /// Room for reasons(r) but for doubled quotes, which make their own room (they are rare): the
  /// text, the quotes around it and its comma.
  static std::size_t room_for(const Reasons& r) { return r.joined_text().size() + 3; }
  /// Text written as it is (a field already formatted, with its comma when not the first).
  Rows& preformatted(std::string_view text) {
    first_ = false;
    c_ << text;
    return *this;
  }
  /// Ends a row; the next field starts the next row.
  void end() {
    c_ << '\n';
    first_ = true;
  }

 private:
  void comma() {
    if (!first_) c_ << ',';
    first_ = false;
  }
  /// A field between quotes, its quotes doubled.
  Rows& quoted(std::string_view field) {
    c_ << '"';
    quoted_body(field);
    c_ << '"';
    return *this;
  }
  /// The text with every quote doubled: the runs up to each quote copied whole. Room was made for
  /// the text; each doubled quote makes one more byte of room.
  void quoted_body(std::string_view text) {
    for (;;) {
      const std::size_t quote = text.find('"');
      if (quote == std::string_view::npos) {
        c_ << text;
        return;
      }
      c_ << text.substr(0, quote + 1);
      c_.make_room(1);
      c_ << '"';
      text.remove_prefix(quote + 1);
    }
  }

  TextCursor c_;
  bool first_ = true;
};

class CsvWriter final : public ResultWriter {
 public:
  explicit CsvWriter(CsvLevel level) : level_(level) {}

  void begin(const Profile& profile, std::string* out) override {
    irecist_ = profile.criteria != Criteria::Recist;
    admiralonco_ = profile.convention == Convention::Admiralonco;
    adtf_ = profile.impute_partial_dates && !irecist_;
    if (level_ == CsvLevel::Timepoint) {
      out->append("subject,reader,start_date,date,visit,day,sum_mm,pct_from_baseline,nadir_mm,pct_from_nadir,"
                  "target,non_target,new_lesions,overall,reported,reasons");
      if (adtf_) out->append(",adtf");
      if (irecist_) out->append(",i_new_target_sum_mm,i_new_targets,i_new_non_targets,i_overall,i_iupd_reference,i_reasons");
    } else {
      out->append("subject,reader,start_date,baseline_date,baseline_sum_mm,targets,non_targets,eligible,bor,"
                  "confirmed_bor,first_response_date,confirmation_date,pd_date,best_pct_change,"
                  "duration_of_response_days,duration_of_response_censored,findings,reasons");
      if (irecist_)
        out->append(",i_bor,i_confirmed_bor,i_first_response_date,i_confirmation_date,i_first_iupd_date,i_icpd_date,"
                    "i_reasons");
      if (admiralonco_) out->append(",bor_date,confirmed_bor_date");
    }
    out->push_back('\n');
  }

  void track(const TrackResult& t, std::string* out) override {
    const std::string start = opt_date(t.start_date);
    if (level_ == CsvLevel::Timepoint && irecist_) return irecist_timepoints(t, start, out);
    if (level_ == CsvLevel::Timepoint) {
      // The first three fields are the same on every row of the track: formatted once.
      prefix_.clear();
      Rows(&prefix_, &scratch_, Rows::room_for(t.subject) + Rows::room_for(t.reader) + Rows::room_for(start))
          .text(t.subject).text(t.reader).text(start);
      std::size_t room = 0;
      for (const TimepointResult& tp : t.timepoints)
        room += prefix_.size() + Rows::room_for(tp.visit) + 12 * Rows::kValueRoom + Rows::room_for(tp.reasons);
      Rows rows(out, &scratch_, room);
      for (const TimepointResult& tp : t.timepoints) {
        rows.preformatted(prefix_).date(tp.date).text(tp.visit).integer(tp.day)
            .mm(tp.sum).pct(tp.pct_from_baseline).mm(tp.nadir).pct(tp.pct_from_nadir)
            .code(tp.target).code(tp.non_target).code(tp.new_lesions).code(std::optional(tp.overall))
            .code(tp.reported).reasons(tp.reasons);
        if (adtf_) rows.text(tp.date_imputed ? "D" : "");
        rows.end();
      }
      return;
    }
    std::string findings;
    for (const auto* list : {&t.findings, &t.best.findings})
      for (const Finding& f : *list)
        findings += (findings.empty() ? "" : " | ") + std::string(to_string(f.severity)) + " " + f.code + ": " + f.message;
    const BestResponse& b = t.best;
    std::vector<std::string> row{t.subject, t.reader, start, t.baseline ? t.baseline->date.to_string() : "",
              t.baseline ? opt_mm(t.baseline->sum) : "", t.baseline ? std::to_string(t.baseline->targets) : "",
              t.baseline ? std::to_string(t.baseline->non_targets) : "", t.has_measurable_target ? "Y" : "N",
              std::string(to_string(b.bor)), std::string(to_string(b.confirmed_bor)), opt_date(b.first_response_date),
              opt_date(b.confirmation_date), opt_date(b.pd_date), opt_pct(b.best_pct_change),
              b.duration_of_response_days ? std::to_string(*b.duration_of_response_days) : "",
              b.duration_of_response_days ? (b.duration_of_response_censored ? "Y" : "N") : "", findings,
              std::string(b.reasons.joined_text())};
    if (irecist_) {
      const IrecistBest* i = t.irecist ? &t.irecist->best : nullptr;
      auto code = [&](IResponse r) { return i ? std::string(to_string(r)) : std::string(); };
      row.insert(row.end(), {code(i ? i->ibor : IResponse::iNE), code(i ? i->confirmed_ibor : IResponse::iNE),
                             i ? opt_date(i->first_response_date) : "", i ? opt_date(i->confirmation_date) : "",
                             i ? opt_date(i->first_iupd_date) : "", i ? opt_date(i->icpd_date) : "",
                             i ? std::string(i->reasons.joined_text()) : ""});
    }
    if (admiralonco_) row.insert(row.end(), {opt_date(b.bor_date), opt_date(b.confirmed_bor_date)});
    append_row(out, row);
  }

  void end(const TrialSummary*, std::span<const InputError>, std::string*) override {}

 private:
  /// `--criteria irecist|both`: each time point's RECIST 1.1 fields, then its i_ fields (issue 19).
  void irecist_timepoints(const TrackResult& t, const std::string& start, std::string* out) {
    for (std::size_t k = 0; k < t.timepoints.size(); ++k) {
      const TimepointResult& tp = t.timepoints[k];
      auto code = [](const auto& c) { return c ? std::string(to_string(*c)) : std::string(); };
      std::vector<std::string> row{t.subject, t.reader, start, tp.date.to_string(), tp.visit, std::to_string(tp.day),
                                   opt_mm(tp.sum), opt_pct(tp.pct_from_baseline), opt_mm(tp.nadir),
                                   opt_pct(tp.pct_from_nadir), code(tp.target), code(tp.non_target),
                                   code(tp.new_lesions), std::string(to_string(tp.overall)), code(tp.reported),
                                   std::string(tp.reasons.joined_text())};
      if (t.irecist && k < t.irecist->timepoints.size()) {
        const IrecistTimepoint& i = t.irecist->timepoints[k];
        row.insert(row.end(), {opt_mm(i.new_target_sum), std::to_string(i.new_targets), std::to_string(i.new_non_targets),
                               std::string(to_string(i.overall)), opt_date(i.iupd_reference),
                               std::string(i.reasons.joined_text())});
      } else {
        row.resize(row.size() + 6);
      }
      append_row(out, row);
    }
  }

  bool irecist_ = false;
  bool adtf_ = false;  // impute-partial-dates = admiral: the date flag closes each time-point row
  bool admiralonco_ = false;  // convention = admiralonco: the BOR dates close each track row
  CsvLevel level_;
  std::string prefix_;   // subject, reader and start date of the track being written
  std::string scratch_;  // the rows of a track, written before they go to the output (TextCursor)
};

}  // namespace

std::unique_ptr<ResultWriter> make_csv_writer(CsvLevel level) { return std::make_unique<CsvWriter>(level); }

}  // namespace recist::io
