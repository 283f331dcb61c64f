// AIM 4 JSON reader (issue 33): ePAD's storage form of an ImageAnnotationCollection. One
// ViewerLesion per ImageAnnotation that carries a length calculation; the lesion is named by the
// annotation name before ePAD's "~" suffixes ("Lesion1~sp1~-~sp1~-1~sp1~#FFFFFF" → Lesion1), its
// site by the "Location" physical entity, its role by the "Type" observation characteristic.
// Messages name the member by its JSON path.
#include "io/read/aim_support.hpp"
#include "io/read/viewer_terms.hpp"
#include "recist/io/read/viewer.hpp"

namespace recist::io {
namespace {

using nlohmann::json;
using viewer::Code;

/// The members of a collection: an array, or a single object written without one.
std::vector<const json*> items(const json& parent, const char* key) {
  std::vector<const json*> out;
  if (!parent.is_object()) return out;
  const auto it = parent.find(key);
  if (it == parent.end()) return out;
  if (it->is_array()) {
    for (const json& j : *it) out.push_back(&j);
  } else if (it->is_object()) {
    out.push_back(&*it);
  }
  return out;
}

/// `parent[key][sub]` as text ("value" or "root" members), empty when absent; numbers as written.
std::string text(const json& parent, const char* key, const char* sub = "value") {
  if (!parent.is_object()) return {};
  const auto it = parent.find(key);
  if (it == parent.end()) return {};
  const json* v = &*it;
  if (v->is_object()) {
    const auto s = v->find(sub);
    if (s == v->end()) return {};
    v = &*s;
  }
  if (v->is_string()) return std::string(viewer::trim(v->get<std::string>()));
  if (v->is_number()) return v->dump();
  return {};
}

const json& member(const json& parent, const char* key) {
  static const json kNull;
  if (!parent.is_object()) return kNull;
  const auto it = parent.find(key);
  return it == parent.end() ? kNull : *it;
}

Code code_of(const json& c) {
  return {text(c, "code", ""), text(c, "codeSystemName", ""), text(c, "iso:displayName")};
}

std::optional<Date> aim_date(const std::string& s) {
  // "20080403" or "2008-04-03T…"
  std::string d;
  for (char c : s.substr(0, std::min<std::size_t>(s.size(), 10)))
    if (c >= '0' && c <= '9') d += c;
  if (d.size() < 8) return std::nullopt;
  return Date::from_ymd(std::stoi(d.substr(0, 4)), std::stoi(d.substr(4, 2)), std::stoi(d.substr(6, 2)));
}

void annotation(const json& a, const std::string& path, const ViewerLesion& header, const ViewerOptions& options,
                ViewerFile* out) {
  ViewerLesion l = header;
  l.position = path;
  l.sop_instance_uid = text(a, "uniqueIdentifier", "root");
  const std::string name = text(a, "name");
  l.tracking_id = name.substr(0, name.find('~'));
  for (const json* ref : items(member(a, "imageReferenceEntityCollection"), "ImageReferenceEntity")) {
    const json& study = member(*ref, "imageStudy");
    if (l.study_uid.empty()) l.study_uid = text(study, "instanceUid", "root");
    if (!l.study_date) l.study_date = aim_date(text(study, "startDate"));
    if (l.series_uid.empty()) l.series_uid = text(member(study, "imageSeries"), "instanceUid", "root");
  }
  const auto entities = items(member(a, "imagingPhysicalEntityCollection"), "ImagingPhysicalEntity");
  for (std::size_t i = 0; i < entities.size(); ++i) {
    const json& e = *entities[i];
    const std::string label = text(e, "label");
    const auto codes = items(e, "typeCode");
    if (codes.empty()) continue;
    const Code c = code_of(*codes.front());
    if (label == "Status") {
      l.status = c.meaning;
    } else if (label == "Location" || label.empty() || l.site.empty()) {
      const viewer::Site s = viewer::site_of(c);
      l.site = s.organ;
      l.nodal = s.nodal;
      l.site_code = viewer::to_string(c);
    }
  }
  for (const json* o : items(member(a, "imagingObservationEntityCollection"), "ImagingObservationEntity"))
    for (const json* ch :
         items(member(*o, "imagingObservationCharacteristicCollection"), "ImagingObservationCharacteristic")) {
      const auto codes = items(*ch, "typeCode");
      if (text(*ch, "label") == "Type" && !codes.empty()) l.role = viewer::role_of(code_of(*codes.front()).meaning);
    }
  const std::size_t errors_before = out->errors.size();
  const auto calcs = items(member(a, "calculationEntityCollection"), "CalculationEntity");
  for (std::size_t i = 0; i < calcs.size(); ++i) {
    const std::string cpath = path + "/calculationEntityCollection/CalculationEntity/" + std::to_string(i);
    std::optional<LengthKind> kind;
    Code name;
    for (const json* c : items(*calcs[i], "typeCode")) {
      name = code_of(*c);
      if ((kind = viewer::length_kind(name))) break;
    }
    if (!kind) continue;  // a statistic (mean, standard deviation…): no lesion length
    const auto results = items(member(*calcs[i], "calculationResultCollection"), "CalculationResult");
    if (results.empty()) {
      out->errors.push_back(
          {header.file, 0, "",
           cpath + ": " + viewer::to_string(name) + " has no CalculationResult: expected a length value", ""});
      continue;
    }
    const json& r = *results.front();
    const auto data = items(member(r, "calculationDataCollection"), "CalculationData");
    const std::string rpath = cpath + "/calculationResultCollection/CalculationResult/0";
    const std::string value = data.empty() ? std::string() : text(*data.front(), "value");
    if (value.empty()) {
      out->errors.push_back({header.file, 0, "",
                             rpath + ": " + viewer::to_string(name) + " has no value: expected a length in mm or cm",
                             ""});
      continue;
    }
    const std::string unit = text(r, "unitOfMeasure");
    Code ucum{unit, "UCUM", ""};
    if (unit == "linear") {
      if (options.linear_unit.empty()) {
        out->errors.push_back({header.file, 0, "",
                               rpath + "/unitOfMeasure: \"linear\" names no unit: expected mm or "
                                       "cm; ePAD writes its lengths in cm, give --linear-unit cm "
                                       "(README \"From the viewer\")",
                               ""});
        continue;
      }
      ucum.value = options.linear_unit;
    }
    std::string why;
    auto length =
        viewer::length_value(name, *kind, value, ucum, rpath + "/calculationDataCollection/CalculationData/0", &why);
    if (!length) {
      out->errors.push_back({header.file, 0, "", rpath + ": " + why, ""});
      continue;
    }
    length->source_unit = unit;
    l.lengths.push_back(*length);
  }
  if (l.lengths.empty()) {
    if (out->errors.size() == errors_before)
      out->warnings.push_back({header.file, 0, "", path + ": annotation \"" + name + "\" has no length: left out", ""});
    return;
  }
  out->lesions.push_back(std::move(l));
}

}  // namespace

namespace viewer {

void read_aim4_collection(const json& collection, const std::string& file, const ViewerOptions& options,
                          ViewerFile* out_file) {
  ViewerFile& out = *out_file;
  ViewerLesion header;
  header.file = file;
  header.patient_id = text(member(collection, "person"), "id");
  header.study_uid = text(collection, "studyInstanceUid", "root");
  const auto annotations = items(member(collection, "imageAnnotations"), "ImageAnnotation");
  if (annotations.empty())
    out.warnings.push_back({file, 0, "", "/ImageAnnotationCollection/imageAnnotations: no ImageAnnotation", ""});
  for (std::size_t i = 0; i < annotations.size(); ++i)
    annotation(*annotations[i], "/ImageAnnotationCollection/imageAnnotations/ImageAnnotation/" + std::to_string(i),
               header, options, &out);
}

}  // namespace viewer

ViewerFile read_aim_json(std::string_view input, const std::string& file, const ViewerOptions& options) {
  ViewerFile out;
  const json doc = json::parse(input.begin(), input.end(), nullptr, false);
  const auto fatal = [&](const std::string& message) {
    out.errors.push_back({file, 0, "", message, ""});
    out.fatal = true;
    return out;
  };
  if (doc.is_discarded()) return fatal("not valid JSON: expected an AIM 4 ImageAnnotationCollection");
  const json& collection = member(doc, "ImageAnnotationCollection");
  if (!collection.is_object()) return fatal("no ImageAnnotationCollection object: expected AIM 4 JSON (ePAD)");
  viewer::read_aim4_collection(collection, file, options, &out);
  return out;
}

}  // namespace recist::io
