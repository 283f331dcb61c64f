// Gathering the rows of an ungrouped measurements CSV by track: see row_gather.hpp.
#include "row_gather.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <functional>
#include <limits>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>

#include "ordered_pool.hpp"

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

void PageBuffer::resize(std::size_t bytes) {
  if (bytes == size_) return;
  if (!data_ || bytes == 0) {
    *this = PageBuffer(bytes);
    return;
  }
  void* p = ::mremap(data_, size_, bytes, MREMAP_MAYMOVE);
  if (p == MAP_FAILED) throw std::bad_alloc();
  data_ = static_cast<char*>(p);
  size_ = bytes;
}

PageBuffer::~PageBuffer() {
  if (data_) ::munmap(data_, size_);
}

namespace {

// ---- The tracks by key --------------------------------------------------------------------------

/// A track's key as TrackIndex holds it: make_track_key()'s key without the "\x1fINVESTIGATOR" it
/// ends with for most tracks (the default reader), so that it is short; two keys are the same when
/// make_track_key()'s keys are. Up to kInline bytes, it is in `word` (zero-filled after it; the
/// last byte holds its size and whether the ending was taken off), a longer one in `text`.
struct TrackKey {
  static_assert(std::endian::native == std::endian::little, "a key's bytes are read a word at a time");
  static constexpr std::size_t kInline = 23;
  static constexpr std::uint64_t kStripped = 0x80, kLong = 0x7f;  // in the last byte
  std::uint64_t word[3] = {0, 0, 0};
  std::string text;
  std::uint64_t hash = 0;
  std::size_t subject_size = 0;

  /// The key of a track of subject `s` and reader `r` (as track_of_record() gives them), which
  /// may be views into `input`.
  void set(std::string_view s, std::string_view r, std::string_view input) {
    static constexpr std::string_view kEnding = "\x1fINVESTIGATOR";
    static_assert(kEnding.substr(1) == kDefaultReader);
    subject_size = s.size();
    std::string_view key = s;
    bool stripped = true;
    if (!same_bytes(r, kDefaultReader)) {
      make_track_key(s, r, &text);  // a copy: an unescaped field lives only until the next record
      stripped = text.ends_with(kEnding);  // a reader ending so (the subject is never cut)
      if (stripped) text.resize(text.size() - kEnding.size());
      key = text;
    }
    // The words and the hash are made in registers and stored once, a word at a time: read back
    // from this object (which the thread looking the rows up touched last), a word waited for its
    // line of memory; copied whole from an array on the stack written a word at a time, the
    // 16-byte read could not be forwarded from the stores and waited for them (perf annotate).
    std::uint64_t w0 = 0, w1 = 0, w2 = 0;
    const std::uint64_t last = (stripped ? kStripped : 0) | (key.size() <= kInline ? key.size() : kLong);
    if (key.size() <= kInline) {
      load_words(key, input, &w0, &w1, &w2);
      w2 |= last << 56;
      std::uint64_t h = mix(w0 ^ 0xa0761d6478bd642fULL, w1 ^ 0xe7037ed1a0b428dbULL) ^
                        mix(w2 ^ 0x8ebc6af09c88c6e3ULL, 0x589965cc75374cc3ULL);
      h = (h ^ h >> 33) * 0xff51afd7ed558ccdULL;  // every byte moves the low bits, where a lookup
      hash = h ^ h >> 33;                         // starts (murmur's last steps)
    } else {
      if (key.data() != text.data()) text.assign(key);
      w2 = last << 56;
      hash = std::hash<std::string_view>{}(text);
    }
    word[0] = w0;
    word[1] = w1;
    word[2] = w2;
  }
  bool is_long() const { return (word[2] >> 56 & kLong) == kLong; }
  /// The subject's id (the key's first bytes).
  std::string_view subject() const {
    return std::string_view(is_long() ? text.data() : reinterpret_cast<const char*>(word), subject_size);
  }

