#pragma once
// Response codes (CDISC controlled terms, SPEC §1).

#include <optional>
#include <string_view>

namespace recist {

/// A time-point, component or best overall response.
enum class Response { CR, PR, SD, NonCrNonPd, PD, NE, NA };

/// "CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE", "NA".
std::string_view to_string(Response r);
/// Parses the codes above (case-insensitive); nullopt for anything else.
std::optional<Response> parse_response(std::string_view text);

/// Whether the new lesions at a time point were none, unequivocal, or only equivocal (SPEC 5.1).
enum class NewLesions { No, Yes, Equivocal };
/// "NO", "YES", "EQUIVOCAL".
std::string_view to_string(NewLesions n);

}  // namespace recist
