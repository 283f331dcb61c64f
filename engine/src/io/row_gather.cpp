// Gathering the rows of an ungrouped measurements CSV by track: see row_gather.hpp.
#include "row_gather.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <limits>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

namespace recist::io {

// ---- PageBuffer ---------------------------------------------------------------------------------

PageBuffer::PageBuffer(std::size_t bytes) : size_(bytes) {
  if (bytes == 0) return;
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
#if defined(MADV_HUGEPAGE)
  ::madvise(p, bytes, MADV_HUGEPAGE);  // fewer page faults and TLB misses; a hint only
#endif
  data_ = static_cast<char*>(p);
}

PageBuffer::PageBuffer(PageBuffer&& other) noexcept : data_(other.data_), size_(other.size_) {
  other.data_ = nullptr;
  other.size_ = 0;
}

PageBuffer& PageBuffer::operator=(PageBuffer&& other) noexcept {
  if (this != &other) {
    if (data_) ::munmap(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

PageBuffer::~PageBuffer() {
  if (data_) ::munmap(data_, size_);
}

namespace {

// ---- The tracks by key --------------------------------------------------------------------------

/// The tracks of an input by key, numbered in order of first appearance: open addressing on the
/// key's hash, a slot of one cache line holding a key of up to 48 bytes itself (so that a lookup
/// reads one line of memory, which prefetch() asks for early), longer keys kept aside.
class TrackIndex {
 public:
  static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  /// Asks for the slot where a lookup of `h` starts.
  void prefetch(std::uint64_t h) const {
    if (mask_) __builtin_prefetch(slots() + (h & mask_));
  }
  /// The track of `key` (whose hash is `h`), added as the next number when new (`added`).
  std::uint32_t find_or_add(std::string_view key, std::uint64_t h, bool* added) {
    if ((tracks_ + 1) * 2 > mask_) grow();
    Slot* const s = slots();
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = s[i];
      if (slot.track_plus_one == 0) {
        slot.hash = h;
        slot.track_plus_one = ++tracks_;
        slot.size = static_cast<std::uint32_t>(key.size());
        if (key.size() <= sizeof slot.text)
          std::memcpy(slot.text, key.data(), key.size());
        else
          long_keys_.emplace(tracks_ - 1, key);
        *added = true;
        return tracks_ - 1;
      }
      if (slot.hash == h && slot.size == key.size() &&
          (key.size() <= sizeof slot.text ? std::memcmp(slot.text, key.data(), key.size()) == 0
                                          : long_keys_.at(slot.track_plus_one - 1) == key)) {
        *added = false;
        return slot.track_plus_one - 1;
      }
    }
  }

 private:
  struct alignas(64) Slot {
    std::uint64_t hash;
    std::uint32_t track_plus_one;  ///< 0: an empty slot (the memory comes zero-filled).
    std::uint32_t size;
    char text[48];
  };
  Slot* slots() const { return reinterpret_cast<Slot*>(memory_.data()); }
  void grow() {
    const std::size_t count = mask_ ? 2 * (mask_ + 1) : 4096;
    PageBuffer old = std::exchange(memory_, PageBuffer(count * sizeof(Slot)));
    const std::size_t old_count = mask_ ? mask_ + 1 : 0;
    mask_ = count - 1;
    const Slot* from = reinterpret_cast<const Slot*>(old.data());
    for (std::size_t k = 0; k < old_count; ++k) {
      if (from[k].track_plus_one == 0) continue;
      std::size_t i = from[k].hash & mask_;
      while (slots()[i].track_plus_one != 0) i = (i + 1) & mask_;
      slots()[i] = from[k];
    }
  }
  PageBuffer memory_;
  std::size_t mask_ = 0;
  std::uint32_t tracks_ = 0;
  std::unordered_map<std::uint32_t, std::string> long_keys_;
};

/// A row in a bucket's block: where its record starts in the input (the low 48 bits; the high 16
/// bits hold its track's number within the bucket) and its line.
struct RowRef {
  std::uint64_t offset_and_track;
  std::int64_t line;
};
constexpr int kOffsetBits = 48;

}  // namespace

GatheredRow GatheredRows::Bucket::read_row(const char* block, std::size_t* at, std::string_view input) {
  RowRef ref;
  std::memcpy(&ref, block + *at, sizeof ref);
  *at += sizeof ref;
  const std::uint64_t offset = ref.offset_and_track & ((std::uint64_t{1} << kOffsetBits) - 1);
  return GatheredRow{static_cast<std::uint32_t>(ref.offset_and_track >> kOffsetBits), ref.line,
                     input.substr(static_cast<std::size_t>(offset))};
}

/// The pass of gather_rows; a friend of GatheredRows.
class RowGatherer {
 public:
  RowGatherer(const GatherInput& in, ErrorList& row_errors, GatheredRows* out)
      : in_(in), row_errors_(row_errors), out_(*out) {
    // Buckets of 512 tracks (some 16k rows); smaller for a small input (tracks guessed at 1.5 kB),
    // so that each worker gets several.
    const std::size_t guessed_tracks = in.text.size() / 1536;
    per_bucket_ = std::clamp<std::size_t>(guessed_tracks / (8 * std::max(in.threads, 1u)), 16, 512);
  }

  /// Reads the data rows in input order: numbers the tracks, copies each valid row into its
  /// track's bucket, reports bad rows. The lookup of a row's track is made a few rows after the
  /// row is read, its slot fetched meanwhile.
  void run(std::optional<std::pair<std::int64_t, std::string>>* syntax) {
    const MeasurementLayout& layout = *in_.layout;
    if (in_.text.size() >> kOffsetBits) throw std::length_error("an input of 256 TB or more");
    struct Pending {
      std::size_t offset = 0;
      std::size_t end = 0;
      std::int64_t line = 0;
      std::size_t fields = 0;
      std::size_t subject_size = 0;
      bool keyed = false;
      std::string key;
      std::uint64_t hash = 0;
    };
    constexpr std::size_t kAhead = 16;
    std::array<Pending, kAhead> ring;
    std::size_t head = 0, tail = 0;
    bool stopped = false;
    auto resolve = [&](Pending& p) {
      if (!p.keyed) {
        row_errors_.add(p.line, p.line, "subject", "empty: a subject id was expected", "");
        return !in_.strict;  // the plain reader stops here: no later row matters
      }
      bool added = false;
      const std::uint32_t track = index_.find_or_add(p.key, p.hash, &added);
      if (added) out_.bad_.push_back(0);
      if (p.fields != layout.width) {
        row_errors_.add(p.line, p.line, "", field_count_message(p.fields, layout.width),
                        std::string_view(p.key).substr(0, p.subject_size));
        out_.bad_[track] = 1;
        return !in_.strict;
      }
      add_row(track, p.line, p.offset);
      return true;
    };
    CsvReader reader(in_.text, in_.begin, in_.line);
    CsvRecord rec;
    while (true) {
      if (head - tail == kAhead) {
        if (!resolve(ring[tail++ % kAhead])) {
          stopped = true;
          break;
        }
      }
      Pending& p = ring[head % kAhead];
      p.offset = reader.offset();
      if (!reader.next(&rec)) break;
      if (is_blank_record(rec)) continue;
      p.end = reader.offset();
      p.line = rec.line;
      p.fields = rec.fields.size();
      std::string_view s, r;
      p.keyed = track_of_record(rec, layout.at[kSubject], layout.at[kReader], &s, &r);
      if (p.keyed) {
        make_track_key(s, r, &p.key);  // a copy: an unescaped field lives only until the next record
        p.subject_size = s.size();
        p.hash = TrackIndex::hash(p.key);
        index_.prefetch(p.hash);
      }
      ++head;
    }
    while (!stopped && tail < head)
      if (!resolve(ring[tail++ % kAhead])) stopped = true;
    if (!stopped && !reader.error().empty()) *syntax = std::make_pair(reader.error_line(), reader.error());
    for (std::size_t b = 0; b < out_.buckets_.size(); ++b)
      out_.buckets_[b].last_track = static_cast<std::uint32_t>(std::min<std::size_t>((b + 1) * per_bucket_, out_.tracks()));
  }

 private:
  /// Notes a row (a whole record from byte `offset` of the input) in its track's bucket.
  void add_row(std::uint32_t track, std::int64_t line, std::size_t offset) {
    const std::size_t b = track / per_bucket_;
    while (out_.buckets_.size() <= b) {
      out_.buckets_.emplace_back();
      out_.buckets_.back().first_track = static_cast<std::uint32_t>((out_.buckets_.size() - 1) * per_bucket_);
    }
    GatheredRows::Bucket& bucket = out_.buckets_[b];
    if (bucket.blocks_.empty() || bucket.blocks_.back().capacity - bucket.blocks_.back().used < sizeof(RowRef))
      new_block(bucket, sizeof(RowRef));
    GatheredRows::Bucket::Block& block = bucket.blocks_.back();
    const RowRef ref{static_cast<std::uint64_t>(offset) | std::uint64_t{track - bucket.first_track} << kOffsetBits,
                     line};
    std::memcpy(block.data + block.used, &ref, sizeof ref);
    block.used += sizeof ref;
    ++bucket.rows_;
  }

  /// A new block for `bucket`, room for `need` bytes at least: each twice the one before, from
  /// 8 kB to 256 kB, carved from arenas of 64 MB.
  void new_block(GatheredRows::Bucket& bucket, std::size_t need) {
    constexpr std::size_t kFirst = 8 << 10, kMost = 256 << 10, kArena = 64 << 20;
    const std::size_t grown = bucket.blocks_.empty() ? kFirst : std::min(2 * bucket.blocks_.back().capacity, kMost);
    const std::size_t capacity = std::max(grown, need);
    if (arena_left_ < capacity) {
      out_.arenas_.emplace_back(std::max(capacity, kArena));
      arena_next_ = out_.arenas_.back().data();
      arena_left_ = out_.arenas_.back().size();
    }
    bucket.blocks_.push_back({arena_next_, 0, capacity});
    arena_next_ += capacity;
    arena_left_ -= capacity;
  }

  const GatherInput& in_;
  ErrorList& row_errors_;
  GatheredRows& out_;
  TrackIndex index_;
  std::size_t per_bucket_ = 512;
  char* arena_next_ = nullptr;
  std::size_t arena_left_ = 0;
};

void gather_rows(const GatherInput& in, ErrorList& row_errors, GatheredRows* out,
                 std::optional<std::pair<std::int64_t, std::string>>* syntax) {
  RowGatherer(in, row_errors, out).run(syntax);
}

}  // namespace recist::io
