// Native CSV writers (SPEC 4.1, 4.2) in canonical form: the SPEC's column order, every column
// present, one row per observation (per fragment for a FRAGMENT), the track's reader and
// start_date and the assessment's visit and reported value on every row, a lesion's baseline
// attributes (role, site, node, method, slice_mm, irradiated) spelled out on its first row only.
#include <array>
#include <vector>

#include "recist/io/read/csv.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/write/native_writers.hpp"

namespace recist::io {
namespace {

template <std::size_t N>
void append_row(std::string* out, const std::array<std::string, N>& fields) {
  for (std::size_t i = 0; i < N; ++i) {
    if (i) out->push_back(',');
    append_csv_field(out, fields[i]);
  }
  out->push_back('\n');
}

template <std::size_t N>
void append_header(std::string* out, const std::string_view (&columns)[N]) {
  std::array<std::string, N> names;
  for (std::size_t i = 0; i < N; ++i) names[i] = std::string(columns[i]);
  append_row(out, names);
}

std::string optional_date(const std::optional<Date>& d) {
  return d ? d->to_string() : std::string();
}

}  // namespace

std::vector<Millimetres> fragments_of(const Observation& o) {
  if (!o.fragments.empty()) return o.fragments;
  return {o.diameter.value_or(Millimetres())};
}

std::vector<MeasurementRow> measurement_rows(const Track& t) {
  std::vector<MeasurementRow> rows;
  MeasurementRow row;
  std::vector<bool> written(t.lesions.size(), false);
  for (const Assessment& a : t.assessments) {
    for (const Observation& o : a.observations) {
      const Lesion& lesion = t.lesions[o.lesion];
      row.fill(std::string());
      row[kSubject] = t.subject;
      row[kDate] = a.date.to_string();
      row[kLesion] = lesion.id;
      row[kStatus] = std::string(to_string(o.status));
      row[kReader] = t.reader;
      row[kVisit] = a.visit;
      row[kStart] = optional_date(t.start_date);
      if (a.reported) row[kReported] = std::string(to_string(*a.reported));
      if (!written[o.lesion]) {  // SPEC 4.1: the baseline attributes, on the lesion's first row
        written[o.lesion] = true;
        row[kRole] = std::string(role_term(lesion));
        row[kSite] = lesion.site;
        row[kNode] = lesion.nodal ? "Y" : "N";
        row[kMethod] = std::string(to_string(lesion.method));
        if (lesion.slice_thickness) row[kSlice] = lesion.slice_thickness->to_string();
        row[kIrradiated] = std::string(to_string(lesion.irradiation));
      }
      if (o.status == LesionStatus::Fragment) {
        const std::vector<Millimetres> pieces = fragments_of(o);
        for (std::size_t i = 0; i < pieces.size(); ++i) {  // R7: a row per fragment
          row[kDiameter] = pieces[i].to_string();
          rows.push_back(row);
          if (i == 0) row[kRole] = row[kSite] = row[kNode] = row[kMethod] = row[kSlice] = row[kIrradiated] = "";
        }
        continue;
      }
      if (o.diameter) row[kDiameter] = o.diameter->to_string();
      rows.push_back(row);
    }
  }
  return rows;
}

void write_measurements_csv(std::span<const Track> tracks, std::string* out) {
  static_assert(std::size(kMeasurementColumns) == kMeasurementColumnCount);
  append_header(out, kMeasurementColumns);
  for (const Track& t : tracks)
    for (const MeasurementRow& row : measurement_rows(t)) append_row(out, row);
}

void write_recorded_csv(std::span<const RecordedTrack> tracks, std::string* out) {
  enum { kSubject, kDate, kResponse, kReader, kStart, kVisit, kMeasurementColumnCount };
  static_assert(std::size(kRecordedColumns) == kMeasurementColumnCount);
  append_header(out, kRecordedColumns);
  std::array<std::string, kMeasurementColumnCount> row;
  for (const RecordedTrack& t : tracks) {
    row.fill(std::string());
    row[kSubject] = t.subject;
    row[kReader] = t.reader;
    row[kStart] = optional_date(t.start_date);
    if (t.baseline_date) {  // SPEC 4.2: the baseline is a first row with a blank response
      row[kDate] = t.baseline_date->to_string();
      append_row(out, row);
    }
    for (const RecordedTimepoint& tp : t.timepoints) {
      row[kDate] = tp.date.to_string();
      row[kResponse] = tp.response    ? std::string(to_string(*tp.response))
                       : tp.iresponse ? std::string(to_string(*tp.iresponse))
                                      : std::string();
      row[kVisit] = tp.visit;
      append_row(out, row);
    }
  }
}

}  // namespace recist::io
