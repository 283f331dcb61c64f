// AIM XML reader (issue 33), through pugixml. AIM v3 (caCORE 3.2, "AIM.1.0": the AIM Toolkit's
// samples) keeps codes and values in attributes of one ImageAnnotation; AIM v4 (caCORE 4.4) is
// the ImageAnnotationCollection that ePAD also serializes as JSON, so it is converted to that JSON
// tree and read by the same walk (aim_support.hpp). Messages name the line and the element path.
#include <pugixml.hpp>

#include "io/read/aim_support.hpp"
#include "io/read/viewer_terms.hpp"
#include "recist/io/read/viewer.hpp"

namespace recist::io {
namespace {

using viewer::Code;

/// The local name of an element, without its namespace prefix.
std::string_view local(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c : n.children())
    if (local(c) == name) return c;
  return {};
}

/// The first element `path` ("a/b/c", local names) below `n`.
pugi::xml_node descend(pugi::xml_node n, std::string_view path) {
  while (n && !path.empty()) {
    const std::size_t slash = path.find('/');
    n = child(n, path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return n;
}

std::string attr(const pugi::xml_node& n, const char* name) {
  return std::string(viewer::trim(n.attribute(name).value()));
}

Code code_of(const pugi::xml_node& n) {
  return {attr(n, "codeValue"), attr(n, "codingSchemeDesignator"), attr(n, "codeMeaning")};
}

/// 1-based line of an element, from its offset in the text.
std::int64_t line_of(std::string_view text, const pugi::xml_node& n) {
  const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, n.offset_debug()));
  std::int64_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

std::string path_of(const pugi::xml_node& n) {
  std::string out;
  for (pugi::xml_node p = n; p && p.type() == pugi::node_element; p = p.parent())
    out = "/" + std::string(local(p)) + out;
  return out;
}

std::optional<Date> aim_date(const std::string& s) {
  std::string d;
  for (char c : s.substr(0, std::min<std::size_t>(s.size(), 10)))
    if (c >= '0' && c <= '9') d += c;
  if (d.size() < 8) return std::nullopt;
  return Date::from_ymd(std::stoi(d.substr(0, 4)), std::stoi(d.substr(4, 2)), std::stoi(d.substr(6, 2)));
}

/// AIM v3: one ImageAnnotation, codes in attributes.
void read_v3(std::string_view text, const pugi::xml_node& a, const std::string& file, const ViewerOptions& options,
             ViewerFile* out) {
  ViewerLesion l;
  l.file = file;
  l.position = path_of(a);
  l.sop_instance_uid = attr(a, "uniqueIdentifier");
  l.tracking_id = attr(a, "name");
  l.patient_id = attr(descend(a, "person/Person"), "id");
  const pugi::xml_node study = descend(a, "imageReferenceCollection/ImageReference/imageStudy/ImageStudy");
  l.study_uid = attr(study, "instanceUID");
  l.study_date = aim_date(attr(study, "startDate"));
  l.series_uid = attr(descend(study, "imageSeries/ImageSeries"), "instanceUID");
  if (const pugi::xml_node site = descend(a, "anatomicEntityCollection/AnatomicEntity")) {
    const Code c = code_of(site);
    const viewer::Site s = viewer::site_of(c);
    l.site = s.organ;
    l.nodal = s.nodal;
    l.site_code = viewer::to_string(c);
  }
  // The annotation's own code (the toolkit's samples say "Target Lesion Complete Response" for a
  // measured baseline lesion) is not read as a role.
  const std::size_t errors_before = out->errors.size();
  for (pugi::xml_node calc : descend(a, "calculationCollection").children()) {
    if (local(calc) != "Calculation") continue;
    const Code name = code_of(calc);
    const std::optional<LengthKind> kind = viewer::length_kind(name);
    if (!kind) continue;
    const pugi::xml_node result = descend(calc, "calculationResultCollection/CalculationResult");
    const pugi::xml_node data = descend(result, "calculationDataCollection/CalculationData");
    const auto error = [&](const pugi::xml_node& at, const std::string& message) {
      out->errors.push_back({file, line_of(text, at), "", path_of(at) + ": " + message, ""});
    };
    if (!data || attr(data, "value").empty()) {
      error(result ? result : calc, viewer::to_string(name) + " has no CalculationData value: expected a length in mm");
      continue;
    }
    const std::string unit = attr(result, "unitOfMeasure");
    Code ucum{unit == "linear" ? options.linear_unit : unit, "UCUM", ""};
    if (unit == "linear" && options.linear_unit.empty()) {
      error(result, "unitOfMeasure \"linear\" names no unit: expected mm or cm; give --linear-unit");
      continue;
    }
    std::string why;
    auto length = viewer::length_value(name, *kind, attr(data, "value"), ucum, path_of(data), &why);
    if (!length) {
      error(data, why);
      continue;
    }
    length->source_unit = unit;
    l.lengths.push_back(*length);
  }
  if (l.lengths.empty()) {
    if (out->errors.size() == errors_before)
      out->warnings.push_back(
          {file, line_of(text, a), "",
           l.position + ": annotation \"" + l.tracking_id + "\" has no length calculation: left out", ""});
    return;
  }
  out->lesions.push_back(std::move(l));
}

/// AIM v4 XML as the JSON tree of ePAD: attributes are members, child elements are members (an
/// array when repeated).
nlohmann::json to_json(const pugi::xml_node& n, int depth = 0) {
  nlohmann::json j = nlohmann::json::object();
  for (pugi::xml_attribute a : n.attributes()) j[a.name()] = a.value();
  for (pugi::xml_node c : n.children()) {
    if (c.type() != pugi::node_element || depth > 64) continue;  // AIM nests a dozen levels; no deeper
    const std::string_view full = c.name();
    const std::string key = full.starts_with("iso:") ? std::string(full) : std::string(local(c));  // ePAD keeps iso:
    nlohmann::json value = to_json(c, depth + 1);
    if (!j.contains(key)) {
      j[key] = std::move(value);
    } else {
      if (!j[key].is_array()) j[key] = nlohmann::json::array({j[key]});
      j[key].push_back(std::move(value));
    }
  }
  return j;
}

}  // namespace

ViewerFile read_aim_xml(std::string_view text, const std::string& file, const ViewerOptions& options) {
  ViewerFile out;
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    std::int64_t line = 1;
    for (std::ptrdiff_t i = 0; i < parsed.offset && i < static_cast<std::ptrdiff_t>(text.size()); ++i)
      line += text[i] == '\n';
    out.errors.push_back({file, line, "", std::string("not well-formed XML: ") + parsed.description(), ""});
    out.fatal = true;
    return out;
  }
  const pugi::xml_node root = doc.document_element();
  if (local(root) == "ImageAnnotation") {
    read_v3(text, root, file, options, &out);
  } else if (local(root) == "ImageAnnotationCollection") {
    viewer::read_aim4_collection(to_json(root), file, options, &out);
  } else {
    out.errors.push_back({file, line_of(text, root), "",
                          "root element <" + std::string(root.name()) +
                              ">: expected an AIM ImageAnnotation (v3) or "
                              "ImageAnnotationCollection (v4)",
                          ""});
    out.fatal = true;
  }
  return out;
}

}  // namespace recist::io