 private:
  /// The words of `key` (up to kInline bytes), zero-filled after it: read a word at a time when
  /// the input goes on far enough (rather than copied, then read back: a stall of a dozen cycles).
  static void load_words(std::string_view key, std::string_view input, std::uint64_t* w0, std::uint64_t* w1,
                         std::uint64_t* w2) {
    const auto at = reinterpret_cast<std::uintptr_t>(key.data()), from = reinterpret_cast<std::uintptr_t>(input.data());
    const char* p = key.data();
    char bytes[3 * 8] = {};
    if (!(at >= from && at - from + sizeof bytes <= input.size())) {
      std::memcpy(bytes, key.data(), key.size());
      p = bytes;
    }
    std::memcpy(w0, p, 8);
    std::memcpy(w1, p + 8, 8);
    std::memcpy(w2, p + 16, 8);
    // The bytes of the key in each word: the rest of the word is zeroed.
    auto mask = [&](std::size_t i) {
      const std::size_t n = key.size() > 8 * i ? key.size() - 8 * i : 0;
      return n >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1;
    };
    *w0 &= mask(0);
    *w1 &= mask(1);
    *w2 &= mask(2);
  }
  static std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    __extension__ using Wide = unsigned __int128;
    const Wide p = static_cast<Wide>(a) * b;
    return static_cast<std::uint64_t>(p) ^ static_cast<std::uint64_t>(p >> 64);
  }
};

/// The tracks of an input by key, numbered in order of first appearance: open addressing on the
/// key's hash, a slot of 32 bytes holding a key of up to 23 bytes itself (so that a lookup reads
/// one line of memory, which prefetch() asks for early, and a million tracks take 64 MB), longer
/// keys kept aside.
class TrackIndex {
 public:
  /// The memory of the index before it last grew, touched already (the largest last).
  std::vector<PageBuffer>& spare() { return spare_; }
  /// The index's memory (the index is then empty).
  PageBuffer release() {
    mask_ = 0;
    tracks_ = 0;
    long_keys_.clear();
    return std::move(memory_);
  }
  /// Asks for the slot where a lookup of `h` starts.
  void prefetch(std::uint64_t h) const {
    if (mask_) __builtin_prefetch(slots() + (h & mask_));
  }
  /// The track of `key`, added as the next number when new (`added`).
  std::uint32_t find_or_add(const TrackKey& key, bool* added) {
    if ((tracks_ + 1) * 2 > mask_) grow();
    Slot* const s = slots();
    const auto tag = static_cast<std::uint32_t>(key.hash);
    for (std::size_t i = key.hash & mask_;; i = (i + 1) & mask_) {
      Slot& slot = s[i];
      if (slot.track_plus_one == 0) {
        slot.track_plus_one = ++tracks_;
        slot.tag = tag;
        std::memcpy(slot.word, key.word, sizeof slot.word);
        if (key.is_long()) long_keys_.emplace(tracks_ - 1, key.text);
        *added = true;
        return tracks_ - 1;
      }
      if (slot.tag == tag && ((slot.word[0] ^ key.word[0]) | (slot.word[1] ^ key.word[1]) |
                              (slot.word[2] ^ key.word[2])) == 0 &&
          (!key.is_long() || long_keys_.at(slot.track_plus_one - 1) == key.text)) {
        *added = false;
        return slot.track_plus_one - 1;
      }
    }
  }

