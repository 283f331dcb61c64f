// Rows of the native measurements CSV (SPEC 4.1) and the Track they make. The checks and messages
// are those of the SPEC's rules for the file: a bad field names its column, a track whose rows
// contradict each other is reported and left out.
#include "measurement_rows.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "io/read/reader_support.hpp"
#include "recist/io/read/native_csv.hpp"

namespace recist::io {
namespace {

/// `a`, upper-cased, equals `upper_b` (as upper() would make it).
bool equals_upper(std::string_view a, std::string_view upper_b) {
  return is_upper_word(a, upper_b);
}

/// parse_millimetres, with the usual form (up to 6 digits, then a point and 1 or 2 decimals, or
/// none) read here at once; anything else, errors included, goes to parse_millimetres.
std::optional<Millimetres> millimetres_of(std::string_view v, std::string* why) {
  const std::size_t n = v.size();
  std::size_t i = 0;
  std::int64_t whole = 0;
  while (i < n && i < 6 && v[i] >= '0' && v[i] <= '9') whole = whole * 10 + (v[i++] - '0');
  if (i > 0 && i == n) return Millimetres::from_hundredths(whole * 100);
  if (i > 0 && v[i] == '.' && (n - i == 2 || n - i == 3)) {
    std::int64_t frac = 0;
    bool digits = true;
    for (std::size_t k = i + 1; k < n; ++k) {
      digits &= v[k] >= '0' && v[k] <= '9';
      frac = frac * 10 + (v[k] - '0');
    }
    if (digits) return Millimetres::from_hundredths(whole * 100 + (n - i == 2 ? frac * 10 : frac));
  }
  return parse_millimetres(v, why);
}

/// millimetres_of() for its usual form (up to 6 digits, then a point and 1 or 2 decimals, or none)
/// in a field of `n` bytes at `p` from which 8 bytes can be read: all digits at once. False for any
/// other form, which millimetres_of() then reads.
/// Always inlined, into both versions of parse_plain().
__attribute__((always_inline)) inline bool usual_millimetres(const char* p, std::size_t n, Millimetres* out) {
  if (n == 0 || n > 8) return false;
  // The most usual of all, one decimal, digit by digit: fewer steps than the shifts below.
  if (n >= 3 && p[n - 2] == '.') {
    std::int64_t whole = 0;
    unsigned bad = 0;
    for (std::size_t i = 0; i + 2 < n; ++i) {
      const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(p[i])) - '0';
      bad |= static_cast<unsigned>(digit > 9);
      whole = whole * 10 + digit;
    }
    const unsigned tenths = static_cast<unsigned>(static_cast<unsigned char>(p[n - 1])) - '0';
    if (bad | static_cast<unsigned>(tenths > 9)) return false;
    *out = Millimetres::from_hundredths(whole * 100 + tenths * 10);
    return true;
  }
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kZeros = 0x30 * kOnes;  // "00000000"
  std::uint64_t x;
  std::memcpy(&x, p, 8);  // the first byte lowest
  const unsigned keep = static_cast<unsigned>(64 - 8 * n);
  x = (x << keep) >> keep;  // the field's bytes only
  // The point, if any: the first byte of x equal to '.'.
  const std::uint64_t eq = x ^ (0x2E * kOnes);
  const std::uint64_t points = (eq - kOnes) & ~eq & (0x80 * kOnes);
  std::size_t whole = n, decimals = 0;
  std::uint64_t digits = x;
  if (points) {
    whole = static_cast<std::size_t>(__builtin_ctzll(points)) / 8;
    decimals = n - whole - 1;
    if (whole == 0 || decimals == 0 || decimals > 2) return false;
    const std::uint64_t low = x & (~std::uint64_t{0} >> (64 - 8 * whole));
    digits = low | ((x >> (8 * whole + 8)) << (8 * whole));  // the point taken out
  }
  if (whole > 6) return false;
  const std::size_t count = whole + decimals;  // 1 to 8, and 8 only without a point (whole > 6)
  // Right-aligned under leading zeros, then checked and converted eight digits at once.
  const std::uint64_t padded = (digits << (64 - 8 * count)) | (count < 8 ? kZeros >> (8 * count) : 0);
  if ((padded & (0xF0 * kOnes)) != kZeros || (((padded & (0x0F * kOnes)) + 0x06 * kOnes) & (0xF0 * kOnes)) != 0)
    return false;
  std::uint64_t v = padded - kZeros;
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFu;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFu;
  v = (v * 10000 + (v >> 32)) & 0xFFFFFFFFu;
  static constexpr std::int64_t kScale[] = {100, 10, 1};
  *out = Millimetres::from_hundredths(static_cast<std::int64_t>(v) * kScale[decimals]);
  return true;
}

/// Date::from_ymd() for a year of four digits, without its divisions by a variable: the days
/// before each month counted from 1 March, so that a leap day ends its year.
std::optional<Date> date_of(unsigned year, unsigned month, unsigned day) {
  static constexpr std::uint8_t kLength[13] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static constexpr std::uint16_t kFromMarch[13] = {0, 306, 337, 0, 31, 61, 92, 122, 153, 184, 214, 245, 275};
  if (year == 0 || month - 1 > 11 || day - 1 >= kLength[month]) return std::nullopt;
  if (month == 2 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return std::nullopt;
  const unsigned y = year - (month <= 2);
  const unsigned before = y * 365 + y / 4 - y / 100 + y / 400 + kFromMarch[month] + day - 1;
  return Date::from_days(static_cast<std::int32_t>(before) - 719468);  // 1970-01-01 is day 719468
}

/// parse_date() of the text YYYY-MM-DD whose first 8 bytes are `head` and last 2 `tail` (the first
/// byte lowest), when it is a date; nullopt for anything else. The first day of the year is taken
/// from `year` when it is the year's, else counted and kept there.
std::optional<Date> usual_date(std::uint64_t head, std::uint32_t tail, DateYear* year) {
  // Each byte less the one expected ('0', or '-'): at most 9 for a digit (0 for the dash), else 128
  // or more when 0x76 (0x7F) is added.
  constexpr std::uint64_t kForm = 0x2D30302D30303030u;  // "0000-00-"
  constexpr std::uint64_t kAbove = 0x7F76767F76767676u;
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  const std::uint64_t h = head ^ kForm;
  const std::uint32_t t = tail ^ 0x3030u;
  if (((h | (h + kAbove)) & kHigh) != 0 || ((t | (t + 0x7676u)) & 0x8080u) != 0) return std::nullopt;
  const std::uint64_t pairs = h * 10 + (h >> 8);  // byte i: digit i, times 10, plus digit i + 1
  const auto month = static_cast<unsigned>((pairs >> 40) & 0xFF);
  const unsigned day = (t & 0xFF) * 10 + (t >> 8);
  if (const auto text = static_cast<std::uint32_t>(head); text != year->text) {
    const auto y = static_cast<unsigned>((pairs & 0xFF) * 100 + ((pairs >> 16) & 0xFF));
    const std::optional<Date> first = date_of(y, 1, 1);
    if (!first) return std::nullopt;  // year 0
    *year = DateYear{text, first->days_since_epoch(), (y % 4 == 0 && y % 100 != 0) || y % 400 == 0};
  }
  // The days of each month, and before it, in a year without 29 February.
  static constexpr std::uint8_t kLength[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  static constexpr std::uint16_t kBefore[13] = {0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  if (month - 1 > 11) return std::nullopt;
  const unsigned leap_day = month == 2 && year->leap;
  if (day - 1 >= kLength[month] + leap_day) return std::nullopt;
  const unsigned after_leap_day = month > 2 && year->leap;
  return Date::from_days(year->first_day + static_cast<std::int32_t>(kBefore[month] + after_leap_day + day - 1));
}

/// A word of up to 8 bytes as usual_word() reads it.
constexpr std::uint64_t packed_word(std::string_view w) {
  std::uint64_t x = 0;
  for (std::size_t i = w.size(); i-- > 0;) x = x << 8 | static_cast<unsigned char>(w[i]);
  return x;
}

/// Whether the field of `n` bytes at `p`, from which 8 bytes can be read, is `word` (up to 8 bytes,
/// as written: the usual spelling of a term), compared at once. False says nothing of other cases.
/// Always inlined, into both versions of parse_plain().
template <std::size_t N>
__attribute__((always_inline)) inline bool usual_word(const char* p, std::size_t n, const char (&word)[N]) {
  static_assert(N >= 2 && N <= 9);
  constexpr std::size_t kSize = N - 1;
  if (n != kSize) return false;
  std::uint64_t x;
  std::memcpy(&x, p, 8);  // the first byte lowest
  if constexpr (kSize < 8) x &= ~std::uint64_t{0} >> (64 - 8 * kSize);
  return x == packed_word(std::string_view(word, kSize));
}

std::string quoted(std::string_view v) {
  std::string out;
  out.reserve(v.size() + 2);
  out.push_back('"');
  out.append(v);
  out.push_back('"');
  return out;
}

/// iRECIST's NEW_TARGET or NEW_NON_TARGET into `row` (role New); false for any other text.
bool read_new_role(std::string_view v, RowView* row) {
  const std::optional<NewLesionRole> r = parse_new_role(v);
  if (!r) return false;
  row->role = LesionRole::New;
  row->new_role = *r;
  return true;
}

/// The role of a row as written (NEW_TARGET … for iRECIST's), for the messages.
std::string_view role_term_of(const RowView& row) {
  if (row.new_role == NewLesionRole::Target) return "NEW_TARGET";
  if (row.new_role == NewLesionRole::NonTarget) return "NEW_NON_TARGET";
  return to_string(*row.role);
}

}  // namespace

#if defined(__SSE2__)
// Here rather than beside csv_block_masks(), so that the compiler sees which registers a call from
// load_block() keeps.
__attribute__((target("avx2"))) void csv_block_masks_avx2(const char* p, std::uint64_t* ends, std::uint64_t* breaks,
                                                          std::uint64_t* blanks) {
  std::uint64_t e = 0, b = 0, t = 0;
  for (int k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i brk = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\n')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\r'))),
        _mm256_cmpeq_epi8(v, _mm256_set1_epi8('"')));
    const __m256i end = _mm256_or_si256(brk, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')));
    const __m256i blank = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(' ')), v);
    b |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(brk))) << (32 * k);
    e |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(end))) << (32 * k);
    t |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(blank))) << (32 * k);
  }
  *ends = e;
  *breaks = b;
  *blanks = t;
}
#endif

