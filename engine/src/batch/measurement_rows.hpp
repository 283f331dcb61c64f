#pragma once
// The rows of a native measurements CSV (SPEC 4.1) and how the rows of one track become a Track.
// Shared by read_measurements_csv and the batch reader, which call them on many threads at once
// (each thread with its own RowParser and TrackBuilder). Rows hold views into the input, so no
// field is copied until it becomes part of a Track.

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/read/native_terms.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/csv.hpp"
#include "io/read/reader_support.hpp"
#include "recist/io/input_error.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// Where each column is in a file: the field index by column (-1 when absent), and the number of
/// fields of the header.
struct MeasurementLayout {
  std::array<int, kMeasurementColumnCount> at{};
  std::size_t width = 0;
  bool irecist_codes = false;  ///< ReadOptions::irecist_codes: `reported` may hold an i-code.
};

/// The default reader of a track (SPEC 4.1).
inline constexpr std::string_view kDefaultReader = "INVESTIGATOR";

/// trim() for the fields of every row: most have no blank to take off.
inline std::string_view trimmed(std::string_view s) {
  // A blank or a tab is below '!'; so are only control characters, which trim() looks at again.
  if (s.empty() || (static_cast<unsigned char>(s.front()) > ' ' && static_cast<unsigned char>(s.back()) > ' '))
    return s;
  return trim(s);
}

