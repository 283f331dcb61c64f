#pragma once
// The native XML format: one document holds a trial's tracks with exactly the information of the
// native CSV files (SPEC 4.1 measurements, or SPEC 4.2 recorded responses), grouped as the model
// is: <track> with its <lesion> declarations and dated <assessment>s of <obs>ervations, or
// <recorded> tracks of <timepoint>s. Schema: schemas/recist-native.xsd; described in
// schemas/README.md. Errors name the file, the line of the element and the attribute.

#include <string>
#include <string_view>

#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"

namespace recist::io {

/// Whether `text` looks like XML: its first character after a UTF-8 byte order mark and blanks is '<'.
bool looks_like_xml(std::string_view text);

/// Reads a native XML document. A document that is not well-formed, or whose root is not
/// <recist version="1">, is fatal; a track with bad data is reported and left out. `file` names
/// the input in errors.
Dataset read_native_xml(std::string_view text, const std::string& file, const ReadOptions& options);

}  // namespace recist::io