std::string field_count_message(std::size_t fields, std::size_t width) {
  return std::to_string(fields) + " fields, but the header has " + std::to_string(width) + " columns";
}

void ErrorList::add(std::int64_t group, std::int64_t line, std::string_view column, std::string message,
                    std::string_view subject) {
  if (count_++ < cap_)
    listed_.push_back({InputError{*file_, line, std::string(column), std::move(message), std::string(subject)}, group});
}

std::optional<Date> DateCache::parse(std::string_view text, std::string* why) {
  if (text.size() != 10) return parse_date(text, why);
  const Key k = key(text);
  if (k.head == last_.head && k.tail == last_.tail) return last_.value;
  // YYYY-MM-DD read here, digits and dashes checked at once: a table of dates read before was
  // slower (its lookups missed the caches the input and output stream through). Anything else,
  // and every message, from parse_date().
  if (const std::optional<Date> d = usual_date(k.head, k.tail, &year_)) {
    last_ = Entry{k.head, k.tail, *d};
    return d;
  }
  return parse_date(text, why);
}

RowParser::RowParser(const MeasurementLayout& layout) : layout_(layout), starts_(layout.width + 66) {
#if defined(__SSE2__)
  __builtin_cpu_init();
  avx2_ = __builtin_cpu_supports("avx2");
#endif
  for (int c = 0; c < kMeasurementColumnCount; ++c)
    slot_[c] = layout.at[c] >= 0 ? static_cast<std::size_t>(layout.at[c]) : layout.width + 1;
}

