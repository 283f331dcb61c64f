#pragma once
// Readers of the measurements a viewer exports (issue 33): DICOM Structured Reports following
// TID 1500 "Measurement Report" (OHIF, ePAD, PixelMed, highdicom), AIM 4 JSON (ePAD) and AIM v3/v4
// XML. Each reader turns one file into ViewerLesions, one per measurement group (SR) or image
// annotation (AIM), with every length checked by its concept code *and* its unit and rounded once
// to the engine's hundredths of a millimetre (README "From the viewer": the rounding rule).
// link_viewer_lesions() then follows the lesions across time points and builds the tracks.
// Errors are values that name the file and the content item (its position in the SR tree, as
// dsrdump +Pn prints it, or the AIM element's path); value types, thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recist/date.hpp"
#include "recist/io/input_error.hpp"
#include "recist/lesion.hpp"
#include "recist/millimetres.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// What a length measures (TID 1410/1411 and TID 300 concept names).
enum class LengthKind { LongAxis, ShortAxis, Length, Diameter };

/// "Long Axis", "Short Axis", "Length", "Diameter".
std::string_view to_string(LengthKind k);

/// One length as the viewer wrote it and as the engine reads it.
struct ViewerLength {
  LengthKind kind = LengthKind::Length;
  Millimetres mm;            ///< Rounded once, half away from zero, to hundredths of a mm.
  std::string exact_mm;      ///< The source value converted to mm exactly ("29.167238158334032").
  std::string source_value;  ///< The value as written in the file ("2.9167238158334032").
  std::string source_unit;   ///< The unit as written ("mm", "cm", "linear").
  std::string position;      ///< The content item or element that holds it.
};

/// One measured lesion of one file: a TID 1500 measurement group, or an AIM image annotation.
struct ViewerLesion {
  std::string file;
  std::string position;          ///< The measurement group's content item or the annotation's path.
  std::string sop_instance_uid;  ///< The SR's SOP Instance UID, or the AIM annotation's UID.
  std::string patient_id;
  std::optional<Date> study_date;
  std::string study_uid;
  std::string series_uid;          ///< The referenced (image) series.
  std::string tracking_id;         ///< Tracking Identifier (112039, DCM), or the AIM annotation name.
  std::string tracking_uid;        ///< Tracking Unique Identifier (112040, DCM).
  std::string finding;             ///< "(value, scheme, "meaning")" of Finding (121071, DCM), if any.
  std::string site;                ///< Organ, upper case ("LIVER", "LUNG", "LYMPH NODE"); empty if none.
  std::string site_code;           ///< "(value, scheme, "meaning")" of the finding site, if any.
  bool nodal = false;              ///< The finding site is a lymph node (R2: short axis read).
  std::optional<LesionRole> role;  ///< From the file, when it says (ePAD's "Target Lesion").
  std::string status;              ///< The lesion status as written ("Present"), if any.
  std::vector<ViewerLength> lengths;
};

/// The lesions of one file and the problems found. An error refuses one value or one group (the
/// rest of the file is still read); `fatal` when the file as a whole could not be read.
struct ViewerFile {
  std::vector<ViewerLesion> lesions;
  std::vector<InputError> errors;
  std::vector<InputError> warnings;
  bool fatal = false;
};

/// Reading choices that a file cannot make itself.
struct ViewerOptions {
  /// The unit of ePAD's unitOfMeasure "linear", which names no unit: "cm" or "mm"; empty refuses it.
  std::string linear_unit;
};

/// Reads a DICOM SR (TID 1500) from the bytes of a DICOM file (Part 10, or a bare dataset).
ViewerFile read_dicom_sr(std::string_view bytes, const std::string& file);
/// Reads an AIM 4 annotation collection serialized as JSON (ePAD's storage form).
ViewerFile read_aim_json(std::string_view text, const std::string& file, const ViewerOptions& options);
/// Reads an AIM v3 ImageAnnotation or AIM v4 ImageAnnotationCollection XML document.
ViewerFile read_aim_xml(std::string_view text, const std::string& file, const ViewerOptions& options);
/// Chooses the reader by content: "DICM" at byte 128 (or a DICOM group 0008 start) → SR, "{" → AIM
/// JSON, "<" → AIM XML.
ViewerFile read_viewer_file(std::string_view bytes, const std::string& file, const ViewerOptions& options);

/// One line of `--lesion-map FILE.csv`: a source id (Tracking UID or Tracking Identifier) and the
/// lesion id the reader gives it, with an optional role and site.
struct LesionMapEntry {
  std::string source;
  std::string lesion;
  std::optional<LesionRole> role;
  std::string site;
  std::string file;  ///< The map file and line, for messages.
  std::int64_t line = 0;
};

/// Reads the lesion map (columns `source`, `lesion`, optional `role`, `site`). False when the file
/// as a whole is unusable; row errors are appended to `errors`.
bool read_lesion_map(std::string_view text, const std::string& file, std::vector<LesionMapEntry>* entries,
                     std::vector<InputError>* errors);

/// Where one imported value came from, for the sources file beside the native CSV.
struct ImportedValue {
  std::string subject;
  Date date;
  std::string lesion;
  const ViewerLesion* from = nullptr;  ///< The source lesion (owned by the caller's vector).
  const ViewerLength* length = nullptr;
};

/// The tracks built from viewer lesions, where each value came from, and the problems found.
struct ImportResult {
  std::vector<Track> tracks;
  std::vector<ImportedValue> values;
  std::vector<InputError> errors;
  std::vector<InputError> warnings;
};

/// Choices of the import that the files cannot make.
struct LinkOptions {
  std::string reader = "INVESTIGATOR";
  /// For files without a PatientID / StudyDate: the subject and the scan date (empty: an error).
  std::string subject;
  std::optional<Date> date;
};

/// Follows lesions across time points: by Tracking UID first, then by Tracking Identifier plus
/// finding site, else by the lesion map; an ambiguity is an error naming both candidates. Roles
/// from the file, else from the map, else TARGET at baseline and NEW later (with a warning).
/// Adds a warning wherever rounding to hundredths decides a RECIST bar (README "From the viewer").
ImportResult link_viewer_lesions(const std::vector<ViewerLesion>& lesions, const std::vector<LesionMapEntry>& map,
                                 const LinkOptions& options);

}  // namespace recist::io
