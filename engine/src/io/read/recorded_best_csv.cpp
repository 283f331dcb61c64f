// The recorded best overall responses CSV (issue 5): subject, reader, bor, confirmed_bor.
#include <array>
#include <set>

#include "reader_support.hpp"
#include "recist/io/read/recorded_best.hpp"

namespace recist::io {

bool is_recorded_best_header(std::string_view first_line) {
  CsvReader reader(first_line);
  CsvRecord header;
  if (!reader.next(&header)) return false;
  bool best = false, date = false;
  for (std::string_view f : header.fields) {
    const std::string name = lower(trim(f));
    best |= name == "bor" || name == "confirmed_bor";
    date |= name == "date";
  }
  return best && !date;
}

RecordedBestFile read_recorded_best_csv(std::string_view text, const std::string& file, const ReadOptions& options) {
  enum { kSubject, kReader, kBor, kConfirmed, kCount };
  RecordedBestFile out;
  ErrorSink errors(file, options, &out.diagnostics);
  CsvReader reader(text);
  CsvRecord rec;
  std::array<int, kCount> at;
  std::size_t width = 0;
  if (!read_header(reader, &rec, kRecordedBestColumns, {kSubject}, errors, at.data(), &width)) return out;
  if (at[kBor] < 0 && at[kConfirmed] < 0) {
    errors.fatal(rec.line, "", "neither a \"bor\" nor a \"confirmed_bor\" column: nothing to compare");
    return out;
  }
  std::set<std::pair<std::string, std::string>> seen;
  auto field = [&](int column) {
    return column >= 0 && static_cast<std::size_t>(column) < rec.fields.size() ? trim(rec.fields[column])
                                                                               : std::string_view();
  };
  while (reader.next(&rec) && !errors.stopped()) {
    if (rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;  // blank line
    if (rec.fields.size() != width) {
      errors.add(
          rec.line, "",
          std::to_string(rec.fields.size()) + " fields, but the header has " + std::to_string(width) + " columns", "");
      continue;
    }
    RecordedBest b;
    b.subject = std::string(field(at[kSubject]));
    if (b.subject.empty()) {
      errors.add(rec.line, "subject", "empty: a subject id was expected", "");
      continue;
    }
    if (!field(at[kReader]).empty()) b.reader = std::string(field(at[kReader]));
    bool ok = true;
    for (auto [column, into] : {std::pair{kBor, &b.bor}, std::pair{kConfirmed, &b.confirmed_bor}}) {
      const std::string_view v = field(at[column]);
      if (v.empty()) continue;
      *into = parse_response(v);
      if (!*into || **into == Response::NA) {
        errors.add(rec.line, std::string(kRecordedBestColumns[column]),
                   "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected), b.subject);
        ok = false;
      }
    }
    if (!ok) continue;
    if (!seen.insert({b.subject, b.reader}).second) {
      errors.add(rec.line, "subject",
                 "subject " + b.subject + " and reader " + b.reader + " already have best responses on an earlier line",
                 b.subject);
      continue;
    }
    out.best.push_back(std::move(b));
  }
  if (!reader.error().empty()) errors.fatal(reader.error_line(), "", reader.error());
  return out;
}

}  // namespace recist::io