#if defined(__SSE2__)
void RowParser::load_block(const char* p) {
  block_ = p;
  if (avx2_)
    csv_block_masks_avx2(p, &block_ends_, &block_breaks_, &block_blanks_);
  else
    csv_block_masks(p, &block_ends_, &block_breaks_, &block_blanks_);
  // A field's edges are next to its ends; at the block's edges, the next block is not known here.
  block_edge_blanks_ = block_blanks_ & (block_ends_ << 1 | block_ends_ >> 1 | 1 | std::uint64_t{1} << 63);
}
#endif

#if defined(__SSE2__) && !(defined(__clang__) && __clang_major__ < 16)
// Compiled twice, the version for x86-64-v3 processors (BMI's bit instructions, VEX's three
// operands) chosen when the program loads. The compiler inlines no function of the other version
// into it: what must be inlined is marked so. (Not with clang before 16, used by tests/fuzz: it
// names the function's entry point apart, so that other files' calls to it do not link.)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
bool RowParser::parse_plain(std::string_view text, std::size_t offset, RowView* row, std::string_view* subject,
                            std::string_view* reader, std::size_t* next) {
#if defined(__SSE2__)
  // First where the fields start, from bit masks of 64 bytes at a time (kept from one record to the
  // next), and whether any field has a blank to trim at its edges.
  const char* const s = text.data();
  const std::size_t n = text.size();
  std::size_t base = offset & ~std::size_t{63};
  if (base + 64 > n) return false;
  if (block_ != s + base) load_block(s + base);
  const std::uint64_t from = ~std::uint64_t{0} << (offset - base);
  std::uint64_t ends = block_ends_ & from;
  std::uint64_t breaks = block_breaks_ & from;
  // The record's first byte too, which may not follow a line end (but a byte order mark).
  std::uint64_t edge_blanks = (block_edge_blanks_ & from) | ((block_blanks_ >> (offset - base)) & 1);
  const char** const first = starts_.data();
  const char** const line_end = first + layout_.width;  // where the byte after the line end goes
  const char** e = first;
  *e++ = s + offset;
  std::uint64_t blank_found = 0;
  while (true) {
    // The commas of this block before its first line end (or quote), then that line end; room is
    // left for a block of commas past the header's width.
    const std::uint64_t first_break = breaks & (0 - breaks);
    const std::uint64_t before = first_break - 1;
    blank_found |= edge_blanks & before;
    const char* const after_bit = s + base + 1;  // the byte after bit 0
    // Two commas a turn: one step of `e` for both.
    for (std::uint64_t here = ends & ~breaks & before; here; e += 2) {
      e[0] = after_bit + __builtin_ctzll(here);
      here &= here - 1;
      if (!here) {
        ++e;
        break;
      }
      e[1] = after_bit + __builtin_ctzll(here);
      here &= here - 1;
    }
    if (e > line_end) return false;  // more fields than the header's
    if (first_break) {
      if (e != line_end) return false;  // fewer fields
      e[0] = after_bit + __builtin_ctzll(first_break);
      e[1] = e[0] - 1;  // the absent columns' empty field, at the line end
      e[2] = e[0];
      break;
    }
    base += 64;
    if (base + 64 > n) return false;
    load_block(s + base);
    ends = block_ends_;
    breaks = block_breaks_;
    edge_blanks = block_edge_blanks_;
  }
  // The record ends after the last field: "\n" or "\r\n".
  const auto at = static_cast<std::size_t>(*line_end - 1 - s);
  std::size_t after = at + 1;
  if (s[at] == '\r') {
    if (after == n || s[after] != '\n') return false;
    ++after;
  } else if (s[at] != '\n') {
    return false;
  }
  // Then each column as parse() reads it (the date untrimmed); a bad or unusual value gives up.
  auto field = [&](MeasurementColumn c) {
    const char* const* const f = first + slot_[c];
    return std::string_view(f[0], static_cast<std::size_t>(f[1] - f[0] - 1));
  };
  auto value = [&](MeasurementColumn c) __attribute__((always_inline)) {
    return blank_found ? trimmed(field(c)) : field(c);
  };
  *subject = value(kSubject);
  if (subject->empty()) return false;
  *reader = value(kReader);
  if (reader->empty()) *reader = kDefaultReader;
  if (const std::string_view v = field(kDate); !dates_.cached(v, &row->date)) {
    const auto d = dates_.parse(v, nullptr);
    if (!d) return false;
    row->date = *d;
  }
  // A term spelt as usual is compared at once; any other through its parse_…() (8 bytes can be read
  // from a field unless the text ends within them).
  auto readable = [&](std::string_view v) __attribute__((always_inline)) { return v.data() + 8 <= s + n; };
  row->lesion = value(kLesion);
  if (row->lesion.empty()) return false;
  if (const std::string_view v = value(kRole); !v.empty()) {
    if (readable(v) && usual_word(v.data(), v.size(), "TARGET"))
      row->role = LesionRole::Target;
    else if (!(row->role = parse_role(v)) && !read_new_role(v, row))
      return false;
  }
  row->site = value(kSite);
  if (const std::string_view v = value(kNode); !v.empty()) {
    if (v.size() != 1 || (v[0] != 'Y' && v[0] != 'y' && v[0] != 'N' && v[0] != 'n')) return false;
    row->node = v[0] == 'Y' || v[0] == 'y';
  }
  // A diameter or slice thickness: 8 bytes can be read from it unless the text ends within them.
  auto length = [&](std::string_view v, std::optional<Millimetres>* to) __attribute__((always_inline)) {
    Millimetres mm;
    if (readable(v) && usual_millimetres(v.data(), v.size(), &mm))
      *to = mm;
    else
      *to = millimetres_of(v, nullptr);
    return to->has_value();
  };
  if (const std::string_view v = value(kDiameter); !v.empty() && !length(v, &row->diameter)) return false;
  if (const std::string_view v = value(kStatus); !v.empty()) {
    if (readable(v) && usual_word(v.data(), v.size(), "PRESENT")) {
      row->status = RawStatus::Present;
    } else {
      const auto st = parse_status(v);
      if (!st) return false;
      row->status = *st;
    }
  }
  row->visit = value(kVisit);
  if (const std::string_view v = value(kStart); !v.empty()) {
    if (Date d; start_dates_.cached(v, &d))
      row->start = d;
    else if (!(row->start = start_dates_.parse(v, nullptr)))
      return false;
  }
  if (const std::string_view v = value(kMethod); !v.empty()) {
    if (readable(v) && usual_word(v.data(), v.size(), "CT"))
      row->method = Method::CT;
    else if (!(row->method = parse_method(v)))
      return false;
  }
  if (const std::string_view v = value(kSlice); !v.empty() && !length(v, &row->slice)) return false;
  if (const std::string_view v = value(kIrradiated); !v.empty() && !(row->irradiated = parse_irradiated(v)))
    return false;
  if (const std::string_view v = value(kReported); !v.empty()) {
    row->reported = parse_response(v);
    if (!row->reported) {
      if (layout_.irecist_codes) row->reported_i = parse_iresponse(v);  // an iRECIST code (README, iRECIST)
      if (!row->reported_i) return false;
    } else if (*row->reported == Response::NA) {
      return false;
    }
  }
  if (readable(row->lesion)) row->lesion_key = short_id_key(row->lesion.data(), row->lesion.size());
  *next = after;
  return true;
#else
  (void)text, (void)offset, (void)row, (void)subject, (void)reader, (void)next;
  return false;
#endif
}

