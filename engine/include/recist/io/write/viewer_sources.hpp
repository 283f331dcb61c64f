#pragma once
// The sources file of `recist import` (issue 33): beside the native measurements CSV, which has
// no column for it, where every imported value came from and how it was written there.

#include <string>

#include "recist/io/read/viewer.hpp"

namespace recist::io {

/// The columns of the sources CSV, in order.
inline constexpr std::string_view kViewerSourceColumns[] = {"subject",
                                                            "date",
                                                            "lesion",
                                                            "quantity",
                                                            "diameter_mm",
                                                            "exact_mm",
                                                            "source_value",
                                                            "source_unit",
                                                            "file",
                                                            "sop_instance_uid",
                                                            "content_item",
                                                            "tracking_uid",
                                                            "tracking_identifier",
                                                            "study_uid",
                                                            "series_uid"};

/// Appends the sources CSV: one row per imported value, in the order of the native CSV's rows.
void write_viewer_sources_csv(const ImportResult& result, std::string* out);

}  // namespace recist::io
