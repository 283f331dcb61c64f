// Native XML writer (schemas/recist-native.xsd): one element per line, two-space indentation,
// attributes in the schema's order; optional attributes only when they carry a value.
#include <cstdio>

#include "recist/io/write/native_writers.hpp"

namespace recist::io {
namespace {

/// Appends ` name="value"` with the value escaped; line ends and tabs as character references,
/// so that a reader gets them back (attribute-value normalisation would turn them into spaces).
void attribute(std::string* out, std::string_view name, std::string_view value) {
  out->push_back(' ');
  out->append(name);
  out->append("=\"");
  for (char c : value) {
    switch (c) {
      case '&':
        out->append("&amp;");
        break;
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '"':
        out->append("&quot;");
        break;
      case '\n':
        out->append("&#10;");
        break;
      case '\r':
        out->append("&#13;");
        break;
      case '\t':
        out->append("&#9;");
        break;
      default:
        out->push_back(c);
    }
  }
  out->push_back('"');
}

void optional_attribute(std::string* out, std::string_view name, std::string_view value) {
  if (!value.empty()) attribute(out, name, value);
}

void open(std::string* out, int depth, std::string_view element) {
  out->append(static_cast<std::size_t>(depth) * 2, ' ');
  out->push_back('<');
  out->append(element);
}

void track_attributes(std::string* out, const std::string& subject, const std::string& reader,
                      const std::optional<Date>& start) {
  attribute(out, "subject", subject);
  attribute(out, "reader", reader);
  if (start) attribute(out, "start_date", start->to_string());
}

void lesion(std::string* out, const Lesion& l) {
  open(out, 2, "lesion");
  attribute(out, "id", l.id);
  attribute(out, "role", role_term(l));
  attribute(out, "site", l.site);
  attribute(out, "node", l.nodal ? "Y" : "N");
  attribute(out, "method", to_string(l.method));
  if (l.slice_thickness) attribute(out, "slice_mm", l.slice_thickness->to_string());
  attribute(out, "irradiated", to_string(l.irradiation));
  out->append("/>\n");
}

void observation(std::string* out, const Track& t, const Observation& o) {
  open(out, 3, "obs");
  attribute(out, "lesion", t.lesions[o.lesion].id);
  optional_attribute(out, "status", to_string(o.status));
  if (o.status == LesionStatus::Fragment) {  // R7: a child per fragment
    out->append(">\n");
    for (Millimetres f : fragments_of(o)) {
      open(out, 4, "fragment");
      attribute(out, "diameter_mm", f.to_string());
      out->append("/>\n");
    }
    out->append("      </obs>\n");
    return;
  }
  if (o.diameter) attribute(out, "diameter_mm", o.diameter->to_string());
  out->append("/>\n");
}

void track(std::string* out, const Track& t) {
  open(out, 1, "track");
  track_attributes(out, t.subject, t.reader, t.start_date);
  out->append(">\n");
  for (const Lesion& l : t.lesions) lesion(out, l);
  for (const Assessment& a : t.assessments) {
    open(out, 2, "assessment");
    attribute(out, "date", a.date.to_string());
    optional_attribute(out, "visit", a.visit);
    if (a.reported) attribute(out, "reported", to_string(*a.reported));
    out->append(">\n");
    for (const Observation& o : a.observations) observation(out, t, o);
    out->append("    </assessment>\n");
  }
  out->append("  </track>\n");
}

void recorded(std::string* out, const RecordedTrack& t) {
  open(out, 1, "recorded");
  track_attributes(out, t.subject, t.reader, t.start_date);
  out->append(">\n");
  if (t.baseline_date) {  // SPEC 4.2: the baseline is a first time point without a response
    open(out, 2, "timepoint");
    attribute(out, "date", t.baseline_date->to_string());
    out->append("/>\n");
  }
  for (const RecordedTimepoint& tp : t.timepoints) {
    open(out, 2, "timepoint");
    attribute(out, "date", tp.date.to_string());
    optional_attribute(out, "visit", tp.visit);
    if (tp.response) attribute(out, "response", to_string(*tp.response));
    out->append("/>\n");
  }
  out->append("  </recorded>\n");
}

}  // namespace

void write_native_xml(const Dataset& data, std::string* out) {
  out->append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<recist version=\"1\">\n");
  if (!data.tracks.empty()) {
    for (const Track& t : data.tracks) track(out, t);
  } else {
    for (const RecordedTrack& t : data.recorded) recorded(out, t);
  }
  out->append("</recist>\n");
}

}  // namespace recist::io