 private:
  struct alignas(32) Slot {
    std::uint32_t track_plus_one;  ///< 0: an empty slot (the memory comes zero-filled).
    std::uint32_t tag;             ///< The hash's low 32 bits: where the slot belongs (tracks < 2^31).
    std::uint64_t word[3];         ///< TrackKey::word
  };
  static_assert(sizeof(Slot) == 32);
  Slot* slots() const { return reinterpret_cast<Slot*>(memory_.data()); }
  void grow() {
    const std::size_t count = mask_ ? 2 * (mask_ + 1) : 4096;
    if (count >> 32) throw std::length_error("2^31 tracks or more");
    PageBuffer old = std::exchange(memory_, PageBuffer(count * sizeof(Slot)));
    const std::size_t old_count = mask_ ? mask_ + 1 : 0;
    mask_ = count - 1;
    const Slot* from = reinterpret_cast<const Slot*>(old.data());
    for (std::size_t k = 0; k < old_count; ++k) {
      if (from[k].track_plus_one == 0) continue;
      std::size_t i = from[k].tag & mask_;
      while (slots()[i].track_plus_one != 0) i = (i + 1) & mask_;
      slots()[i] = from[k];
    }
    if (old.size()) spare_.push_back(std::move(old));
  }
  PageBuffer memory_;
  std::vector<PageBuffer> spare_;
  std::size_t mask_ = 0;
  std::uint32_t tracks_ = 0;
  std::unordered_map<std::uint32_t, std::string> long_keys_;
};

/// A row in a bucket's block, noted from the bucket's row before it (in input order, so that the
/// steps are small): one word of its track's number within the bucket (kTrackBits), its size
/// (kSizeBits), and how many bytes (kStepBits) and lines (the rest) on from the row before it
/// starts. A row that does not fit (kFar in the size) is followed by two words: where it starts,
/// and its line (the low kLineBits) and size (the rest; kLongRow when it does not fit).
constexpr int kTrackBits = 12;
constexpr int kSizeBits = 12;
constexpr int kStepBits = 26;
constexpr int kLineStepBits = 64 - kTrackBits - kSizeBits - kStepBits;
constexpr std::uint64_t kFar = (std::uint64_t{1} << kSizeBits) - 1;
constexpr std::size_t kNear = 8, kFarNote = 24;  // bytes noted
constexpr int kLineBits = 40;
constexpr std::uint64_t kLongRow = (std::uint64_t{1} << (64 - kLineBits)) - 1;
constexpr std::uint64_t low_bits(int n) { return (std::uint64_t{1} << n) - 1; }
constexpr int kToBits = 40;  // RowSweeper::Copy: where a row goes in the arena, then its size

}  // namespace

GatheredRow GatheredRows::Bucket::read_row(const char* block, std::size_t* at, Place* last, std::string_view input) {
  std::uint64_t note;
  std::memcpy(&note, block + *at, sizeof note);
  *at += sizeof note;
  const auto track = static_cast<std::uint32_t>(note & low_bits(kTrackBits));
  std::uint64_t size = (note >> kTrackBits) & low_bits(kSizeBits);
  if (size != kFar) {
    last->offset += (note >> (kTrackBits + kSizeBits)) & low_bits(kStepBits);
    last->line += note >> (64 - kLineStepBits);
  } else {
    std::uint64_t line_and_size;
    std::memcpy(&last->offset, block + *at, sizeof last->offset);
    std::memcpy(&line_and_size, block + *at + 8, sizeof line_and_size);
    *at += 16;
    last->line = line_and_size & low_bits(kLineBits);
    size = line_and_size >> kLineBits;
    if (size == kLongRow) size = 0;
  }
  return GatheredRow{track, static_cast<std::uint32_t>(size), static_cast<std::int64_t>(last->line),
                     input.substr(static_cast<std::size_t>(last->offset))};
}

/// The pass of gather_rows; a friend of GatheredRows.
class RowGatherer {
 public:
  RowGatherer(const GatherInput& in, ErrorList& row_errors, GatheredRows* out)
      : in_(in), row_errors_(row_errors), out_(*out) {
    // Buckets of 4096 tracks (some 130k rows: fewer streams to write to in pass 1 than with smaller
    // ones); smaller for a small input (tracks guessed at 1.5 kB), so that each worker gets several.
    const std::size_t guessed_tracks = in.text.size() / 1536;
    per_bucket_ = std::clamp<std::size_t>(guessed_tracks / (8 * std::max(in.threads, 1u)), 16, 4096);
  }

