#pragma once
// What the SDTM RS and ADaM ADRS writers share: the date a best response was reached, a CSV row.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "recist/date.hpp"
#include "recist/profile.hpp"
#include "recist/response.hpp"
#include "recist/result.hpp"

namespace recist::io {

/// The date of the time point that gave the track's best overall response, `confirmed` (R15) or
/// not (R14): the first CR for CR; the first CR or PR for PR; the first time point counting as SD
/// (at least `sd_min_days` after start_date) for SD and NON-CR/NON-PD; the PD date for PD; none
/// for NE. Only time points up to the first PD count. Under `convention = admiralonco`, the date
/// the rules chose (BestResponse::bor_date, confirmed_bor_date).
std::optional<Date> best_response_date(const TrackResult& track, bool confirmed, const Profile& profile);

}  // namespace recist::io
