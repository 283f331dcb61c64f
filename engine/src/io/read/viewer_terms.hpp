#pragma once
// What the viewer readers share (issue 33): the concept codes of lengths and sites, the units, and
// the one rounding of a source decimal to hundredths of a millimetre (README "From the viewer").

#include <optional>
#include <string>
#include <string_view>

#include "recist/io/read/viewer.hpp"

namespace recist::io::viewer {

/// A coded concept as a file writes it.
struct Code {
  std::string value;
  std::string scheme;
  std::string meaning;
};

/// `(value, scheme, "meaning")`, the way dsrdump prints a code.
std::string to_string(const Code& c);

/// The length a concept name codes (SCT and the older SRT codes both), or nullopt when it is no
/// lesion length (a mean, an area, a volume…). A meaning that names an area or a volume is no
/// length whatever its code (the OHIF v2 "AREA" coded as Length).
std::optional<LengthKind> length_kind(const Code& concept_name);

/// The organ of a finding site or AIM anatomic entity, upper case, and whether it is a lymph node.
struct Site {
  std::string organ;
  bool nodal = false;
};
Site site_of(const Code& site);

/// The role a lesion-type code or text names (ePAD "Target Lesion", "target", "Non-target", "New
/// Lesion"), or nullopt.
std::optional<LesionRole> role_of(std::string_view meaning);

/// A length value: the concept name that coded it, the decimal text and the unit (code and
/// meaning) as written, checked by meaning *and* unit and converted to mm. On failure returns
/// nullopt with `why` (what was wrong and what was expected).
std::optional<ViewerLength> length_value(const Code& concept_name, LengthKind kind, std::string_view text,
                                         const Code& unit, const std::string& position, std::string* why);

/// Rounds the exact decimal `text` (digits, optional point and exponent, no sign) times 10^shift to
/// hundredths, half away from zero. Sets `exact` to the shifted value's decimal text. Nullopt (with
/// `why`) when it is not such a decimal, negative, or 10 km or longer.
std::optional<Millimetres> round_to_hundredths(std::string_view text, int shift, std::string* exact, std::string* why);

/// "content item 1.5.2.3: " for an SR position, "/ImageAnnotation/…: " for an AIM path, "" for none.
std::string item_label(const std::string& position);

/// Trims ASCII blanks (DICOM pads with spaces).
std::string_view trim(std::string_view s);

}  // namespace recist::io::viewer