  /// Reads the data rows in input order: numbers the tracks, copies each valid row into its
  /// track's bucket, reports bad rows. The lookup of a row's track is made a few rows after the
  /// row is read, its slot fetched meanwhile. With two threads or more, one thread reads the
  /// records while this one looks their tracks up (the two halves of the pass take about as long).
  void run(std::optional<std::pair<std::int64_t, std::string>>* syntax) {
    CsvReader reader(in_.text, in_.begin, in_.line);
    const bool stopped = in_.threads >= 2 ? run_pipelined(reader) : run_alone(reader);
    if (!stopped && !reader.error().empty()) *syntax = std::make_pair(reader.error_line(), reader.error());
    for (std::size_t b = 0; b < out_.buckets_.size(); ++b)
      out_.buckets_[b].last_track =
          static_cast<std::uint32_t>(std::min<std::size_t>((b + 1) * per_bucket_, out_.tracks()));
    out_.spare_ = index_.release();
  }

 private:
  /// A data record read and keyed, waiting for its track to be looked up.
  struct Pending {
    std::size_t offset = 0;
    std::size_t end = 0;
    std::int64_t line = 0;
    std::size_t fields = 0;
    bool keyed = false;
    TrackKey key;
  };
  static constexpr std::size_t kAhead = 16;  // rows between a slot's prefetch and its lookup
  static_assert(std::size_t{1} << kTrackBits >= 4096, "a bucket's tracks are numbered in kTrackBits");

  /// Reads the next data record into `p` (blank records skipped); false at the end or on a
  /// syntax error (then in reader.error()).
  bool read_next(CsvReader& reader, CsvRecord& rec, Pending* p) const {
    const MeasurementLayout& layout = *in_.layout;
    do {
      p->offset = reader.offset();
      if (!reader.next(&rec)) return false;
    } while (is_blank_record(rec));
    p->end = reader.offset();
    p->line = rec.line;
    p->fields = rec.fields.size();
    std::string_view s, r;
    p->keyed = track_of_record(rec, layout.at[kSubject], layout.at[kReader], &s, &r);
    if (p->keyed) p->key.set(s, r, in_.text);
    return true;
  }

  /// Numbers the track of a record and notes the row, or reports it; false when --strict stops.
  bool resolve(const Pending& p) {
    const MeasurementLayout& layout = *in_.layout;
    if (!p.keyed) {
      row_errors_.add(p.line, p.line, "subject", "empty: a subject id was expected", "");
      return !in_.strict;  // the plain reader stops here: no later row matters
    }
    bool added = false;
    const std::uint32_t track = index_.find_or_add(p.key, &added);
    if (added) out_.bad_.push_back(0);
    if (p.fields != layout.width) {
      row_errors_.add(p.line, p.line, "", field_count_message(p.fields, layout.width),
                      p.key.subject());
      out_.bad_[track] = 1;
      return !in_.strict;
    }
    add_row(track, p.line, p.offset, p.end - p.offset);
    return true;
  }

  /// The pass on one thread; true when --strict stopped it.
  bool run_alone(CsvReader& reader) {
    std::array<Pending, kAhead> ring;
    std::size_t head = 0, tail = 0;
    CsvRecord rec;
    while (true) {
      if (head - tail == kAhead && !resolve(ring[tail++ % kAhead])) return true;
      Pending& p = ring[head % kAhead];
      if (!read_next(reader, rec, &p)) break;
      if (p.keyed) index_.prefetch(p.key.hash);
      ++head;
    }
    while (tail < head)
      if (!resolve(ring[tail++ % kAhead])) return true;
    return false;
  }

