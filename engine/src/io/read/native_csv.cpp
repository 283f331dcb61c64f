// Native CSV reader of recorded responses (SPEC 4.2), and the test that tells them from
// measurements (SPEC 4.1, read by the batch reader: engine/src/batch/). Recorded responses are
// grouped by track through a hash map, then each track is checked on its own.
#include "recist/io/read/native_csv.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

#include "native_terms.hpp"
#include "reader_support.hpp"
#include "recist/io/read/csv.hpp"

namespace recist::io {

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

Dataset read_recorded_csv(std::string_view text, const std::string& file, const ReadOptions& options) {
  enum { rSubject, rDate, rResponse, rReader, rStart, rVisit, rCount };
  Dataset out;
  ErrorSink errors(file, options, &out);
  CsvReader reader(text);
  CsvRecord rec;
  std::array<int, rCount> at;
  std::size_t width = 0;
  if (!read_header(reader, &rec, kRecordedColumns, {rSubject, rDate, rResponse}, errors, at.data(), &width)) return out;

  struct Pending {
    std::string subject, reader;
    std::vector<RecordedRow> rows;
    bool bad = false;
  };
  std::unordered_map<std::string, std::size_t> track_of;
  std::vector<Pending> pending;
  while (reader.next(&rec)) {
    if (rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;
    if (rec.fields.size() != width) {
      errors.add(
          rec.line, "",
          std::to_string(rec.fields.size()) + " fields, but the header has " + std::to_string(width) + " columns", "");
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
    for (auto [column, text] : {std::pair{"subject", std::string_view(subject)},
                                {"reader", std::string_view(reader_name)},
                                {"visit", std::string_view(row.visit)}}) {
      if (const std::size_t c = find_control(text); c != std::string_view::npos) {
        errors.add(rec.line, column, control_message(text, c), subject);
        ok = false;
      }
    }
    if (auto d = parse_date(field(at[rDate]), &why))
      row.date = *d;
    else {
      errors.add(rec.line, "date", "\"" + std::string(field(at[rDate])) + "\": " + why, subject);
      ok = false;
    }
    if (auto v = field(at[rResponse]); !v.empty()) {
      row.response = parse_response(v);
      if (!row.response && options.admiralonco_codes) row.response = parse_admiralonco_response(v);
      if (!row.response && options.irecist_codes) row.iresponse = parse_iresponse(v);  // README, iRECIST
      if (row.response ? *row.response == Response::NA : !row.iresponse) {
        errors.add(rec.line, "response",
                   "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected) +
                       (options.admiralonco_codes ? ", ND, MISSING" : ""),
                   subject);
        ok = false;
      }
    }
    if (auto v = field(at[rStart]); !v.empty()) {
      row.start = parse_date(v, &why);
      if (!row.start) {
        errors.add(rec.line, "start_date", "\"" + std::string(v) + "\": " + why, subject);
        ok = false;
      }
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
    if (p.rows.empty()) continue;  // every row was bad, and said so: no track-level error on top
    RecordedTrack t;
    const bool ok = build_recorded_track(p.subject, p.reader, p.rows.front().line, p.rows, errors, &t) && !p.bad;
    if (ok) out.recorded.push_back(std::move(t));
    if (errors.stopped()) return out;
  }
  return out;
}

}  // namespace recist::io
