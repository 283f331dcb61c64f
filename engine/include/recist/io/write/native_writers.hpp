#pragma once
// Writers of the native input files, for `recist convert`: the native XML document
// (schemas/recist-native.xsd) and the native CSV files in their canonical form (SPEC 4.1 column
// order, every lesion's baseline attributes spelled out on its first row, one row per fragment).
// Reading what they write gives back the same tracks: CSV → XML → CSV is lossless.

#include <array>
#include <span>
#include <string>
#include <vector>

#include "recist/io/dataset.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// The pieces of a FRAGMENT observation: its fragments, or its diameter as one piece when the
/// fragments were not recorded (a Track built by hand).
std::vector<Millimetres> fragments_of(const Observation& o);

/// Appends the native XML document of `data`: its measured tracks, or else its recorded tracks.
void write_native_xml(const Dataset& data, std::string* out);

/// Appends the measurements CSV (SPEC 4.1) of `tracks`: header and rows, LF line ends.
void write_measurements_csv(std::span<const Track> tracks, std::string* out);

/// One row of the measurements CSV: a field per column, in the order of kMeasurementColumns.
using MeasurementRow = std::array<std::string, kMeasurementColumnCount>;

/// The rows of `track` in the measurements CSV, in the canonical form of write_measurements_csv.
std::vector<MeasurementRow> measurement_rows(const Track& track);

/// Appends the native JSON of a track (recist/io/read/native_json.hpp): what read_track_json()
/// reads back as the same track, every member written, diameters as exact JSON numbers.
void write_track_json(const Track& track, std::string* out);

/// Appends the recorded-responses CSV (SPEC 4.2) of `tracks`; a track's baseline date, when
/// known, is a first row with a blank response.
void write_recorded_csv(std::span<const RecordedTrack> tracks, std::string* out);

}  // namespace recist::io
