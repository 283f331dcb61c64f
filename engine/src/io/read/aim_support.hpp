#pragma once
// The AIM 4 annotation collection as a JSON tree, read by aim_json.cpp and, converted from XML, by
// aim_xml.cpp (issue 33): one walk for both serializations.

#include <nlohmann/json.hpp>
#include <string>

#include "recist/io/read/viewer.hpp"

namespace recist::io::viewer {

/// Reads the lesions of an AIM 4 ImageAnnotationCollection (its JSON object) into `out`.
void read_aim4_collection(const nlohmann::json& collection, const std::string& file, const ViewerOptions& options,
                          ViewerFile* out);

}  // namespace recist::io::viewer
