#pragma once
// iRECIST's response codes (Seymour et al., Lancet Oncol 2017;18:e143–e152, table 2), apart from
// the results that carry them so that a recorded i-response can sit beside a recorded RECIST 1.1
// one (Assessment::reported_i, RecordedTimepoint::iresponse). Value type.

#include <cstdint>
#include <optional>
#include <string_view>

namespace recist {

/// An iRECIST time-point or best overall response (Seymour 2017, table 2).
enum class IResponse : std::uint8_t { iCR, iPR, iSD, NonICrNonIUpd, iUPD, iCPD, iNE };

/// "iCR", "iPR", "iSD", "NON-iCR/NON-iUPD", "iUPD", "iCPD", "iNE".
std::string_view to_string(IResponse r);
/// Parses the codes above (case-insensitive); nullopt for anything else.
std::optional<IResponse> parse_iresponse(std::string_view text);

}  // namespace recist
