#include "text_cursor.hpp"

#include <algorithm>
#include <array>

namespace recist::io {
namespace {

template <typename Code, std::size_t N>
std::array<PaddedCode, N> padded_codes(const Code (&codes)[N]) {
  std::array<PaddedCode, N> out{};
  for (Code c : codes) {
    const std::string_view text = to_string(c);
    PaddedCode& p = out[static_cast<std::size_t>(c)];
    std::memcpy(p.text, text.data(), std::min<std::size_t>(text.size(), 16));
    p.size = static_cast<std::uint8_t>(text.size());
  }
  return out;
}

const auto kResponseCodes = padded_codes({Response::CR, Response::PR, Response::SD, Response::NonCrNonPd,
                                          Response::PD, Response::NE, Response::NA});
const auto kNewLesionCodes = padded_codes({NewLesions::No, NewLesions::Yes, NewLesions::Equivocal});

}  // namespace

const PaddedCode& padded(Response r) { return kResponseCodes[static_cast<std::size_t>(r)]; }
const PaddedCode& padded(NewLesions n) { return kNewLesionCodes[static_cast<std::size_t>(n)]; }

}  // namespace recist::io
