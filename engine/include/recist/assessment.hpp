#pragma once
// All observations of one track on one scan date (SPEC §1). Value type.

#include <optional>
#include <string>
#include <vector>

#include "recist/date.hpp"
#include "recist/iresponse.hpp"
#include "recist/lesion.hpp"
#include "recist/response.hpp"

namespace recist {

/// One assessment: the scan date, its visit label, and one observation per lesion recorded.
struct Assessment {
  Date date;
  std::string visit;
  std::vector<Observation> observations;
  /// The reader's own recorded overall response at this date, for comparison (SPEC 4.1).
  std::optional<Response> reported;
  /// Its date was imputed from a partial SDTM date (impute-partial-dates = admiral; ADTF = D).
  bool date_imputed = false;
  /// iRECIST: the reader's recorded i-response at this date, when `reported` held an i-code.
  std::optional<IResponse> reported_i = std::nullopt;
};

}  // namespace recist
