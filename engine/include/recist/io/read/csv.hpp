#pragma once
// An RFC 4180 record reader over a buffer held in memory: quoted fields, doubled quotes, CRLF or LF
// line ends, a leading UTF-8 byte order mark. Fields are views into the buffer (or into the
// record's own storage when a quoted field had to be unescaped): no allocation per field.
// A reader may start at any record boundary of the buffer (with that record's line number), so
// several readers can read parts of one buffer at once.

#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace recist::io {

/// The fields of a record: a sequence of views like std::vector<std::string_view>, which keeps its
/// storage when cleared and lets the reader write a block of fields at once.
class CsvFields {
 public:
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const std::string_view& operator[](std::size_t i) const { return storage_[i]; }
  const std::string_view* begin() const { return storage_.data(); }
  const std::string_view* end() const { return storage_.data() + size_; }
  const std::string_view& front() const { return storage_[0]; }
  const std::string_view& back() const { return storage_[size_ - 1]; }
  void clear() { size_ = 0; }
  void push_back(std::string_view field) { *room(1) = field; ++size_; }
  void emplace_back(std::string_view field) { push_back(field); }
  void emplace_back(const char* data, std::size_t size) { push_back(std::string_view(data, size)); }
  /// Where the next field goes, with room for `n` fields from there (see commit()).
  std::string_view* room(std::size_t n) {
    if (storage_.size() - size_ < n) storage_.resize(std::max(2 * storage_.size(), size_ + n));
    return storage_.data() + size_;
  }
  /// Counts the fields written through room() up to `end`.
  void commit(const std::string_view* end) { size_ = static_cast<std::size_t>(end - storage_.data()); }

 private:
  std::vector<std::string_view> storage_;
  std::size_t size_ = 0;
};

/// One CSV record: its fields and the line it starts on (1-based).
struct CsvRecord {
  CsvFields fields;
  /// Whether a field is a copy (a quoted field with doubled quotes), valid only until the next
  /// record; the other fields are views into the text.
  bool unescaped = false;
  std::int64_t line = 0;
};

/// Reads records one after the other from `text`, which must outlive the reader.
class CsvReader {
 public:
  /// From the start of `text` (skipping a byte order mark).
  explicit CsvReader(std::string_view text);
  /// From byte `offset` of `text`, a record boundary, whose record starts on line `line`.
  CsvReader(std::string_view text, std::size_t offset, std::int64_t line);
  /// Reads `text` from now on (see seek()).
  void reset(std::string_view text, std::size_t offset, std::int64_t line) {
    text_ = text;
    seek(offset, line);
  }
  /// Goes on from byte `offset`, a record boundary, whose record starts on line `line`.
  void seek(std::size_t offset, std::int64_t line) {
    pos_ = offset;
    line_ = line;
    error_.clear();
    block_ = kNoBlock;
  }
  /// Goes on from byte `offset`, where the record after the next one starts (that one read
  /// elsewhere, without error).
  void skip_to(std::size_t offset) {
    pos_ = offset;
    ++line_;
  }
  /// Reads the next record; false at the end of the text or on a syntax error (see error()).
  /// The fields stay valid until the next call.
  bool next(CsvRecord* record);
  /// Non-empty after a syntax error: what was wrong; error_line() says where.
  const std::string& error() const { return error_; }
  std::int64_t error_line() const { return error_line_; }
  /// Byte offset of the next record.
  std::size_t offset() const { return pos_; }
  /// Line of the next record.
  std::int64_t line() const { return line_; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  std::string error_;
  std::int64_t error_line_ = 0;
  std::deque<std::string> unescaped_;
  /// The field-end bit masks of the 64 bytes from offset block_ (see next()).
  static constexpr std::size_t kNoBlock = static_cast<std::size_t>(-1);
  std::size_t block_ = kNoBlock;
  std::uint64_t block_ends_ = 0;
  std::uint64_t block_breaks_ = 0;
};

/// Writes a field, quoted when it holds a comma, a quote or a line end.
void append_csv_field(std::string* out, std::string_view field);

/// Writes the fields as one CSV record and ends the line.
void append_csv_row(std::string* out, std::initializer_list<std::string_view> fields);

}  // namespace recist::io
