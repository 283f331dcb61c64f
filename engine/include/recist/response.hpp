#pragma once
// Response codes (CDISC controlled terms, SPEC §1).

#include <cstdint>
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

/// A code's text (CR, NON-CR/NON-PD, EQUIVOCAL …) padded to 16 bytes, for the writers of every
/// time point (issue 6): copied with one move of 16 bytes, then `size` taken.
struct PaddedCode {
  char text[16];
  std::uint8_t size;
};
/// to_string(r), padded.
const PaddedCode& padded(Response r);
/// to_string(n), padded.
const PaddedCode& padded(NewLesions n);

}  // namespace recist