bool RowParser::parse(const CsvRecord& rec, std::string_view subject, ErrorList& errors, RowView* row) {
  bool ok = true;
  const auto& at = layout_.at;
  auto field = [&](MeasurementColumn c) -> std::string_view {
    return at[c] < 0 ? std::string_view() : rec.fields[at[c]];
  };
  auto bad = [&](MeasurementColumn c, std::string msg) {
    errors.add(rec.line, rec.line, kMeasurementColumns[c], std::move(msg), subject);
    ok = false;
  };
  std::string why;
  row->line = rec.line;
  // The rows of one assessment share their date (and a track its start date): parse it once.
  if (const std::string_view text = field(kDate); auto d = dates_.parse(text, &why))
    row->date = *d;
  else
    bad(kDate, quoted(text) + ": " + why);
  row->lesion = keep(rec, trimmed(field(kLesion)));
  if (row->lesion.empty()) bad(kLesion, "empty: a lesion id was expected");
  if (auto v = trimmed(field(kRole)); !v.empty()) {
    row->role = parse_role(v);
    if (!row->role && !read_new_role(v, row)) bad(kRole, quoted(v) + ": " + std::string(kRoleExpected));
  }
  row->site = keep(rec, trimmed(field(kSite)));
  if (auto v = trimmed(field(kNode)); !v.empty()) {
    if (v.size() == 1 && (v[0] == 'Y' || v[0] == 'y' || v[0] == 'N' || v[0] == 'n'))
      row->node = v[0] == 'Y' || v[0] == 'y';
    else
      bad(kNode, quoted(v) + ": expected Y or N");
  }
  if (auto v = trimmed(field(kDiameter)); !v.empty()) {
    row->diameter = millimetres_of(v, &why);
    if (!row->diameter) bad(kDiameter, quoted(v) + ": " + why);
  }
  if (auto v = trimmed(field(kStatus)); !v.empty()) {
    auto s = parse_status(v);
    if (s)
      row->status = *s;
    else
      bad(kStatus, quoted(v) + ": " + std::string(kStatusExpected));
  }
  row->visit = keep(rec, trimmed(field(kVisit)));
  if (auto v = trimmed(field(kStart)); !v.empty()) {
    row->start = start_dates_.parse(v, &why);
    if (!row->start) bad(kStart, quoted(v) + ": " + why);
  }
  if (auto v = trimmed(field(kMethod)); !v.empty()) {
    row->method = parse_method(v);
    if (!row->method) bad(kMethod, quoted(v) + ": " + std::string(kMethodExpected));
  }
  if (auto v = trimmed(field(kSlice)); !v.empty()) {
    row->slice = millimetres_of(v, &why);
    if (!row->slice) bad(kSlice, quoted(v) + ": " + why);
  }
  if (auto v = trimmed(field(kIrradiated)); !v.empty()) {
    row->irradiated = parse_irradiated(v);
    if (!row->irradiated) bad(kIrradiated, quoted(v) + ": " + std::string(kIrradiatedExpected));
  }
  if (auto v = trimmed(field(kReported)); !v.empty()) {
    row->reported = parse_response(v);
    if (!row->reported && layout_.irecist_codes) row->reported_i = parse_iresponse(v);  // README, iRECIST
    if (row->reported ? *row->reported == Response::NA : !row->reported_i)
      bad(kReported, quoted(v) + ": " + std::string(kResponseCodesExpected));
  }
  return ok;
}

