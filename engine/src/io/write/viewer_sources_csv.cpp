// The sources CSV of `recist import` (issue 33; README "From the viewer"): for each imported
// value its rounded diameter (as in the native CSV), the exact value in mm, and the value, unit,
// file, SOP Instance UID and content item as the viewer wrote them.
#include "recist/io/read/csv.hpp"
#include "recist/io/write/viewer_sources.hpp"

namespace recist::io {

void write_viewer_sources_csv(const ImportResult& result, std::string* out) {
  bool first = true;
  for (std::string_view c : kViewerSourceColumns) {
    if (!first) out->push_back(',');
    first = false;
    append_csv_field(out, c);
  }
  out->push_back('\n');
  for (const ImportedValue& v : result.values) {
    const ViewerLesion& from = *v.from;
    const ViewerLength& l = *v.length;
    append_csv_row(out, {v.subject, v.date.to_string(), v.lesion, to_string(l.kind), l.mm.to_string(), l.exact_mm,
                         l.source_value, l.source_unit, from.file, from.sop_instance_uid, l.position, from.tracking_uid,
                         from.tracking_id, from.study_uid, from.series_uid});
  }
}

}  // namespace recist::io
