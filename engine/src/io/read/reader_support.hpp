#pragma once
// Pieces shared by the readers: text helpers, the error sink that enforces the error limit and
// --strict, and the header check of the CSV formats.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "recist/io/read/csv.hpp"
#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"
#include "recist/date.hpp"
#include "recist/millimetres.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace recist::io {

inline constexpr std::string_view kResponseCodesExpected =
    "expected one of CR, PR, SD, NON-CR/NON-PD, PD, NE";

std::string_view trim(std::string_view s);
/// "a, b, c": known names listed in a message.
std::string join_names(std::span<const std::string_view> names);
/// parse_date() and parse_millimetres() of a field's text; on failure nullopt, with the readers'
/// message in `message` ("\"TEXT\": what was expected").
std::optional<Date> date_field(std::string_view v, std::string* message);
std::optional<Millimetres> millimetres_field(std::string_view v, std::string* message);
std::string upper(std::string_view s);
std::string lower(std::string_view s);

/// `c` in upper case, as std::toupper makes it in the "C" locale (the program never changes it).
constexpr char upper_char(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

/// Whether `v`, upper-cased, is `upper_word` (without making the upper-cased copy).
constexpr bool is_upper_word(std::string_view v, std::string_view upper_word) {
  if (v.size() != upper_word.size()) return false;
  if (v == upper_word) return true;  // the usual spelling, compared at once
  for (std::size_t i = 0; i < v.size(); ++i)
    if (upper_char(v[i]) != upper_word[i]) return false;
  return true;
}

#if defined(__SSE2__)
/// The 64 bytes at `p` as bit masks: `ends` has bit k set when byte k ends an unquoted CSV field (a
/// comma, a line end) or may not be in one (a quote), `breaks` when it is one of those but not a
/// comma, and `blanks` (when asked for) when it is a blank or a control character (trimmed() looks
/// for a byte up to ' ').
inline void csv_block_masks(const char* p, std::uint64_t* ends, std::uint64_t* breaks,
                            std::uint64_t* blanks = nullptr) {
  std::uint64_t e = 0, b = 0, t = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i brk =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    const __m128i end = _mm_or_si128(brk, _mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
    b |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(brk))) << (16 * k);
    e |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(end))) << (16 * k);
    if (blanks) {
      const __m128i blank = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(' ')), v);
      t |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(blank))) << (16 * k);
    }
  }
  *ends = e;
  *breaks = b;
  if (blanks) *blanks = t;
}

/// csv_block_masks() with all three masks, 32 bytes at a time, for a processor with AVX2. In
/// measurement_rows.cpp.
void csv_block_masks_avx2(const char* p, std::uint64_t* ends, std::uint64_t* breaks, std::uint64_t* blanks);
#endif

/// The offset of the first control character of `s` (a byte below 0x20 but tab and the line ends,
/// which a quoted field may hold: NUL, ESC …), or npos. An id, site or visit must hold none: XML
/// 1.0 cannot hold one at all (`recist convert --to xml` would write a broken document), a
/// terminal acts on them, and a corrupt export is the usual cause.
std::size_t find_control(std::string_view s);

/// The message for a control character at `at` in `s`: "the text holds the control character 0x01
/// (byte 3): printable text was expected".
std::string control_message(std::string_view s, std::size_t at);

/// The offset in an XML document of a NUL character, written as a byte or as a character
/// reference (&#0;, &#x00; …), or npos. XML 1.0 allows neither, and pugixml, whose strings end at a
/// NUL, would cut the value there without a word.
std::size_t find_xml_nul(std::string_view text);

/// Collects the errors of one input into a Dataset, up to ReadOptions::max_errors.
class ErrorSink {
 public:
  ErrorSink(std::string file, const ReadOptions& options, Dataset* out)
      : file_(std::move(file)), options_(options), out_(out) {}
  /// Records an error; under --strict, the reading stops (see stopped()).
  void add(std::int64_t line, std::string column, std::string message, std::string subject);
  /// Records an error that makes the whole input unreadable.
  void fatal(std::int64_t line, std::string column, std::string message);
  /// True once reading must stop: --strict after the first error.
  bool stopped() const { return stopped_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  const ReadOptions& options_;
  Dataset* out_;
  bool stopped_ = false;
};

/// Reads and checks the header of a CSV input: every name known (else the nearest known name is
/// suggested), none twice, the required ones present. Fills `at` (by known column: the field index,
/// or -1) and `width`. False after a fatal error.
bool read_header(CsvReader& reader, CsvRecord* record, std::span<const std::string_view> known,
                 std::initializer_list<int> required, ErrorSink& errors, int* at, std::size_t* width);

}  // namespace recist::io
