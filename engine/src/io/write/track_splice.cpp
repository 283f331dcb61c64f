// One track of a measurements CSV rewritten in place (recist/io/write/track_splice.hpp). The
// records are found with the CSV reader's own tokenizer and header check, and keyed as the CSV
// reader keys tracks, so the records replaced are exactly those the reader gives the track.
#include "recist/io/write/track_splice.hpp"

#include "../read/reader_support.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/io/write/native_writers.hpp"

namespace recist::io {
namespace {

/// The value a column stands for when the file has no such column (SPEC 4.1 defaults): a row
/// whose field is this value needs no column for it.
bool means_absent(int column, std::string_view value) {
  if (value.empty()) return true;
  switch (column) {
    case kNode:
    case kIrradiated:
      return value == "N";
    case kMethod:
      return value == "CT";
    case kReader:
      return value == "INVESTIGATOR";
    default:
      return false;
  }
}

/// The line end at the end of `record` ("" for a last record without one).
std::string_view line_end_of(std::string_view record) {
  if (record.ends_with("\r\n")) return "\r\n";
  if (record.ends_with('\n') || record.ends_with('\r')) return record.substr(record.size() - 1);
  return {};
}

}  // namespace

const MeasurementsText::TrackRecords* MeasurementsText::find(std::string_view subject, std::string_view reader) const {
  for (const TrackRecords& t : tracks)
    if (t.subject == subject && t.reader == reader) return &t;
  return nullptr;
}

std::string MeasurementsText::text_of(std::string_view text, const TrackRecords& track) const {
  std::string out;
  for (std::size_t r : track.records) out.append(text.substr(records[r].begin, records[r].end - records[r].begin));
  return out;
}

bool index_measurements_text(std::string_view text, const std::string& file, MeasurementsText* out,
                             InputError* error) {
  *out = MeasurementsText{};
  out->at.fill(-1);
  if (text.empty() || text == "\xEF\xBB\xBF") return true;
  Dataset errors_of;
  const ReadOptions options;  // ErrorSink keeps a reference
  ErrorSink errors(file, options, &errors_of);
  CsvReader reader(text);
  CsvRecord record;
  std::size_t width = 0;
  if (!read_header(reader, &record, kMeasurementColumns, {kSubject, kDate, kLesion}, errors, out->at.data(), &width)) {
    *error = errors_of.errors.front();
    return false;
  }
  out->header_end = reader.offset();
  if (std::string_view end = line_end_of(text.substr(0, out->header_end)); !end.empty()) out->line_end = end;
  out->columns.assign(width, -1);
  for (int c = 0; c < kMeasurementColumnCount; ++c)
    if (out->at[c] >= 0) out->columns[static_cast<std::size_t>(out->at[c])] = c;

  auto field = [&](int column) -> std::string_view {
    const int i = out->at[column];
    return i >= 0 && static_cast<std::size_t>(i) < record.fields.size() ? trim(record.fields[i]) : std::string_view();
  };
  while (true) {
    const std::size_t begin = reader.offset();
    if (!reader.next(&record)) break;
    MeasurementsText::Record r{begin, reader.offset(), record.line, -1};
    const std::string_view subject = field(kSubject);
    if (!subject.empty()) {
      std::string_view reader_name = field(kReader);
      if (reader_name.empty()) reader_name = "INVESTIGATOR";
      int t = 0;
      while (t < static_cast<int>(out->tracks.size()) &&
             (out->tracks[t].subject != subject || out->tracks[t].reader != reader_name))
        ++t;
      if (t == static_cast<int>(out->tracks.size()))
        out->tracks.push_back({std::string(subject), std::string(reader_name), {}});
      out->tracks[t].records.push_back(out->records.size());
      r.track = t;
    }
    out->records.push_back(r);
  }
  if (!reader.error().empty()) {
    *error = InputError{file, reader.error_line(), "", reader.error(), ""};
    return false;
  }
  return true;
}

std::string replace_track_rows(std::string_view text, const MeasurementsText& index, const Track& track) {
  const std::vector<MeasurementRow> rows = measurement_rows(track);
  std::string out;
  if (index.header_end == 0) {  // a new file: the canonical header
    write_measurements_csv(std::span<const Track>(&track, 1), &out);
    return out;
  }
  // The columns the rows need that the header lacks, added at its end.
  std::vector<int> columns = index.columns;
  std::size_t added = 0;
  for (int c = 0; c < kMeasurementColumnCount; ++c) {
    if (index.at[c] >= 0) continue;
    for (const MeasurementRow& row : rows) {
      if (means_absent(c, row[c])) continue;
      columns.push_back(c);
      ++added;
      break;
    }
  }
  auto append_rows = [&] {
    for (const MeasurementRow& row : rows) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i) out.push_back(',');
        if (columns[i] >= 0) append_csv_field(&out, row[columns[i]]);
      }
      out.append(index.line_end);
    }
  };
  auto append_record = [&](std::string_view record, std::size_t empty_fields) {
    const std::string_view end = line_end_of(record);
    out.append(record.substr(0, record.size() - end.size()));
    out.append(empty_fields, ',');
    out.append(end);
  };

  const std::string_view header = text.substr(0, index.header_end);
  const std::string_view header_end = line_end_of(header);
  out.append(header.substr(0, header.size() - header_end.size()));
  for (std::size_t i = index.columns.size(); i < columns.size(); ++i) {
    out.push_back(',');
    out.append(kMeasurementColumns[columns[i]]);
  }
  out.append(header_end.empty() ? std::string_view(index.line_end) : header_end);

  const MeasurementsText::TrackRecords* mine = index.find(track.subject, track.reader);
  const int mine_index = mine ? static_cast<int>(mine - index.tracks.data()) : -2;
  for (std::size_t r = 0; r < index.records.size(); ++r) {
    const MeasurementsText::Record& rec = index.records[r];
    const std::string_view record = text.substr(rec.begin, rec.end - rec.begin);
    if (rec.track == mine_index) {
      if (mine->records.front() == r) append_rows();
      continue;
    }
    const bool blank = trim(record.substr(0, record.size() - line_end_of(record).size())).empty();
    append_record(record, blank ? 0 : added);
  }
  if (!mine) {
    if (!out.empty() && out.back() != '\n' && out.back() != '\r') out.append(index.line_end);
    append_rows();
  }
  return out;
}

}  // namespace recist::io