/// Whether two texts are the same; quicker than == for the short ids of a track (no call to memcmp).
inline bool same_bytes(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  if (n >= 8 && n <= 16) {  // the first and the last 8 bytes, which overlap
    std::uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, a.data(), 8);
    std::memcpy(&a1, a.data() + n - 8, 8);
    std::memcpy(&b0, b.data(), 8);
    std::memcpy(&b1, b.data() + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  return std::memcmp(a.data(), b.data(), n) == 0;
}

/// The track a record belongs to: its subject and reader (trimmed; the reader defaults to
/// INVESTIGATOR), from the fields at `subject_field` and `reader_field` (-1: no such column).
/// False for a record with an empty subject (or a blank line).
inline bool track_of_record(const CsvRecord& rec, int subject_field, int reader_field, std::string_view* subject,
                            std::string_view* reader) {
  const auto s = static_cast<std::size_t>(subject_field);
  *subject = s < rec.fields.size() ? trimmed(rec.fields[s]) : std::string_view();
  if (subject->empty()) return false;
  const int r = reader_field;
  *reader = r >= 0 && static_cast<std::size_t>(r) < rec.fields.size() ? trimmed(rec.fields[r]) : std::string_view();
  if (reader->empty()) *reader = kDefaultReader;
  return true;
}

/// The key of a track as one string (subject, unit separator, reader), into `key`.
inline void make_track_key(std::string_view subject, std::string_view reader, std::string* key) {
  key->assign(subject);
  key->push_back('\x1f');
  key->append(reader);
}

/// The error of a record with `fields` fields where the header has `width` columns.
std::string field_count_message(std::size_t fields, std::size_t width);

/// Whether a record is a blank line (skipped).
inline bool is_blank_record(const CsvRecord& rec);

/// The errors found in a part of an input, up to a cap: the first `cap` are kept, the others only
/// counted (ReadOptions::max_errors). Each error has a group — the line of its row, or the ordinal
/// of its track — so that --strict can keep the errors of the first bad row or track.
class ErrorList {
 public:
  struct Entry {
    InputError error;
    std::int64_t group = 0;
  };
  ErrorList(const std::string* file, std::size_t cap) : file_(file), cap_(cap) {}
  void add(std::int64_t group, std::int64_t line, std::string_view column, std::string message,
           std::string_view subject);
  const std::vector<Entry>& listed() const { return listed_; }
  std::vector<Entry>& listed() { return listed_; }
  /// All errors added, listed or not.
  std::size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  void clear() {
    listed_.clear();
    count_ = 0;
  }

 private:
  const std::string* file_;
  std::size_t cap_;
  std::vector<Entry> listed_;
  std::size_t count_ = 0;
};

/// std::optional of a small enum (or bool) in two bytes, so that a row stays small.
template <class T>
class SmallOptional {
 public:
  SmallOptional() = default;
  SmallOptional& operator=(std::optional<T> v) {
    value_ = v ? static_cast<std::uint8_t>(*v) : std::uint8_t{0};
    has_ = v.has_value();
    return *this;
  }
  SmallOptional& operator=(T v) { return *this = std::optional<T>(v); }
  explicit operator bool() const { return has_; }
  T operator*() const { return static_cast<T>(value_); }
  T value_or(T otherwise) const { return has_ ? **this : otherwise; }
  std::optional<T> get() const { return has_ ? std::optional<T>(**this) : std::nullopt; }

 private:
  std::uint8_t value_ = 0;
  bool has_ = false;
};

/// A lesion id of 1 to 7 bytes and its length in one word, for comparing the ids of a track's rows
/// at once (issue 6): equal keys, equal ids. 0 for any other id (compare its bytes). 8 bytes are
/// read from `p` (the caller knows they can be).
inline std::uint64_t short_id_key(const char* p, std::size_t n) {
  // The bytes kept for each length, the length in the top byte; 0 for lengths 0 and 8.
  static constexpr std::uint64_t kKeep[8] = {0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffff, 0xffffffffffff,
                                             0xffffffffffffff};
  if (n > 7) return 0;
  std::uint64_t x;
  std::memcpy(&x, p, 8);  // the first byte lowest
  return (x & kKeep[n]) | (n ? std::uint64_t{n} << 56 : 0);
}

/// One data row as written, fields parsed; text fields are views (into the input or the owning
/// RowParser's storage). Small, since a track's rows are written once per record.
struct RowView {
  std::int64_t line = 0;
  std::string_view lesion;
  std::uint64_t lesion_key = 0;  ///< short_id_key() of `lesion` when parse_plain() read it; else 0.
  std::string_view site;  ///< Trimmed as written; upper-cased when used.
  std::string_view visit;
  std::optional<Millimetres> diameter;
  std::optional<Millimetres> slice;
  Date date;
  std::optional<Date> start;
  RawStatus status = RawStatus::Blank;
  SmallOptional<LesionRole> role;
  NewLesionRole new_role = NewLesionRole::Unassigned;  ///< NEW_TARGET / NEW_NON_TARGET (role New).
  SmallOptional<bool> node;
  SmallOptional<Method> method;
  SmallOptional<Irradiation> irradiated;
  SmallOptional<Response> reported;
  SmallOptional<IResponse> reported_i;  ///< `reported` holding an iRECIST code.
};

/// The first day of the year of the last date DateCache read in full (the dates of a track share
/// their year).
struct DateYear {
  std::uint32_t text = 0;  ///< YYYY as read (the first byte lowest); 0: none read yet.
  std::int32_t first_day = 0;  ///< 1 January's Date::days_since_epoch().
  bool leap = false;
};

/// parse_date, remembering the last date read (the rows of an assessment share their date).
class DateCache {
 public:
  std::optional<Date> parse(std::string_view text, std::string* why);
  /// The last date parsed, if `text` is its text.
  bool cached(std::string_view text, Date* date) const {
    if (text.size() != 10) return false;
    const Key k = key(text);
    if (k.head != last_.head || k.tail != last_.tail) return false;
    *date = last_.value;
    return true;
  }

 private:
  /// A date's text (YYYY-MM-DD) as two numbers, and its value.
  struct Key {
    std::uint64_t head = 0;
    std::uint16_t tail = 0;
  };
  struct Entry {
    std::uint64_t head = 0;
    std::uint32_t tail = 0x10000;  ///< No text's: none read yet.
    Date value;
  };
  static Key key(std::string_view text) {
    Key k;
    std::memcpy(&k.head, text.data(), 8);
    std::memcpy(&k.tail, text.data() + 8, 2);
    return k;
  }

  Entry last_;
  DateYear year_;
};

/// Parses data rows. Text fields are views into the record's text, which must outlive the rows,
/// or copies (of unescaped quoted fields) that stay valid until clear_storage().
class RowParser {
 public:
  explicit RowParser(const MeasurementLayout& layout);
  /// Parses one record into `row`, reporting each bad field (group: the record's line). False if
  /// any field was bad.
  bool parse(const CsvRecord& rec, std::string_view subject, ErrorList& errors, RowView* row);
  /// Reads the usual record straight from `text` at byte `offset`, a record boundary: no quotes,
  /// the header's number of fields, a line end ("\n" or "\r\n") before the last 64 bytes of the
  /// text, a subject, and every field as parse() takes it without error. Then fills `row` as
  /// parse() would (but its line), `subject` and `reader` as track_of_record() does, and `next`
  /// (the offset of the next record). False for any other record, which CsvReader and parse()
  /// then read as usual.
  bool parse_plain(std::string_view text, std::size_t offset, RowView* row, std::string_view* subject,
                   std::string_view* reader, std::size_t* next);
  /// Forgets what parse_plain() keeps of the text from one record to the next: to be called before
  /// reading another text, or a text whose bytes may have changed.
  void new_text() { block_ = nullptr; }
  /// Forgets the copies of unescaped fields (once the rows that use them are built).
  void clear_storage() { storage_.clear(); }

 private:
  /// A field that outlives the record: the field itself, or a copy when the record has unescaped
  /// fields (which live in the CSV reader until its next record).
  std::string_view keep(const CsvRecord& rec, std::string_view field) {
    if (!rec.unescaped || field.empty()) return field;
    return storage_.emplace_back(field);
  }

  /// parse_plain(): the masks of the 64 bytes at `p`, the block read from now on.
  void load_block(const char* p);

  const MeasurementLayout& layout_;
  /// parse_plain(): where the fields of a record start (field k is the text from starts_[k] to the
  /// byte before starts_[k + 1]; then the byte after the line end), and the field of each column (an
  /// empty one at the line end when absent: the two entries after those).
  std::vector<const char*> starts_;
  std::array<std::size_t, kMeasurementColumnCount> slot_{};
  std::deque<std::string> storage_;
  DateCache dates_;
  DateCache start_dates_;
  /// parse_plain(): the field ends, line ends and bytes up to ' ' of the 64 bytes at block_ (see
  /// csv_block_masks()), and those of the latter at a field's first or last byte, or at the block's
  /// edges.
  const char* block_ = nullptr;
  std::uint64_t block_ends_ = 0;
  std::uint64_t block_breaks_ = 0;
  std::uint64_t block_blanks_ = 0;
  std::uint64_t block_edge_blanks_ = 0;
  bool avx2_ = false;  ///< Whether the masks are made with csv_block_masks_avx2().
};

/// Turns the rows of one track into a Track (SPEC 4.1: sorted by date, a lesion's role, site and
/// node fixed by its first row, fragments adding up, one start_date and one reported response).
/// Keeps its scratch space between tracks; one per thread.
class TrackBuilder {
 public:
  /// Builds the track of `subject` and `reader` from `rows` (in input order; sorted here), reporting
  /// every problem to `errors` with `group`. False if any. `track` may hold an earlier track (or
  /// what a sink left of it after moving from it): its lists are reused, its assessments with
  /// their lists of observations (a batch builds millions of them).
  bool build(std::string_view subject, std::string_view reader, std::vector<RowView>& rows, ErrorList& errors,
             std::int64_t group, Track* track);

 private:
  /// Gives `track` `dates` assessments without observations or reported response, reusing the ones
  /// it holds and those kept aside from longer tracks (spare_), with their storage; their visits and
  /// the track's lesions are left for build() to write over. In track_recycling.cpp.
  void recycle(Track* track, std::size_t dates);

  std::vector<Assessment> spare_;  ///< Assessments of earlier, longer tracks, for their storage.
  std::uint32_t lesion_index(std::string_view id, bool* is_new);
  /// Sorts rows by date, rows of one date in input order.
  void sort_by_date(std::vector<RowView>& rows);

  std::vector<std::string_view> ids_;
  std::vector<std::uint64_t> id_keys_;  ///< The lesion_key of each id's first row (0: none).
  std::unordered_map<std::string_view, std::uint32_t> id_map_;
  std::uint32_t last_index_ = 0;  ///< The lesion of the row before (see lesion_index()).
  std::vector<std::int64_t> lesion_line_;
  std::vector<std::string_view> lesion_site_;
  std::vector<std::int64_t> seen_at_;
  std::vector<std::int64_t> seen_line_;
  std::vector<std::uint32_t> lesion_of_row_;
  std::vector<std::size_t> date_begins_;  ///< The first row of each date, then the number of rows.
  std::vector<std::uint64_t> order_;
  std::vector<RowView> sorted_;
};

inline bool is_blank_record(const CsvRecord& rec) {
  if (rec.fields.size() != 1) return false;
  for (char c : rec.fields[0])
    if (c != ' ' && c != '\t') return false;
  return true;
}

}  // namespace recist::io