  /// The pass on two threads: a reader thread fills batches of records, this thread looks them
  /// up in input order. True when --strict stopped it.
  bool run_pipelined(CsvReader& reader) {
    constexpr std::size_t kBatch = 4096, kBatches = 4;
    struct Batch {
      std::vector<Pending> rows = std::vector<Pending>(kBatch);
      std::size_t size = 0;
      bool last = false;
    };
    std::vector<Batch> batches(kBatches);
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Batch*> free_batches, full_batches;  // full ones in input order (a FIFO)
    for (Batch& b : batches) free_batches.push_back(&b);
    bool cancelled = false;
    std::exception_ptr failure;  // what the reader thread threw (memory), rethrown here

    std::thread reading([&] {
      try {
        CsvRecord rec;
        for (bool more = true; more;) {
          Batch* b = nullptr;
          {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return cancelled || !free_batches.empty(); });
            if (cancelled) return;
            b = free_batches.back();
            free_batches.pop_back();
          }
          b->size = 0;
          while (b->size < kBatch && (more = read_next(reader, rec, &b->rows[b->size]))) ++b->size;
          b->last = !more;
          {
            std::lock_guard lock(mutex);
            full_batches.push_back(b);
          }
          changed.notify_all();
        }
      } catch (...) {
        {
          std::lock_guard lock(mutex);
          failure = std::current_exception();
        }
        changed.notify_all();
      }
    });
    auto stop_reading = [&] {
      {
        std::lock_guard lock(mutex);
        cancelled = true;
      }
      changed.notify_all();
      reading.join();
    };

    bool stopped = false;
    try {
      for (bool last = false; !last && !stopped;) {
        Batch* b = nullptr;
        {
          std::unique_lock lock(mutex);
          changed.wait(lock, [&] { return !full_batches.empty() || failure; });
          if (full_batches.empty()) std::rethrow_exception(failure);
          b = full_batches.front();
          full_batches.erase(full_batches.begin());
        }
        last = b->last;
        for (std::size_t i = 0; i < b->size && !stopped; ++i) {
          if (i + kAhead < b->size && b->rows[i + kAhead].keyed) index_.prefetch(b->rows[i + kAhead].key.hash);
          stopped = !resolve(b->rows[i]);
        }
        {
          std::lock_guard lock(mutex);
          free_batches.push_back(b);
        }
        changed.notify_all();
      }
    } catch (...) {
      stop_reading();
      throw;
    }
    if (stopped)
      stop_reading();
    else
      reading.join();
    return stopped;
  }

  /// Notes a row (a whole record of `size` bytes from byte `offset` of the input) in its track's bucket.
  void add_row(std::uint32_t track, std::int64_t line, std::size_t offset, std::size_t size) {
    if (line < 0 || static_cast<std::uint64_t>(line) >> kLineBits)
      throw std::length_error("an input of 2^40 lines or more");
    const std::size_t b = track / per_bucket_;
    while (out_.buckets_.size() <= b) {
      out_.buckets_.emplace_back();
      out_.buckets_.back().first_track = static_cast<std::uint32_t>((out_.buckets_.size() - 1) * per_bucket_);
    }
    GatheredRows::Bucket& bucket = out_.buckets_[b];
    const std::uint64_t track_in_bucket = track - bucket.first_track;
    const std::uint64_t step = offset - bucket.last_.offset;
    const std::uint64_t line_step = static_cast<std::uint64_t>(line) - bucket.last_.line;
    const bool near = size < kFar && step <= low_bits(kStepBits) && line_step <= low_bits(kLineStepBits);
    const std::size_t noted = near ? kNear : kFarNote;
    if (bucket.blocks_.empty() || bucket.blocks_.back().capacity - bucket.blocks_.back().used < noted)
      new_block(bucket, noted);
    GatheredRows::Bucket::Block& block = bucket.blocks_.back();
    char* const to = block.data + block.used;
    block.used += noted;
    if (near) {
      const std::uint64_t note = track_in_bucket | std::uint64_t{size} << kTrackBits |
                                 step << (kTrackBits + kSizeBits) | line_step << (64 - kLineStepBits);
      std::memcpy(to, &note, sizeof note);
    } else {
      const std::uint64_t noted_size = std::min<std::uint64_t>(size, kLongRow);
      const std::uint64_t words[3] = {track_in_bucket | kFar << kTrackBits, offset,
                                      static_cast<std::uint64_t>(line) | noted_size << kLineBits};
      std::memcpy(to, words, sizeof words);
      if (noted_size == kLongRow) bucket.long_rows_ = true;
    }
    bucket.last_ = {offset, static_cast<std::uint64_t>(line)};
    ++bucket.rows_;
    bucket.bytes_ += size;
  }

  /// A new block for `bucket`, room for `need` bytes at least: each twice the one before, from
  /// 8 kB to 256 kB, carved from arenas of 64 MB.
  void new_block(GatheredRows::Bucket& bucket, std::size_t need) {
    constexpr std::size_t kFirst = 8 << 10, kMost = 256 << 10, kArena = 64 << 20;
    const std::size_t grown = bucket.blocks_.empty() ? kFirst : std::min(2 * bucket.blocks_.back().capacity, kMost);
    const std::size_t capacity = std::max(grown, need);
    if (arena_left_ < capacity) {
      // The memory the index of tracks left when it grew, if any, else a new arena.
      std::vector<PageBuffer>& spare = index_.spare();
      if (!spare.empty() && spare.back().size() >= capacity) {
        out_.arenas_.push_back(std::move(spare.back()));
        spare.pop_back();
      } else {
        out_.arenas_.emplace_back(std::max(capacity, kArena));
      }
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
  std::size_t per_bucket_ = 4096;
  char* arena_next_ = nullptr;
  std::size_t arena_left_ = 0;
};

// ---- Listing rows by track ----------------------------------------------------------------------

namespace {

/// Lists `bucket`'s rows by track into `out`; with `arena`, each row's text is where it is to be
/// copied (the rows of each track one after the other from `arena`) and `copies` says from where.
template <class Copy>
void list_by_track(const GatheredRows::Bucket& bucket, std::string_view input, char* arena, BucketRows* out,
                   std::vector<std::size_t>* track_bytes, std::vector<Copy>* copies) {
  std::vector<std::size_t>& ends = out->ends;
  const std::size_t tracks = bucket.last_track - bucket.first_track;
  ends.assign(tracks + 1, 0);
  if (arena) track_bytes->assign(tracks + 1, 0);
  bucket.for_each_row(input, [&](const GatheredRow& row) {
    ++ends[row.track_in_bucket + 1];
    if (arena) (*track_bytes)[row.track_in_bucket + 1] += row.size;
  });
  for (std::size_t t = 1; t <= tracks; ++t) {
    ends[t] += ends[t - 1];
    if (arena) (*track_bytes)[t] += (*track_bytes)[t - 1];
  }
  out->rows.resize(bucket.rows());
  if (arena) copies->resize(bucket.rows());
  std::size_t i = 0;
  bucket.for_each_row(input, [&](const GatheredRow& row) {
    GatheredRow& listed = out->rows[ends[row.track_in_bucket]++];
    listed = row;
    if (arena) {
      const std::size_t to = (*track_bytes)[row.track_in_bucket];
      (*track_bytes)[row.track_in_bucket] += row.size;
      listed.text = std::string_view(arena + to, row.size);
      (*copies)[i++] = Copy{static_cast<std::uint64_t>(row.text.data() - input.data()),
                            static_cast<std::uint64_t>(to) | std::uint64_t{row.size} << kToBits};
    }
  });
  ends.pop_back();  // ends[t] is now where track t's rows end
}

struct NoCopy {
  std::uint64_t from, to_and_size;
};

}  // namespace

void list_rows(const GatheredRows::Bucket& bucket, std::string_view input, BucketRows* out) {
  list_by_track<NoCopy>(bucket, input, nullptr, out, nullptr, nullptr);
}

RowSweeper::RowSweeper(GatheredRows& rows, std::string_view input, unsigned threads, std::size_t group_bytes)
    : gathered_(rows), input_(input), threads_(std::max(threads, 1u)) {
  // Groups of consecutive buckets of group_bytes at most; a bucket that cannot be copied or is
  // larger than that is a group of its own, read in place.
  const auto& buckets = rows.buckets();
  std::size_t largest = 0;
  for (std::size_t b = 0; b < buckets.size();) {
    Group g{b, b + 1, buckets[b].copyable() && buckets[b].bytes() <= group_bytes};
    std::size_t bytes = buckets[b].bytes();
    if (g.copied)
      while (g.last < buckets.size() && buckets[g.last].copyable() && bytes + buckets[g.last].bytes() <= group_bytes)
        bytes += buckets[g.last++].bytes();
    if (g.copied) largest = std::max(largest, bytes);
    groups_.push_back(g);
    b = g.last;
  }
  if (largest) {  // once, from the memory the gathering left: memory is slow the first time it is touched
    arena_ = rows.take_spare();
    if (arena_.size() < largest) arena_.resize(largest);
  }
}

void RowSweeper::list_bucket(std::size_t j, std::size_t base, bool copy) {
  std::vector<std::size_t> track_bytes;
  list_by_track(gathered_.buckets()[first_ + j], input_, copy ? arena_.data() + base : nullptr, &lists_[j],
                &track_bytes, &copies_[j]);
  if (copy)
    for (Copy& c : copies_[j]) c.to_and_size += base;
}

void RowSweeper::copy_part(unsigned part) {
  // The input part [lo, hi), a window at a time; in a window the rows of each bucket, in order.
  constexpr std::size_t kWindow = 1 << 20;
  const std::size_t lo = input_.size() * part / threads_, hi = input_.size() * (part + 1) / threads_;
  std::vector<std::size_t> at(copies_.size());
  for (std::size_t j = 0; j < copies_.size(); ++j)
    at[j] =
        static_cast<std::size_t>(std::lower_bound(copies_[j].begin(), copies_[j].end(), lo,
                                                  [](const Copy& c, std::size_t offset) { return c.from < offset; }) -
                                 copies_[j].begin());
  constexpr std::uint64_t kTo = low_bits(kToBits);
  for (std::size_t w = lo; w < hi; w += kWindow) {
    const std::size_t end = std::min(w + kWindow, hi);
    for (std::size_t j = 0; j < copies_.size(); ++j) {
      const std::vector<Copy>& list = copies_[j];
      std::size_t k = at[j];
      for (; k < list.size() && list[k].from < end; ++k)
        std::memcpy(arena_.data() + (list[k].to_and_size & kTo), input_.data() + list[k].from,
                    list[k].to_and_size >> kToBits);
      at[j] = k;
    }
  }
}

bool RowSweeper::next_group(std::size_t* first, std::size_t* last) {
  if (next_ == groups_.size()) return false;
  const Group& g = groups_[next_++];
  first_ = g.first;
  copied_ = g.copied;
  *first = g.first;
  *last = g.last;
  const std::size_t n = g.last - g.first;
  if (lists_.size() < n) lists_.resize(n);
  copies_.resize(n);  // keeps the lists' storage from one group to the next
  for (auto& c : copies_) c.clear();
  bases_.assign(n + 1, 0);
  for (std::size_t j = 0; j < n; ++j) bases_[j + 1] = bases_[j] + gathered_.buckets()[g.first + j].bytes();
  // List the buckets (and note the copies), then copy, each on every thread.
  std::atomic<std::size_t> next_bucket{0};
  run_on_threads(threads_, [&](unsigned) {
    for (std::size_t j; (j = next_bucket++) < n;) list_bucket(j, bases_[j], g.copied);
  });
  if (g.copied) run_on_threads(threads_, [&](unsigned part) { copy_part(part); });
  return true;
}

void gather_rows(const GatherInput& in, ErrorList& row_errors, GatheredRows* out,
                 std::optional<std::pair<std::int64_t, std::string>>* syntax) {
  RowGatherer(in, row_errors, out).run(syntax);
}

}  // namespace recist::io