std::uint32_t TrackBuilder::lesion_index(std::string_view id, bool* is_new) {
  // A track has a handful of lesions: a linear search beats hashing until there are many.
  constexpr std::size_t kLinear = 24;
  const auto next = static_cast<std::uint32_t>(ids_.size());
  if (ids_.size() <= kLinear) {
    for (std::uint32_t i = 0; i < ids_.size(); ++i) {
      if (same_bytes(ids_[i], id)) {
        *is_new = false;
        return last_index_ = i;
      }
    }
    ids_.push_back(id);
    *is_new = true;
    if (ids_.size() > kLinear)
      for (std::uint32_t i = 0; i < ids_.size(); ++i) id_map_.emplace(ids_[i], i);
    return last_index_ = next;
  }
  auto [it, added] = id_map_.try_emplace(id, next);
  *is_new = added;
  if (added) ids_.push_back(id);
  return last_index_ = it->second;
}

void TrackBuilder::sort_by_date(std::vector<RowView>& rows) {
  // A stable sort of small keys (date, then input position), then the rows moved once.
  if (rows.size() > 0xffffffffu) {
    std::stable_sort(rows.begin(), rows.end(), [](const RowView& a, const RowView& b) { return a.date < b.date; });
    return;
  }
  order_.clear();
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto days = static_cast<std::uint32_t>(rows[i].date.days_since_epoch()) ^ 0x80000000u;  // order kept
    order_.push_back(static_cast<std::uint64_t>(days) << 32 | i);
  }
  std::sort(order_.begin(), order_.end());
  sorted_.clear();
  for (std::uint64_t k : order_) sorted_.push_back(rows[k & 0xffffffffu]);
  rows.swap(sorted_);
}

