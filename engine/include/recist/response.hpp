#pragma once
// Response codes (CDISC controlled terms, SPEC §1).

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace recist {

/// A time-point, component or best overall response. ND and Missing are admiralonco's codes
/// (`convention = admiralonco` only): an assessment not done, and a subject without assessment.
enum class Response { CR, PR, SD, NonCrNonPd, PD, NE, NA, ND, Missing };

/// "CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE", "NA", "ND", "MISSING".
std::string_view to_string(Response r);
/// Parses the codes of SPEC §1, CR to NA (case-insensitive); nullopt for anything else.
std::optional<Response> parse_response(std::string_view text);
/// Parses admiralonco's ND and MISSING (case-insensitive); nullopt for anything else.
std::optional<Response> parse_admiralonco_response(std::string_view text);

/// Whether the new lesions at a time point were none, unequivocal, or only equivocal (SPEC 5.1).
enum class NewLesions { No, Yes, Equivocal };
/// "NO", "YES", "EQUIVOCAL".
std::string_view to_string(NewLesions n);

/// A code's text (CR, NON-CR/NON-PD, EQUIVOCAL …) padded to 16 bytes, for the writers of every
/// time point: copied with one move of 16 bytes, then `size` taken.
struct PaddedCode {
  char text[16];
  std::uint8_t size;
};

namespace detail {
/// The codes' texts, indexed by their enumerator (to_string()), and padded.
inline constexpr std::string_view kResponseTexts[] = {"CR", "PR", "SD", "NON-CR/NON-PD", "PD",
                                                      "NE", "NA", "ND", "MISSING"};
inline constexpr std::string_view kNewLesionTexts[] = {"NO", "YES", "EQUIVOCAL"};
template <std::size_t N>
constexpr std::array<PaddedCode, N> padded_texts(const std::string_view (&texts)[N]) {
  std::array<PaddedCode, N> out{};
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t k = 0; k < texts[i].size(); ++k) out[i].text[k] = texts[i][k];
    out[i].size = static_cast<std::uint8_t>(texts[i].size());
  }
  return out;
}
inline constexpr auto kResponsePadded = padded_texts(kResponseTexts);
inline constexpr auto kNewLesionPadded = padded_texts(kNewLesionTexts);
}  // namespace detail

/// to_string(r), padded (a lookup, inline: a batch writes several codes per time point).
inline const PaddedCode& padded(Response r) { return detail::kResponsePadded[static_cast<std::size_t>(r)]; }
/// to_string(n), padded.
inline const PaddedCode& padded(NewLesions n) { return detail::kNewLesionPadded[static_cast<std::size_t>(n)]; }

}  // namespace recist
