// The iRECIST blocks of the JSON result (issue 19): `"irecist"` in a track and in a reader's
// summary, beside the SPEC 5.1 fields, which stay as they are.
#include <iterator>

#include "irecist_writing.hpp"
#include "recist/io/write/writers.hpp"

namespace recist::io {
namespace {

void key(std::string* out, std::string_view k) {
  out->push_back('"');
  out->append(k);
  out->append("\":");
}

void date_or_null(std::string* out, std::string_view k, const std::optional<Date>& d) {
  key(out, k);
  if (d)
    append_json_string(out, d->to_string());
  else
    out->append("null");
}

void reasons(std::string* out, const Reasons& r) {
  key(out, "reasons");
  out->push_back('[');
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i) out->push_back(',');
    append_json_string(out, r[i]);
  }
  out->push_back(']');
}

void summary(std::string* out, std::string_view k, const IResponseSummary& s) {
  std::string_view names[std::tuple_size_v<decltype(s.counts)>];
  for (std::size_t i = 0; i < std::size(names); ++i) names[i] = to_string(static_cast<IResponse>(i));
  append_json_counts_summary(out, k, names, s.counts, {"iorr", &s.orr}, {"idcr", &s.dcr});
}

}  // namespace

std::string_view to_string(Criteria c) {
  switch (c) {
    case Criteria::Recist:
      return "recist";
    case Criteria::Irecist:
      return "irecist";
    case Criteria::Both:
      return "both";
  }
  return "?";
}

void append_irecist_profile_json(std::string* out, const Profile& p) {
  out->append(",\"criteria\":\"");
  out->append(to_string(p.criteria));
  out->append("\",\"icpd_min_days\":" + std::to_string(p.icpd_min_days) +
              ",\"icpd_max_days\":" + std::to_string(p.icpd_max_days));
}

void append_irecist_track_json(std::string* out, const IrecistResult& r) {
  out->append(",\"irecist\":{\"timepoints\":[");
  for (std::size_t i = 0; i < r.timepoints.size(); ++i) {
    const IrecistTimepoint& tp = r.timepoints[i];
    if (i) out->push_back(',');
    out->push_back('{');
    date_or_null(out, "date", tp.date);
    out->push_back(',');
    key(out, "visit");
    if (tp.visit.empty())
      out->append("null");
    else
      append_json_string(out, tp.visit);
    out->append(",\"day\":" + std::to_string(tp.day) + ",\"new_target_sum_mm\":");
    if (tp.new_target_sum)
      tp.new_target_sum->append_to(out);
    else
      out->append("null");
    out->append(",\"new_targets\":" + std::to_string(tp.new_targets) +
                ",\"new_non_targets\":" + std::to_string(tp.new_non_targets) + ",\"overall\":");
    append_json_string(out, to_string(tp.overall));
    out->push_back(',');
    date_or_null(out, "iupd_reference", tp.iupd_reference);
    out->push_back(',');
    reasons(out, tp.reasons);
    out->push_back('}');
  }
  const IrecistBest& b = r.best;
  out->append("],\"ibor\":");
  append_json_string(out, to_string(b.ibor));
  out->append(",\"confirmed_ibor\":");
  append_json_string(out, to_string(b.confirmed_ibor));
  out->push_back(',');
  date_or_null(out, "first_response_date", b.first_response_date);
  out->push_back(',');
  date_or_null(out, "confirmation_date", b.confirmation_date);
  out->push_back(',');
  date_or_null(out, "first_iupd_date", b.first_iupd_date);
  out->push_back(',');
  date_or_null(out, "icpd_date", b.icpd_date);
  out->push_back(',');
  reasons(out, b.reasons);
  out->push_back('}');
}

void append_irecist_summary_json(std::string* out, const ReaderSummary& r) {
  if (!r.i_confirmed || !r.i_unconfirmed) return;
  out->append(",\"irecist\":{");
  summary(out, "confirmed", *r.i_confirmed);
  out->push_back(',');
  summary(out, "unconfirmed", *r.i_unconfirmed);
  out->push_back('}');
}

}  // namespace recist::io