bool TrackBuilder::build(std::string_view subject, std::string_view reader, std::vector<RowView>& rows,
                         ErrorList& errors, std::int64_t group, Track* track) {
  bool ok = true;
  auto bad = [&](std::int64_t line, MeasurementColumn c, std::string msg) {
    errors.add(group, line, kMeasurementColumns[c], std::move(msg), subject);
    ok = false;
  };
  auto by_date = [](const RowView& a, const RowView& b) { return a.date < b.date; };
  if (!std::is_sorted(rows.begin(), rows.end(), by_date)) sort_by_date(rows);
  track->subject = subject;
  track->reader = reader;
  // No control character in a text that reaches the outputs: checked once, where it is first read.
  auto printable = [&](std::string_view text, std::int64_t line, MeasurementColumn c) {
    if (const std::size_t at = find_control(text); at != std::string_view::npos)
      bad(line, c, control_message(text, at));
  };
  if (!rows.empty()) {  // (a track whose rows were all malformed has none, and its errors)
    printable(subject, rows.front().line, kSubject);
    printable(reader, rows.front().line, kReader);
  }

  ids_.clear();
  id_keys_.clear();
  id_map_.clear();
  last_index_ = static_cast<std::uint32_t>(-1);
  lesion_line_.clear();  // the line of each lesion's first row
  lesion_site_.clear();  // and its site as written
  seen_at_.clear();      // the observation index of each lesion in the current assessment; -1 when none
  seen_line_.clear();
  std::int64_t start_line = 0;
  std::int64_t reported_line = 0;

  // First the lesion of each row (numbered in order of first row) and where each date's rows begin.
  // Sizes and data are read once: the lists written below could otherwise alias them.
  const RowView* const all = rows.data();
  const std::size_t count = rows.size();
  lesion_of_row_.resize(count);
  std::uint32_t* const lesion_of = lesion_of_row_.data();
  date_begins_.clear();
  for (std::size_t i = 0; i < count; ++i) {
    if (i == 0 || all[i].date != all[i - 1].date) date_begins_.push_back(i);
    // The lesions of a date usually come in the order of the date before: the one after the last,
    // or the first after the last.
    // Short ids are compared by their keys; a row without one (a long id, one the CSV reader read)
    // by its bytes. lesion_index() decides whatever the guess missed.
    std::uint32_t guess = last_index_ + 1;
    if (guess == ids_.size()) guess = 0;
    const std::uint64_t key = all[i].lesion_key;
    if (guess < ids_.size() && (key ? key == id_keys_[guess] : same_bytes(ids_[guess], all[i].lesion))) {
      lesion_of[i] = last_index_ = guess;
      continue;
    }
    bool is_new = false;
    lesion_of[i] = lesion_index(all[i].lesion, &is_new);
    if (is_new) id_keys_.push_back(key);
  }
  const std::size_t dates = date_begins_.size();
  date_begins_.push_back(count);
  recycle(track, dates);
  // The lesions of the track before are written over (their ids and sites are mostly the same
  // texts, which then need no copy), the others dropped at the end.
  std::vector<Lesion>& lesions = track->lesions;
  lesions.reserve(ids_.size());
  std::size_t made_lesions = 0;

  for (std::size_t d = 0; d < dates; ++d) {
    const std::size_t first_row = date_begins_[d], end_row = date_begins_[d + 1];
    Assessment& a = track->assessments[d];  // one per date, made empty by recycle()
    a.date = all[first_row].date;
    a.observations.reserve(end_row - first_row);
    std::fill(seen_at_.begin(), seen_at_.end(), -1);
    reported_line = 0;
    bool has_visit = false;  // the date's visit is that of its first row with one
    for (std::size_t r = first_row; r < end_row; ++r) {
      const RowView& row = all[r];
      if (row.start) {
        if (!track->start_date) {
          track->start_date = row.start;
          start_line = row.line;
        } else if (*track->start_date != *row.start) {
          bad(row.line, kStart,
              "\"" + row.start->to_string() + "\" differs from " + track->start_date->to_string() + " on line " +
                  std::to_string(start_line) + ": one start_date per subject was expected");
        }
      }
      if (!has_visit && !row.visit.empty()) {
        printable(row.visit, row.line, kVisit);
        if (!same_bytes(a.visit, row.visit)) a.visit = row.visit;  // the same as the track before's, mostly
        has_visit = true;
      }
      if (row.reported || row.reported_i) {
        if (!a.reported && !a.reported_i) {
          a.reported = row.reported.get();
          a.reported_i = row.reported_i.get();  // iRECIST (README, iRECIST)
          reported_line = row.line;
        } else if (a.reported != row.reported.get() || a.reported_i != row.reported_i.get()) {
          const std::string_view now = row.reported ? to_string(*row.reported) : to_string(*row.reported_i);
          const std::string_view before = a.reported ? to_string(*a.reported) : to_string(*a.reported_i);
          bad(row.line, kReported,
              "\"" + std::string(now) + "\" differs from \"" + std::string(before) + "\" on line " +
                  std::to_string(reported_line) + ": one reported response per track and date was expected");
        }
      }

      const std::uint32_t index = lesion_of[r];
      if (index == made_lesions) {  // the lesion's first row
        Lesion& lesion = made_lesions < lesions.size() ? lesions[made_lesions] : lesions.emplace_back();
        ++made_lesions;
        if (!same_bytes(lesion.id, row.lesion)) lesion.id = row.lesion;
        printable(row.lesion, row.line, kLesion);
        printable(row.site, row.line, kSite);
        if (!row.role)
          bad(row.line, kRole,
              "empty: role is required on the first (earliest) row of lesion " + std::string(row.lesion));
        if (row.site.empty())
          bad(row.line, kSite,
              "empty: site is required on the first (earliest) row of lesion " + std::string(row.lesion));
        lesion.role = row.role.value_or(LesionRole::Target);
        lesion.new_role = row.new_role;
        lesion.site.resize(row.site.size());
        std::transform(row.site.begin(), row.site.end(), lesion.site.begin(), upper_char);
        lesion.nodal = row.node.value_or(false);
        lesion.method = row.method.value_or(Method::CT);
        lesion.slice_thickness = row.slice;
        lesion.irradiation = row.irradiated.value_or(Irradiation::No);
        lesion_line_.push_back(row.line);
        lesion_site_.push_back(row.site);
        seen_at_.push_back(-1);
        seen_line_.push_back(0);
      } else {
        const Lesion& lesion = lesions[index];
        auto first = [&] { return " on line " + std::to_string(lesion_line_[index]); };
        if (row.role && (*row.role != lesion.role ||
                         (row.new_role != NewLesionRole::Unassigned && row.new_role != lesion.new_role)))
          bad(row.line, kRole,
              "lesion " + std::string(row.lesion) + " changes role from " + std::string(role_term(lesion)) +
                  first() + " to " + std::string(role_term_of(row)) + ": a lesion's role is fixed");
        if (!row.site.empty() && !same_bytes(row.site, lesion_site_[index]) && !equals_upper(row.site, lesion.site))
          bad(row.line, kSite,
              "lesion " + std::string(row.lesion) + " changes site from " + lesion.site + first() + " to " +
                  upper(row.site) + ": a lesion's site is fixed");
        if (row.node && *row.node != lesion.nodal)
          bad(row.line, kNode,
              "lesion " + std::string(row.lesion) + " changes node from " + (lesion.nodal ? "Y" : "N") + first() +
                  " to " + (*row.node ? "Y" : "N") + ": a lesion's node flag is fixed");
      }

      const LesionRole role = lesions[index].role;
      if (seen_at_[index] < 0) {  // the usual row: a lesion's one observation of the date
        Observation& o = a.observations.emplace_back();
        if (fill_observation(row.status, row.diameter, role, &o)) {
          o.lesion = index;
          seen_at_[index] = static_cast<std::int64_t>(a.observations.size() - 1);
          seen_line_[index] = row.line;
          continue;
        }
        a.observations.pop_back();
      }
      std::string why;
      bool about_diameter = false;
      auto obs = observation_of(row.status, row.diameter, role, &why, &about_diameter);
      if (!obs) {
        bad(row.line, about_diameter ? kDiameter : kStatus, why);
        continue;
      }
      obs->lesion = index;
      if (seen_at_[index] >= 0) {
        Observation& earlier = a.observations[seen_at_[index]];
        if (earlier.status == LesionStatus::Fragment && obs->status == LesionStatus::Fragment) {
          earlier.diameter = *earlier.diameter + *obs->diameter;  // R7: fragments add up
          earlier.fragments.push_back(*obs->diameter);
        } else {
          bad(row.line, kLesion,
              "a second row for lesion " + std::string(row.lesion) + " on " + row.date.to_string() +
                  " (first on line " + std::to_string(seen_line_[index]) +
                  "): only FRAGMENT rows may repeat a lesion on one date");
        }
        continue;
      }
      seen_at_[index] = static_cast<std::int64_t>(a.observations.size());
      seen_line_[index] = row.line;
      a.observations.push_back(std::move(*obs));
    }
    if (!has_visit) a.visit.clear();
  }
  lesions.resize(made_lesions);
  return ok;
}

}  // namespace recist::io
