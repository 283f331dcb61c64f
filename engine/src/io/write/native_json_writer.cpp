// Native JSON track writer (recist/io/read/native_json.hpp): every member written, the lesions in
// the track's order (of first observation), diameters as JSON numbers in their exact text, so
// that read_track_json() reads back the same track.
#include "recist/io/write/native_writers.hpp"
#include "recist/io/write/writers.hpp"

namespace recist::io {
namespace {

void append_member(std::string* out, std::string_view name, std::string_view text) {
  append_json_string(out, name);
  out->push_back(':');
  append_json_string(out, text);
}

void append_number(std::string* out, std::string_view name, const std::optional<Millimetres>& mm) {
  append_json_string(out, name);
  out->push_back(':');
  if (mm)
    mm->append_to(out);  // "23.1": a JSON number, exact
  else
    out->append("null");
}

}  // namespace

void write_track_json(const Track& track, std::string* out) {
  out->push_back('{');
  append_member(out, "subject", track.subject);
  out->push_back(',');
  append_member(out, "reader", track.reader);
  out->append(",\"start_date\":");
  if (track.start_date)
    append_json_string(out, track.start_date->to_string());
  else
    out->append("null");
  out->append(",\"lesions\":[");
  for (std::size_t i = 0; i < track.lesions.size(); ++i) {
    const Lesion& l = track.lesions[i];
    out->append(i ? ",{" : "{");
    append_member(out, "id", l.id);
    out->push_back(',');
    append_member(out, "role", role_term(l));
    out->push_back(',');
    append_member(out, "site", l.site);
    out->push_back(',');
    append_member(out, "node", l.nodal ? "Y" : "N");
    out->push_back(',');
    append_member(out, "method", to_string(l.method));
    out->push_back(',');
    append_number(out, "slice_mm", l.slice_thickness);
    out->push_back(',');
    append_member(out, "irradiated", to_string(l.irradiation));
    out->push_back('}');
  }
  out->append("],\"assessments\":[");
  for (std::size_t i = 0; i < track.assessments.size(); ++i) {
    const Assessment& a = track.assessments[i];
    out->append(i ? ",{" : "{");
    append_member(out, "date", a.date.to_string());
    out->push_back(',');
    append_member(out, "visit", a.visit);
    out->append(",\"reported\":");
    if (a.reported)
      append_json_string(out, to_string(*a.reported));
    else
      out->append("null");
    out->append(",\"observations\":[");
    for (std::size_t k = 0; k < a.observations.size(); ++k) {
      const Observation& o = a.observations[k];
      out->append(k ? ",{" : "{");
      append_member(out, "lesion", track.lesions[o.lesion].id);
      out->push_back(',');
      append_member(out, "status", to_string(o.status));
      if (o.status == LesionStatus::Fragment) {  // R7: each piece's diameter
        out->append(",\"fragments\":[");
        const std::vector<Millimetres> pieces = fragments_of(o);
        for (std::size_t p = 0; p < pieces.size(); ++p) {
          if (p) out->push_back(',');
          pieces[p].append_to(out);
        }
        out->push_back(']');
      } else {
        out->push_back(',');
        append_number(out, "diameter_mm", o.diameter);
      }
      out->push_back('}');
    }
    out->append("]}");
  }
  out->append("]}");
}

}  // namespace recist::io
