// The viewer reader chosen by content (issue 33): a DICOM file, AIM JSON or AIM XML.
#include "io/read/viewer_terms.hpp"
#include "recist/io/read/viewer.hpp"

namespace recist::io {

ViewerFile read_viewer_file(std::string_view bytes, const std::string& file, const ViewerOptions& options) {
  if (bytes.size() >= 132 && bytes.substr(128, 4) == "DICM") return read_dicom_sr(bytes, file);
  const std::string_view text = viewer::trim(bytes.starts_with("\xEF\xBB\xBF") ? bytes.substr(3) : bytes);
  if (text.starts_with("{")) return read_aim_json(text, file, options);
  if (text.starts_with("<")) return read_aim_xml(text, file, options);
  if (bytes.size() >= 2 && bytes[0] == 0x08 && bytes[1] == 0x00) return read_dicom_sr(bytes, file);  // a bare dataset
  ViewerFile out;
  out.errors.push_back({file, 0, "", "neither a DICOM SR (no \"DICM\" at byte 128), AIM JSON ({) nor AIM XML (<)", ""});
  out.fatal = true;
  return out;
}

}  // namespace recist::io
