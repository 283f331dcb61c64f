// Native CSV readers (SPEC 4.1, 4.2). Rows are grouped by track through a hash map (no quadratic
// work), then each track is sorted by date and checked on its own: a bad track is reported and
// left out, the others are read.
#include "recist/io/native_csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "recist/io/csv.hpp"
#include "native_terms.hpp"
#include "reader_support.hpp"

namespace recist::io {
namespace {

enum Col { kSubject, kDate, kLesion, kRole, kSite, kNode, kDiameter, kStatus, kReader, kVisit, kStart,
           kMethod, kSlice, kIrradiated, kReported, kColumnCount };

struct RawRow {
  std::int64_t line = 0;
  Date date;
  std::string lesion;
  std::optional<LesionRole> role;
  std::string site;
  std::optional<bool> node;
  std::optional<Millimetres> diameter;
  RawStatus status = RawStatus::Blank;
  std::string visit;
  std::optional<Date> start;
  std::optional<Method> method;
  std::optional<Millimetres> slice;
  std::optional<Irradiation> irradiated;
  std::optional<Response> reported;
};

struct PendingTrack {
  std::string subject;
  std::string reader;
  std::vector<RawRow> rows;
  bool bad = false;
};

/// Parses one data row into `row`; reports each bad field. Returns false if any field was bad.
bool parse_row(const CsvRecord& rec, const std::array<int, kColumnCount>& at, ErrorSink& errors,
               const std::string& subject, RawRow* row) {
  bool ok = true;
  auto field = [&](Col c) -> std::string_view { return at[c] < 0 ? std::string_view() : rec.fields[at[c]]; };
  auto bad = [&](Col c, std::string msg) {
    errors.add(rec.line, std::string(kMeasurementColumns[c]), std::move(msg), subject);
    ok = false;
  };
  std::string why;
  row->line = rec.line;
  if (auto d = parse_date(field(kDate), &why)) row->date = *d;
  else bad(kDate, "\"" + std::string(field(kDate)) + "\": " + why);
  row->lesion = std::string(trim(field(kLesion)));
  if (row->lesion.empty()) bad(kLesion, "empty: a lesion id was expected");
  if (auto v = trim(field(kRole)); !v.empty()) {
    row->role = parse_role(v);
    if (!row->role) bad(kRole, "\"" + std::string(v) + "\": " + std::string(kRoleExpected));
  }
  row->site = upper(trim(field(kSite)));
  if (auto v = trim(field(kNode)); !v.empty()) {
    const std::string up = upper(v);
    if (up == "Y" || up == "N") row->node = up == "Y";
    else bad(kNode, "\"" + std::string(v) + "\": expected Y or N");
  }
  if (auto v = trim(field(kDiameter)); !v.empty()) {
    row->diameter = parse_millimetres(v, &why);
    if (!row->diameter) bad(kDiameter, "\"" + std::string(v) + "\": " + why);
  }
  if (auto v = trim(field(kStatus)); !v.empty()) {
    auto s = parse_status(v);
    if (s) row->status = *s;
    else bad(kStatus, "\"" + std::string(v) + "\": " + std::string(kStatusExpected));
  }
  row->visit = std::string(trim(field(kVisit)));
  if (auto v = trim(field(kStart)); !v.empty()) {
    row->start = parse_date(v, &why);
    if (!row->start) bad(kStart, "\"" + std::string(v) + "\": " + why);
  }
  if (auto v = trim(field(kMethod)); !v.empty()) {
    row->method = parse_method(v);
    if (!row->method) bad(kMethod, "\"" + std::string(v) + "\": " + std::string(kMethodExpected));
  }
  if (auto v = trim(field(kSlice)); !v.empty()) {
    row->slice = parse_millimetres(v, &why);
    if (!row->slice) bad(kSlice, "\"" + std::string(v) + "\": " + why);
  }
  if (auto v = trim(field(kIrradiated)); !v.empty()) {
    row->irradiated = parse_irradiated(v);
    if (!row->irradiated) bad(kIrradiated, "\"" + std::string(v) + "\": " + std::string(kIrradiatedExpected));
  }
  if (auto v = trim(field(kReported)); !v.empty()) {
    row->reported = parse_response(v);
    if (!row->reported || *row->reported == Response::NA) bad(kReported, "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected));
  }
  return ok;
}

/// Turns the rows of one track into a Track; reports every problem found. False if any.
bool build_track(PendingTrack& pending, ErrorSink& errors, Track* track) {
  bool ok = true;
  auto bad = [&](std::int64_t line, Col c, std::string msg) {
    errors.add(line, std::string(kMeasurementColumns[c]), std::move(msg), pending.subject);
    ok = false;
  };
  std::vector<RawRow>& rows = pending.rows;
  std::stable_sort(rows.begin(), rows.end(), [](const RawRow& a, const RawRow& b) { return a.date < b.date; });
  track->subject = pending.subject;
  track->reader = pending.reader;

  std::unordered_map<std::string, std::uint32_t> lesion_index;
  std::vector<std::int64_t> lesion_line;  // the line of each lesion's first row
  std::int64_t start_line = 0;
  // The observation index of each lesion in the current assessment, by lesion; -1 when none.
  std::vector<std::int64_t> seen_at;
  std::vector<std::int64_t> seen_line;
  std::int64_t reported_line = 0;

  for (const RawRow& row : rows) {
    if (row.start) {
      if (!track->start_date) {
        track->start_date = row.start;
        start_line = row.line;
      } else if (*track->start_date != *row.start) {
        bad(row.line, kStart, "\"" + row.start->to_string() + "\" differs from " + track->start_date->to_string() +
                                  " on line " + std::to_string(start_line) + ": one start_date per subject was expected");
      }
    }
    if (track->assessments.empty() || track->assessments.back().date != row.date) {
      track->assessments.push_back(Assessment{row.date, row.visit, {}, std::nullopt});
      std::fill(seen_at.begin(), seen_at.end(), -1);
      reported_line = 0;
    }
    Assessment& a = track->assessments.back();
    if (a.visit.empty()) a.visit = row.visit;
    if (row.reported) {
      if (!a.reported) {
        a.reported = row.reported;
        reported_line = row.line;
      } else if (*a.reported != *row.reported) {
        bad(row.line, kReported, "\"" + std::string(to_string(*row.reported)) + "\" differs from \"" +
                                     std::string(to_string(*a.reported)) + "\" on line " + std::to_string(reported_line) +
                                     ": one reported response per track and date was expected");
      }
    }

    auto [it, is_new] = lesion_index.try_emplace(row.lesion, static_cast<std::uint32_t>(track->lesions.size()));
    const std::uint32_t index = it->second;
    if (is_new) {
      Lesion lesion;
      lesion.id = row.lesion;
      if (!row.role) bad(row.line, kRole, "empty: role is required on the first (earliest) row of lesion " + row.lesion);
      if (row.site.empty()) bad(row.line, kSite, "empty: site is required on the first (earliest) row of lesion " + row.lesion);
      lesion.role = row.role.value_or(LesionRole::Target);
      lesion.site = row.site;
      lesion.nodal = row.node.value_or(false);
      lesion.method = row.method.value_or(Method::CT);
      lesion.slice_thickness = row.slice;
      lesion.irradiation = row.irradiated.value_or(Irradiation::No);
      track->lesions.push_back(std::move(lesion));
      lesion_line.push_back(row.line);
      seen_at.push_back(-1);
      seen_line.push_back(0);
    } else {
      const Lesion& lesion = track->lesions[index];
      const std::string first = " on line " + std::to_string(lesion_line[index]);
      if (row.role && *row.role != lesion.role)
        bad(row.line, kRole, "lesion " + row.lesion + " changes role from " + std::string(to_string(lesion.role)) +
                                 first + " to " + std::string(to_string(*row.role)) + ": a lesion's role is fixed");
      if (!row.site.empty() && row.site != lesion.site)
        bad(row.line, kSite, "lesion " + row.lesion + " changes site from " + lesion.site + first + " to " +
                                 row.site + ": a lesion's site is fixed");
      if (row.node && *row.node != lesion.nodal)
        bad(row.line, kNode, "lesion " + row.lesion + " changes node from " + (lesion.nodal ? "Y" : "N") + first +
                                 " to " + (*row.node ? "Y" : "N") + ": a lesion's node flag is fixed");
    }

    std::string why;
    bool about_diameter = false;
    auto obs = observation_of(row.status, row.diameter, track->lesions[index].role, &why, &about_diameter);
    if (!obs) {
      bad(row.line, about_diameter ? kDiameter : kStatus, why);
      continue;
    }
    obs->lesion = index;
    if (seen_at[index] >= 0) {
      Observation& earlier = a.observations[seen_at[index]];
      if (earlier.status == LesionStatus::Fragment && obs->status == LesionStatus::Fragment) {
        earlier.diameter = *earlier.diameter + *obs->diameter;  // R7: fragments add up
        earlier.fragments.push_back(*obs->diameter);
      } else {
        bad(row.line, kLesion, "a second row for lesion " + row.lesion + " on " + row.date.to_string() +
                                   " (first on line " + std::to_string(seen_line[index]) +
                                   "): only FRAGMENT rows may repeat a lesion on one date");
      }
      continue;
    }
    seen_at[index] = static_cast<std::int64_t>(a.observations.size());
    seen_line[index] = row.line;
    a.observations.push_back(*obs);
  }
  return ok;
}

}  // namespace

bool is_recorded_responses_header(std::string_view first_line) {
  CsvReader reader(first_line);
  CsvRecord header;
  if (!reader.next(&header)) return false;
  bool response = false, lesion = false;
  for (std::string_view f : header.fields) {
    const std::string name = lower(trim(f));
    response |= name == "response";
    lesion |= name == "lesion";
  }
  return response && !lesion;
}

Dataset read_measurements_csv(std::string_view text, const std::string& file, const ReadOptions& options) {
  Dataset out;
  ErrorSink errors(file, options, &out);
  CsvReader reader(text);
  CsvRecord rec;
  std::array<int, kColumnCount> at;
  std::size_t width = 0;
  if (!read_header(reader, &rec, kMeasurementColumns, {kSubject, kDate, kLesion}, errors, at.data(), &width))
    return out;

  std::unordered_map<std::string, std::size_t> track_of;
  std::vector<PendingTrack> pending;
  std::string key;
  while (reader.next(&rec)) {
    if (rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;  // blank line
    const bool has_subject = static_cast<std::size_t>(at[kSubject]) < rec.fields.size();
    const std::string subject(has_subject ? trim(rec.fields[at[kSubject]]) : std::string_view());
    if (subject.empty()) {
      errors.add(rec.line, "subject", "empty: a subject id was expected", "");
      if (errors.stopped()) return out;
      continue;
    }
    std::string_view reader_name;
    if (at[kReader] >= 0 && static_cast<std::size_t>(at[kReader]) < rec.fields.size())
      reader_name = trim(rec.fields[at[kReader]]);
    if (reader_name.empty()) reader_name = "INVESTIGATOR";
    key.assign(subject).push_back('\x1f');
    key.append(reader_name);
    auto [it, added] = track_of.try_emplace(key, pending.size());
    if (added) pending.push_back(PendingTrack{subject, std::string(reader_name), {}, false});
    PendingTrack& track = pending[it->second];
    if (rec.fields.size() != width) {
      // The track is left out rather than assessed without one of its rows.
      errors.add(rec.line, "", std::to_string(rec.fields.size()) + " fields, but the header has " +
                                   std::to_string(width) + " columns", subject);
      track.bad = true;
      if (errors.stopped()) return out;
      continue;
    }
    RawRow row;
    if (!parse_row(rec, at, errors, subject, &row)) {
      track.bad = true;
      if (errors.stopped()) return out;
      continue;
    }
    track.rows.push_back(std::move(row));
  }
  if (!reader.error().empty()) {
    errors.add(reader.error_line(), "", reader.error(), "");
    out.fatal = true;
    return out;
  }
  for (PendingTrack& p : pending) {
    Track track;
    if (build_track(p, errors, &track) && !p.bad) out.tracks.push_back(std::move(track));
    if (errors.stopped()) return out;
    p.rows.clear();
    p.rows.shrink_to_fit();
  }
  return out;
}

Dataset read_recorded_csv(std::string_view text, const std::string& file, const ReadOptions& options) {
  enum { rSubject, rDate, rResponse, rReader, rStart, rVisit, rCount };
  Dataset out;
  ErrorSink errors(file, options, &out);
  CsvReader reader(text);
  CsvRecord rec;
  std::array<int, rCount> at;
  std::size_t width = 0;
  if (!read_header(reader, &rec, kRecordedColumns, {rSubject, rDate, rResponse}, errors, at.data(), &width))
    return out;

  struct Pending { std::string subject, reader; std::vector<RecordedRow> rows; bool bad = false; };
  std::unordered_map<std::string, std::size_t> track_of;
  std::vector<Pending> pending;
  while (reader.next(&rec)) {
    if (rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;
    if (rec.fields.size() != width) {
      errors.add(rec.line, "", std::to_string(rec.fields.size()) + " fields, but the header has " +
                                   std::to_string(width) + " columns", "");
      if (errors.stopped()) return out;
      continue;
    }
    auto field = [&](int c) { return c < 0 ? std::string_view() : trim(rec.fields[c]); };
    const std::string subject(field(at[rSubject]));
    if (subject.empty()) {
      errors.add(rec.line, "subject", "empty: a subject id was expected", "");
      if (errors.stopped()) return out;
      continue;
    }
    std::string reader_name(field(at[rReader]));
    if (reader_name.empty()) reader_name = "INVESTIGATOR";
    auto [it, added] = track_of.try_emplace(subject + '\x1f' + reader_name, pending.size());
    if (added) pending.push_back(Pending{subject, reader_name, {}, false});
    Pending& p = pending[it->second];
    RecordedRow row{rec.line, Date(), std::nullopt, std::nullopt, std::string(field(at[rVisit]))};
    std::string why;
    bool ok = true;
    if (auto d = parse_date(field(at[rDate]), &why)) row.date = *d;
    else { errors.add(rec.line, "date", "\"" + std::string(field(at[rDate])) + "\": " + why, subject); ok = false; }
    if (auto v = field(at[rResponse]); !v.empty()) {
      row.response = parse_response(v);
      if (!row.response || *row.response == Response::NA) {
        errors.add(rec.line, "response", "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected), subject);
        ok = false;
      }
    }
    if (auto v = field(at[rStart]); !v.empty()) {
      row.start = parse_date(v, &why);
      if (!row.start) { errors.add(rec.line, "start_date", "\"" + std::string(v) + "\": " + why, subject); ok = false; }
    }
    if (!ok) {
      p.bad = true;
      if (errors.stopped()) return out;
      continue;
    }
    p.rows.push_back(std::move(row));
  }
  if (!reader.error().empty()) {
    errors.add(reader.error_line(), "", reader.error(), "");
    out.fatal = true;
    return out;
  }
  for (Pending& p : pending) {
    RecordedTrack t;
    const bool ok = build_recorded_track(p.subject, p.reader, p.rows, errors, &t) && !p.bad;
    if (ok) out.recorded.push_back(std::move(t));
    if (errors.stopped()) return out;
  }
  return out;
}

}  // namespace recist::io
