#pragma once
// The rows of a native measurements CSV that is not grouped by track, indexed by bucket of tracks
// so that the tracks can be built in order of first appearance, whatever the size of the input.
//
// One pass in input order numbers the tracks in order of first appearance (an open-addressing
// index of 32-byte slots, fetched a few rows ahead) and notes where each data row is (8 bytes:
// how far on from the bucket's row before, in bytes and lines) in the bucket of its track (4096
// consecutive tracks at most): the buckets grow by blocks, written as a few hundred sequential
// streams, so that a bucket's rows can be listed in track order from a few megabytes, and read
// from the input with the next rows' bytes asked for early (or, over a large input, from a copy
// of a group of buckets' rows: RowSweeper).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "measurement_rows.hpp"
#include "recist/io/input_error.hpp"

namespace recist::io {

/// Anonymous memory of a fixed size, zero-filled as it is first touched, asked for in huge pages.
class PageBuffer {
 public:
  PageBuffer() = default;
  /// `bytes` of memory (throws std::bad_alloc when there is none).
  explicit PageBuffer(std::size_t bytes);
  PageBuffer(PageBuffer&& other) noexcept;
  PageBuffer& operator=(PageBuffer&& other) noexcept;
  PageBuffer(const PageBuffer&) = delete;
  PageBuffer& operator=(const PageBuffer&) = delete;
  ~PageBuffer();
  /// Makes it `bytes` long, keeping its bytes (and the pages already touched, which are quicker
  /// to use than new ones: memory is slow here the first time it is touched).
  void resize(std::size_t bytes);
  char* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

/// A gathered row: its track's number within the bucket, its line and its text: one whole record
/// at the start of `text` (which goes on to the end of the input, or ends with the record once
/// copied), `size` bytes long (0: too long to be noted, 16 MB or more).
struct GatheredRow {
  std::uint32_t track_in_bucket = 0;
  std::uint32_t size = 0;
  std::int64_t line = 0;
  std::string_view text;
};

/// The data rows of an input by buckets of consecutive tracks.
class GatheredRows {
 public:
  /// Consecutive tracks [first_track, last_track) and where their rows are, in input order (the
  /// rows of its tracks interleaved), noted in blocks.
  class Bucket {
   public:
    std::uint32_t first_track = 0;
    std::uint32_t last_track = 0;
    /// The number of rows.
    std::size_t rows() const { return rows_; }
    /// The bytes of its rows' records.
    std::size_t bytes() const { return bytes_; }
    /// Whether every row's size is noted, so that the rows can be copied.
    bool copyable() const { return !long_rows_; }
    /// Calls `f(const GatheredRow&)` for each row of `input` (the text read), in input order.
    template <class F>
    void for_each_row(std::string_view input, F&& f) const {
      Place last;
      for (const Block& b : blocks_)
        for (std::size_t at = 0; at < b.used;) f(read_row(b.data, &at, &last, input));
    }

   private:
    friend class RowGatherer;
    struct Block {
      char* data = nullptr;
      std::size_t used = 0;
      std::size_t capacity = 0;
    };
    /// Where the row noted last starts: each note says how far on the next one is.
    struct Place {
      std::uint64_t offset = 0;
      std::uint64_t line = 0;
    };
    static GatheredRow read_row(const char* block, std::size_t* at, Place* last, std::string_view input);
    std::vector<Block> blocks_;
    Place last_;  ///< The row noted last (while the rows are gathered).
    std::size_t rows_ = 0;
    std::size_t bytes_ = 0;
    bool long_rows_ = false;
  };

  const std::vector<Bucket>& buckets() const { return buckets_; }
  /// The number of tracks, in order of first appearance (those without a valid row included).
  std::uint32_t tracks() const { return static_cast<std::uint32_t>(bad_.size()); }
  /// Whether a row of `track` was left out (wrong number of fields): the track is then reported.
  bool bad(std::uint32_t track) const { return bad_[track] != 0; }
  /// Memory the gathering used and no longer needs (its index of tracks), for a RowSweeper.
  PageBuffer take_spare() { return std::move(spare_); }

 private:
  friend class RowGatherer;
  std::vector<PageBuffer> arenas_;
  PageBuffer spare_;
  std::vector<Bucket> buckets_;
  std::vector<std::uint8_t> bad_;
};

/// What gather_rows reads and how.
struct GatherInput {
  std::string_view text;
  std::size_t begin = 0;  ///< The first data record (after the header).
  std::int64_t line = 1;  ///< Its line.
  const MeasurementLayout* layout = nullptr;
  bool strict = false;               ///< Stop at the first row error, as the plain reader does.
  unsigned threads = 1;              ///< The buckets are made for this many workers.
};

/// Gathers the data rows of `in` into `out`, reporting rows without a subject and rows with the
/// wrong number of fields to `row_errors` (in input order; the latter make their track bad), and
/// a syntax error to `syntax` (line, message) unless --strict stopped the reading before it.
void gather_rows(const GatherInput& in, ErrorList& row_errors, GatheredRows* out,
                 std::optional<std::pair<std::int64_t, std::string>>* syntax);

/// A bucket's rows listed by track, each track's rows in input order.
struct BucketRows {
  std::vector<GatheredRow> rows;
  std::vector<std::size_t> ends;  ///< ends[i]: where the rows of the bucket's track i end in `rows`.
};

/// Lists the rows of `bucket` (read from `input`) by track into `out` (a stable counting sort).
void list_rows(const GatheredRows::Bucket& bucket, std::string_view input, BucketRows* out);

/// Lists the rows of the buckets of `rows` by track, a group of consecutive buckets at a time,
/// after copying the group's rows (at most `group_bytes` of text) into one arena reused by every
/// group: the copy reads the input in input order, a window of 1 MB at a time (a near-sequential
/// sweep), and puts each track's rows one after the other, so that the tracks are then built from
/// memory close together rather than from all over a large input (a TLB and a cache miss a row).
class RowSweeper {
 public:
  /// Takes the memory `rows` no longer needs for its arena (GatheredRows::take_spare()).
  RowSweeper(GatheredRows& rows, std::string_view input, unsigned threads, std::size_t group_bytes);
  /// Lists (and copies) the next group of buckets, [*first, *last); false when none are left.
  bool next_group(std::size_t* first, std::size_t* last);
  /// The rows of bucket `b` of the current group (valid until the next group).
  const BucketRows& rows_of(std::size_t b) const { return lists_[b - first_]; }
  /// The text around the current group's rows, for a reader that reads a record's bytes a block
  /// at a time: the arena they were copied into, whole (past the last row: bytes of an earlier
  /// group, or zeros), or the input for a group left in place (one with a row of 16 MB or more).
  std::string_view around_rows() const { return copied_ ? std::string_view(arena_.data(), arena_.size()) : input_; }

 private:
  struct Copy {
    std::uint64_t from;           ///< Where the record is in the input.
    std::uint64_t to_and_size;    ///< Where it goes in the arena (low 40 bits) and its size.
  };
  struct Group {
    std::size_t first = 0, last = 0;
    bool copied = false;
  };
  void list_bucket(std::size_t j, std::size_t base, bool copy);
  void copy_part(unsigned part);

  const GatheredRows& gathered_;
  std::string_view input_;
  unsigned threads_;
  std::vector<Group> groups_;
  std::size_t next_ = 0;
  std::size_t first_ = 0;
  bool copied_ = false;  ///< Whether the current group's rows are in the arena.
  PageBuffer arena_;
  std::vector<BucketRows> lists_;
  std::vector<std::vector<Copy>> copies_;
  std::vector<std::size_t> bases_;
};

}  // namespace recist::io
