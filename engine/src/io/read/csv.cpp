#include "recist/io/read/csv.hpp"

#include <array>

#include "reader_support.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace recist::io {
namespace {

/// The bytes that end an unquoted field (or are not allowed in one).
constexpr std::array<bool, 256> kFieldEnd = [] {
  std::array<bool, 256> t{};
  t[','] = t['\n'] = t['\r'] = t['"'] = true;
  return t;
}();

#if defined(__SSE2__)
/// Bit k set when byte k of the 16 at `p` ends an unquoted field.
unsigned field_ends(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i hit =
      _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(',')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))),
                   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r')), _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))));
  return static_cast<unsigned>(_mm_movemask_epi8(hit));
}

#endif

/// The offset of the first byte from `from` on that ends an unquoted field (`n` when none).
std::size_t find_field_end(const char* s, std::size_t from, std::size_t n) {
  std::size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16)
    if (const unsigned mask = field_ends(s + i)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
#endif
  while (i < n && !kFieldEnd[static_cast<unsigned char>(s[i])]) ++i;
  return i;
}

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // UTF-8 byte order mark
}

CsvReader::CsvReader(std::string_view text, std::size_t offset, std::int64_t line)
    : text_(text), pos_(offset), line_(line) {}

bool CsvReader::next(CsvRecord* record) {
  record->fields.clear();
  record->unescaped = false;
  if (!unescaped_.empty()) unescaped_.clear();
  if (pos_ >= text_.size() || !error_.empty()) return false;
  record->line = line_;
  const std::size_t n = text_.size();
  const char* const s = text_.data();
#if defined(__SSE2__)
  // The usual record, without quotes: its fields from bit masks of 64 bytes at a time, kept from
  // one record to the next (a record is shorter than a block). At a quote (or near the end of the
  // text) the general loop below goes on from the field under way.
  std::size_t field = pos_;
  for (std::size_t scan = pos_;;) {
    const std::size_t base = scan & ~std::size_t{63};
    if (base + 64 > n) break;
    if (base != block_) {
      csv_block_masks(s + base, &block_ends_, &block_breaks_);
      block_ = base;
    }
    // The commas before the first line end or quote from `scan` on, then that line end or quote.
    const std::uint64_t from = ~std::uint64_t{0} << (scan - base);
    const std::uint64_t breaks = block_breaks_ & from;
    std::uint64_t commas = block_ends_ & ~block_breaks_ & from;
    if (breaks) commas &= (breaks & (0 - breaks)) - 1;
    std::string_view* out = record->fields.room(65);
    for (; commas; commas &= commas - 1) {
      const std::size_t at = base + static_cast<std::size_t>(__builtin_ctzll(commas));
      *out++ = std::string_view(s + field, at - field);
      field = at + 1;
    }
    if (breaks) {
      const std::size_t at = base + static_cast<std::size_t>(__builtin_ctzll(breaks));
      if (s[at] == '"') {
        record->fields.commit(out);
        break;
      }
      *out++ = std::string_view(s + field, at - field);
      record->fields.commit(out);
      pos_ = at + (s[at] == '\r' && at + 1 < n && s[at + 1] == '\n' ? 2 : 1);  // the line end
      ++line_;
      return true;
    }
    record->fields.commit(out);
    scan = base + 64;
  }
  pos_ = field;
#endif
  while (true) {
    if (pos_ < n && s[pos_] == '"') {
      // Quoted field: up to the closing quote; "" is one quote.
      const std::int64_t start_line = line_;
      std::size_t i = pos_ + 1;
      std::string* copy = nullptr;
      std::size_t run_start = i;
      while (true) {
        std::size_t q = text_.find('"', i);
        if (q == std::string_view::npos) {
          error_ = "a quoted field is not closed (opened on line " + std::to_string(start_line) + ")";
          error_line_ = start_line;
          return false;
        }
        for (std::size_t k = i; k < q; ++k)
          if (s[k] == '\n') ++line_;
        if (q + 1 < n && s[q + 1] == '"') {
          if (!copy) copy = &unescaped_.emplace_back();
          copy->append(text_.substr(run_start, q + 1 - run_start));
          i = q + 2;
          run_start = i;
          continue;
        }
        if (copy) {
          copy->append(text_.substr(run_start, q - run_start));
          record->fields.emplace_back(*copy);
          record->unescaped = true;
        } else {
          record->fields.push_back(text_.substr(pos_ + 1, q - pos_ - 1));
        }
        pos_ = q + 1;
        break;
      }
      if (pos_ < n && s[pos_] != ',' && s[pos_] != '\n' && s[pos_] != '\r') {
        error_ = "a character after the closing quote of a field (a comma or the end of the line was expected)";
        error_line_ = line_;
        return false;
      }
    } else {
      const std::size_t end = find_field_end(s, pos_, n);
      if (end < n && s[end] == '"') {
        error_ = "a quote inside an unquoted field (quote the whole field and double the quote)";
        error_line_ = line_;
        return false;
      }
      record->fields.push_back(text_.substr(pos_, end - pos_));
      pos_ = end;
    }
    if (pos_ >= n) return true;
    if (s[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (s[pos_] == '\r') ++pos_;
    if (pos_ < n && s[pos_] == '\n') ++pos_;
    ++line_;
    return true;
  }
}

void append_csv_field(std::string* out, std::string_view field) {
  // The bytes that need quoting are those that end an unquoted field.
  if (find_field_end(field.data(), 0, field.size()) == field.size()) {
    out->append(field);
    return;
  }
  out->reserve(out->size() + field.size() + 8);
  out->push_back('"');
  for (std::size_t from = 0;;) {
    const std::size_t quote = field.find('"', from);
    if (quote == std::string_view::npos) {
      out->append(field.substr(from));
      break;
    }
    out->append(field.substr(from, quote + 1 - from)).push_back('"');  // a quote is doubled
    from = quote + 1;
  }
  out->push_back('"');
}

void append_csv_row(std::string* out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view f : fields) {
    if (!first) out->push_back(',');
    first = false;
    append_csv_field(out, f);
  }
  out->push_back('\n');
}

}  // namespace recist::io
