// The batch reader of native measurements CSV files: see recist/io/batch.hpp. Two ways through an
// input: grouped (chunks of whole tracks, streamed, pages given back as chunks are delivered) and,
// when a track turns out to be split over the input, compact (one pass indexes each track's rows,
// then tracks are built in order of first appearance). Both hand tracks over in the same order and
// report the same errors as the plain reader (read_measurements_csv).
#include "recist/batch/batch.hpp"

#include <algorithm>
#include <cstring>
#include <functional>
#include <limits>
#include <optional>
#include <thread>

#if defined(__SSE2__)
#include <immintrin.h>
#endif

#include "batch_internal.hpp"
#include "measurement_rows.hpp"
#include "ordered_pool.hpp"
#include "memory_available.hpp"
#include "row_gather.hpp"
#include "io/read/reader_support.hpp"
#include "recist/io/read/native_csv.hpp"

namespace recist::io {

unsigned batch_threads(unsigned threads) {
  if (threads == 0) threads = std::thread::hardware_concurrency();
  return std::clamp(threads, 1u, 256u);
}

namespace {

// ---- Counting lines and quotes ----------------------------------------------------------------

/// Counts the quotes and line ends of [p + from, p + to), one byte at a time (see scan()).
void scan_bytes(const char* p, std::size_t from, std::size_t to, const char* limit, ScanState* st) {
  for (std::size_t i = from; i < to; ++i) {
    const char c = p[i];
    if (c == '"') {
      ++st->quotes;
    } else if (c == '\n') {
      ++st->lines;
    } else if (c == '\r') {
      const bool lf_follows = p + i + 1 < limit && p[i + 1] == '\n';
      if (!lf_follows && (st->quotes & 1) == 0) ++st->lines;
    }
  }
}

#if defined(__SSE2__)
/// The sum of the 16 bytes of `v`.
std::size_t sum_bytes(__m128i v) {
  const __m128i sums = _mm_sad_epu8(v, _mm_setzero_si128());
  return static_cast<std::size_t>(_mm_cvtsi128_si32(sums) + _mm_extract_epi16(sums, 4));
}

/// Whether a '\r' of the 64 bytes at `q` is not followed by '\n' (or they end the text at `limit`).
/// Not inlined: scan() then keeps its registers for the usual block, without '\r'.
__attribute__((noinline)) bool lone_cr(const char* q, const char* limit) {
  if (q + 64 >= limit) return true;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * k));
    const __m128i after = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16 * k + 1));
    const __m128i lone = _mm_andnot_si128(_mm_cmpeq_epi8(after, _mm_set1_epi8('\n')),
                                          _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    if (_mm_movemask_epi8(lone)) return true;
  }
  return false;
}
#endif

#if defined(__SSE2__)
/// The sum of the 32 bytes of `v`.
__attribute__((target("avx2"))) std::size_t sum_bytes_avx2(__m256i v) {
  const __m256i sums = _mm256_sad_epu8(v, _mm256_setzero_si256());
  const __m128i two = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
  return static_cast<std::size_t>(_mm_cvtsi128_si64(two) + _mm_extract_epi64(two, 1));
}
#endif

}  // namespace

#if defined(__SSE2__)
std::size_t scan_blocks(const char* p, std::size_t n, const char* limit, ScanState* st) {
  std::size_t i = 0;
  // Counted in byte lanes (each lane up to 4 a block, at most 63 blocks before they are summed). A
  // block with a '\r' not followed by '\n' is counted byte by byte, since such a '\r' counts only
  // outside quotes.
  const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  while (i + 64 <= n) {
    __m128i lines = _mm_setzero_si128(), quotes = _mm_setzero_si128();
    const std::size_t blocks = std::min<std::size_t>((n - i) / 64, 63);
    std::size_t b = 0;
    for (; b < blocks; ++b, i += 64) {
      const __m128i v0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 16));
      const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 32));
      const __m128i v3 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 48));
      const __m128i crs = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v0, cr), _mm_cmpeq_epi8(v1, cr)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v2, cr), _mm_cmpeq_epi8(v3, cr)));
      if (_mm_movemask_epi8(crs) && lone_cr(p + i, limit)) break;
      lines = _mm_sub_epi8(_mm_sub_epi8(lines, _mm_cmpeq_epi8(v0, lf)), _mm_cmpeq_epi8(v1, lf));
      lines = _mm_sub_epi8(_mm_sub_epi8(lines, _mm_cmpeq_epi8(v2, lf)), _mm_cmpeq_epi8(v3, lf));
      quotes = _mm_sub_epi8(_mm_sub_epi8(quotes, _mm_cmpeq_epi8(v0, quote)), _mm_cmpeq_epi8(v1, quote));
      quotes = _mm_sub_epi8(_mm_sub_epi8(quotes, _mm_cmpeq_epi8(v2, quote)), _mm_cmpeq_epi8(v3, quote));
    }
    st->lines += static_cast<std::int64_t>(sum_bytes(lines));
    st->quotes += sum_bytes(quotes);
    if (b < blocks) {
      scan_bytes(p, i, i + 64, limit, st);
      i += 64;
    }
  }
  return i;
}

__attribute__((target("avx2"))) std::size_t scan_blocks_avx2(const char* p, std::size_t n, const char* limit,
                                                             ScanState* st) {
  std::size_t i = 0;
  // As scan_blocks(), each lane up to 2 a block.
  const __m256i quote = _mm256_set1_epi8('"'), lf = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
  while (i + 64 <= n) {
    __m256i lines = _mm256_setzero_si256(), quotes = _mm256_setzero_si256();
    const std::size_t blocks = std::min<std::size_t>((n - i) / 64, 63);
    std::size_t b = 0;
    for (; b < blocks; ++b, i += 64) {
      const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
      const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i + 32));
      const __m256i crs = _mm256_or_si256(_mm256_cmpeq_epi8(v0, cr), _mm256_cmpeq_epi8(v1, cr));
      if (_mm256_movemask_epi8(crs) && lone_cr(p + i, limit)) break;
      lines = _mm256_sub_epi8(_mm256_sub_epi8(lines, _mm256_cmpeq_epi8(v0, lf)), _mm256_cmpeq_epi8(v1, lf));
      quotes = _mm256_sub_epi8(_mm256_sub_epi8(quotes, _mm256_cmpeq_epi8(v0, quote)), _mm256_cmpeq_epi8(v1, quote));
    }
    st->lines += static_cast<std::int64_t>(sum_bytes_avx2(lines));
    st->quotes += sum_bytes_avx2(quotes);
    if (b < blocks) {
      scan_bytes(p, i, i + 64, limit, st);
      i += 64;
    }
  }
  return i;
}
#endif

namespace {

/// Counts the quotes and the line ends of [p, p + n) as CsvReader counts lines: every '\n', and a
/// '\r' not followed by '\n' outside a quoted field. `limit` is the end of the text.
void scan(const char* p, std::size_t n, const char* limit, ScanState* st) {
  std::size_t i = 0;
#if defined(__SSE2__)
  // 64 bytes at a time; 32 at a time where the processor has AVX2.
  static const bool avx2 = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
  }();
  i = avx2 ? scan_blocks_avx2(p, n, limit, st) : scan_blocks(p, n, limit, st);
#endif
  scan_bytes(p, i, n, limit, st);
}

// ---- The set of tracks seen (grouped input) ---------------------------------------------------

/// A set of 64-bit track-key hashes (open addressing). A collision of two keys would only make a
/// grouped input look ungrouped, which is read correctly the compact way.
class KeySet {
 public:
  /// False if `h` was already in the set.
  bool insert(std::uint64_t h) {
    if (h == 0) h = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (slots_[i] == h) return false;
      if (slots_[i] == 0) {
        slots_[i] = h;
        ++size_;
        return true;
      }
    }
  }

 private:
  void grow() {
    std::vector<std::uint64_t> old(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    old.swap(slots_);
    size_ = 0;
    for (std::uint64_t h : old)
      if (h) insert(h);
  }
  std::vector<std::uint64_t> slots_;
  std::size_t size_ = 0;
};

// ---- Errors, in the order and with the cap of the plain reader --------------------------------

/// Merges the errors of the parts of an input. The plain reader reports the errors of the rows in
/// input order, then either the syntax error that stopped it or the errors of the tracks in track
/// order; it lists ReadOptions::max_errors of them and counts the rest. Under --strict it stops at
/// the first bad row (all of that row's errors), else at the first bad track.
class ErrorLog {
 public:
  explicit ErrorLog(const ReadOptions& options) : cap_(options.max_errors), strict_(options.strict) {}

  /// Row errors; `ordered`: they follow every row error added so far in the input.
  void add_rows(ErrorList& list, bool ordered) {
    row_count_ += list.count();
    ordered_ &= ordered;
    for (ErrorList::Entry& e : list.listed()) {
      if (ordered_ && rows_.size() >= cap_) break;
      rows_.push_back(std::move(e));
    }
    if (!ordered_ && rows_.size() > 2 * cap_ + 1024) keep_first_rows();
  }
  /// Track errors, in track order; their groups are shifted by `group_offset`.
  void add_builds(ErrorList& list, std::int64_t group_offset) {
    build_count_ += list.count();
    for (ErrorList::Entry& e : list.listed()) {
      if (builds_.size() >= cap_) break;
      e.group += group_offset;
      builds_.push_back(std::move(e));
    }
  }
  void set_syntax(InputError e) { syntax_ = std::move(e); }
  bool any_row_error() const { return row_count_ > 0; }
  bool any_build_error() const { return build_count_ > 0; }
  bool syntax() const { return syntax_.has_value(); }

  /// Whether the plain reader would have stopped at a track's errors (--strict, no bad row).
  bool stopped_at_track() const { return strict_ && row_count_ == 0 && !syntax_ && build_count_ > 0; }

  void finish(BatchReport* report) {
    keep_first_rows();
    std::vector<InputError>& out = report->errors;
    std::size_t total = 0;
    auto list = [&](std::vector<ErrorList::Entry>& from, std::size_t count, bool first_group_only) {
      std::size_t n = 0;
      for (ErrorList::Entry& e : from) {
        if (first_group_only && e.group != from.front().group) break;
        ++n;
        if (out.size() < cap_) out.push_back(std::move(e.error));
      }
      total += first_group_only ? n : count;
    };
    if (strict_) {
      if (row_count_ > 0)
        list(rows_, row_count_, true);
      else if (syntax_)
        list_syntax(out, &total);
      else if (build_count_ > 0)
        list(builds_, build_count_, true);
      report->fatal = total > 0;
    } else {
      list(rows_, row_count_, false);
      if (syntax_)
        list_syntax(out, &total);
      else
        list(builds_, build_count_, false);
      report->fatal = syntax_.has_value();
    }
    report->errors_not_listed = total - out.size();
  }

 private:
  void list_syntax(std::vector<InputError>& out, std::size_t* total) {
    ++*total;
    if (out.size() < cap_) out.push_back(std::move(*syntax_));
  }
  /// Row errors found out of input order: keep the first `cap_` by line.
  void keep_first_rows() {
    if (ordered_) return;
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const ErrorList::Entry& a, const ErrorList::Entry& b) { return a.group < b.group; });
    // Under --strict all errors of the first row are needed even beyond the cap: a row has few.
    if (rows_.size() > cap_) rows_.resize(std::max(cap_, strict_ ? std::size_t{1} : cap_));
  }

  std::size_t cap_;
  bool strict_;
  bool ordered_ = true;
  std::vector<ErrorList::Entry> rows_;
  std::size_t row_count_ = 0;
  std::vector<ErrorList::Entry> builds_;
  std::size_t build_count_ = 0;
  std::optional<InputError> syntax_;
};

// ---- What both ways share --------------------------------------------------------------------

/// A row before its fields are read (copied: quicker than a RowView value-initialised in place).
const RowView kBlankRow{};

/// The scratch space of one worker thread.
/// Aligned to a cache line, so that one worker's writes (its track, per track; its parser's
/// masks, per block) do not evict the line another worker reads for every row.
struct alignas(64) Worker {
  explicit Worker(const MeasurementLayout& layout) : parser(layout) {}
  RowParser parser;
  TrackBuilder builder;
  std::vector<RowView> rows;
  RowView plain;  ///< A row read by RowParser::parse_plain().
  CsvRecord rec;
  std::string key;
  std::string current;
  BucketRows listed;                        ///< Compact way: a bucket's rows by track.
  Track track;                              ///< The track being built; its storage reused.
};

/// What a job tells about its tracks, to know which tracks the plain reader keeps under --strict.
struct TrackTally {
  std::size_t valid = 0;             ///< Tracks handed to the sink.
  std::size_t valid_before_bad = 0;  ///< Of those, the ones before the job's first track with errors.
  std::int64_t tracks = 0;           ///< Tracks, valid or not (the groups of the track errors).
  bool bad_seen = false;

  void count(bool valid_track, bool has_errors) {
    if (has_errors) bad_seen = true;
    if (valid_track) {
      ++valid;
      if (!bad_seen) ++valid_before_bad;
    }
    ++tracks;
  }
};

/// Reads a batch: the shared state of both ways.
class BatchRead {
 public:
  BatchRead(std::string_view text, const InputText* pages, const std::string& file, const ReadOptions& options,
            const BatchOptions& batch, BatchSink& sink, const MeasurementLayout& layout, std::size_t data_begin,
            std::int64_t data_line)
      : pages_(pages),
        text_(text),
        file_(file),
        options_(options),
        threads_(batch_threads(batch.threads)),
        chunk_bytes_(std::max<std::size_t>(batch.chunk_bytes, 1)),
        sweep_group_bytes_(std::max<std::size_t>(batch.sweep_group_bytes, 1)),
        sink_(sink),
        layout_(layout),
        data_begin_(data_begin),
        data_line_(data_line) {
    for (unsigned t = 0; t < threads_; ++t) workers_.push_back(std::make_unique<Worker>(layout_));
  }

  void run(BatchReport* report) {
    ErrorLog log(options_);
    if (read_grouped(log)) {
      report->grouped = true;
    } else {
      sink_.restart();
      log = ErrorLog(options_);
      kept_ = 0;
      read_compact(log);
      report->grouped = false;
      report->own_copy = own_copy_.size() > 0;
    }
    log.finish(report);
  }

  /// The number of tracks handed over that the plain reader would return (see read_measurements_csv).
  std::size_t kept(const BatchReport& report) const {
    if (!report.fatal) return std::numeric_limits<std::size_t>::max();
    return stopped_at_track_ ? kept_ : 0;
  }

 private:
  /// Builds a pending track and hands it to the sink if it is valid.
  void finish_track(Worker& w, std::string_view subject, std::string_view reader, bool bad, ErrorList& builds,
                    std::int64_t group, BatchChunk* chunk, TrackTally* tally) {
    Track& track = w.track;  // reused from one track to the next (TrackBuilder::build)
    const std::size_t before = builds.count();
    const bool ok = w.builder.build(subject, reader, w.rows, builds, group, &track);
    const bool valid = ok && !bad;
    if (valid && chunk) sink_.track(*chunk, std::move(track));
    tally->count(valid, builds.count() > before);
    w.rows.clear();
    w.parser.clear_storage();
  }

  /// Records a job's track tally once it is delivered; false under --strict after a bad track.
  void tally_delivered(const TrackTally& t) {
    if (!bad_track_seen_ && t.bad_seen) {
      bad_track_seen_ = true;
      kept_ = valid_delivered_ + t.valid_before_bad;
    }
    valid_delivered_ += t.valid;
  }

  // ---- Grouped input: chunks of whole tracks --------------------------------------------------

  struct GroupedJob {
    InputChunk chunk;
    std::unique_ptr<BatchChunk> out;
    ErrorList rows{nullptr, 0};
    ErrorList builds{nullptr, 0};
    std::vector<std::uint64_t> keys;  ///< The hash of each track's key, in order.
    std::string first_key, last_key;  ///< The first and last track's key.
    bool rising = true;               ///< Whether each track's key is above the one before.
    TrackTally tally;
    std::optional<InputError> syntax;
    bool misaligned = false;
  };

  void work_grouped(GroupedJob& job, Worker& w) {
    CsvReader reader(text_, job.chunk.begin, job.chunk.line);
    w.parser.new_text();
    job.out = sink_.make_chunk(job.chunk.end - job.chunk.begin);
    bool active = false, bad = false;
    std::string subject, reader_name;
    bool default_reader = false;  // whether reader_name is kDefaultReader
    // Whether a record of subject `s` and reader `r` is of the current track; the default reader,
    // the usual one, is known by where it is.
    auto same_track = [&](std::string_view s, std::string_view r) {
      return active && same_bytes(s, subject) &&
             (r.data() == kDefaultReader.data() ? default_reader : same_bytes(r, reader_name));
    };
    auto finish = [&] {
      if (active) finish_track(w, subject, reader_name, bad, job.builds, job.tally.tracks, job.out.get(), &job.tally);
      active = false;
    };
    // The track a record belongs to: a new one when its subject or reader differs (the key, made
    // only then, is what tells tracks apart).
    auto enter_track = [&](std::string_view s, std::string_view r) {
      if (same_track(s, r)) return;
      make_track_key(s, r, &w.key);
      if (active && w.key == w.current) return;
      finish();
      if (job.keys.empty())
        job.first_key = w.key;
      else
        job.rising &= w.current < w.key;
      w.current.swap(w.key);
      subject.assign(s);
      reader_name.assign(r);
      default_reader = r == kDefaultReader;
      active = true;
      bad = false;
      job.keys.push_back(std::hash<std::string>{}(w.current));
    };
    // Written by parse_plain() or track_of_record() before they are read; declared once, so that no
    // record clears them.
    std::string_view s, r;
    std::size_t next = 0;
    while (reader.offset() < job.chunk.end) {
      // The usual record straight from the text; any other through the CSV reader.
      RowView& row = w.rows.emplace_back(kBlankRow);
      if (w.parser.parse_plain(text_, reader.offset(), &row, &s, &r, &next)) {
        row.line = reader.line();
        reader.skip_to(next);
        if (!same_track(s, r)) {
          // The row of another track, set aside while the track before is built.
          w.plain = row;
          w.rows.pop_back();
          enter_track(s, r);
          w.rows.push_back(w.plain);
        }
        continue;
      }
      w.rows.pop_back();
      if (!reader.next(&w.rec)) break;
      const CsvRecord& rec = w.rec;
      if (is_blank_record(rec)) continue;
      if (!track_of_record(rec, layout_.at[kSubject], layout_.at[kReader], &s, &r)) {
        job.rows.add(rec.line, rec.line, "subject", "empty: a subject id was expected", "");
        continue;
      }
      enter_track(s, r);
      if (rec.fields.size() != layout_.width) {
        // The track is left out rather than assessed without one of its rows.
        job.rows.add(rec.line, rec.line, "", field_count_message(rec.fields.size(), layout_.width), subject);
        bad = true;
        continue;
      }
      w.rows.emplace_back();
      if (!w.parser.parse(rec, subject, job.rows, &w.rows.back())) {
        w.rows.pop_back();
        bad = true;
      }
    }
    if (!reader.error().empty()) {
      job.syntax = InputError{file_, reader.error_line(), "", reader.error(), ""};
      w.rows.clear();
      w.parser.clear_storage();
      return;
    }
    finish();
    job.last_key = w.current;
    job.misaligned = reader.offset() != job.chunk.end;
  }

  /// Whether the tracks come grouped, each key in one run. While the keys rise (input sorted by
  /// track) only the last one is kept, so memory does not grow with the input; at the first key
  /// below it, the keys read so far are gathered again from the text into a set of hashes, which
  /// then checks every later key.
  class GroupingCheck {
   public:
    explicit GroupingCheck(const BatchRead& read) : read_(read) {}
    /// False when a track of `job` appeared before.
    bool add(const GroupedJob& job) {
      if (job.keys.empty()) return true;
      if (!set_ && job.rising && (last_.empty() || last_ < job.first_key)) {
        last_ = job.last_key;
        return true;
      }
      if (!set_) {
        set_ = true;
        read_.for_each_track_key(job.chunk.begin, [&](std::uint64_t h) { seen_.insert(h); });
      }
      for (std::uint64_t h : job.keys)
        if (!seen_.insert(h)) return false;
      return true;
    }

   private:
    const BatchRead& read_;
    bool set_ = false;
    std::string last_;
    KeySet seen_;
  };

  /// Calls `f` with the hash of the key of each track (run of rows) before byte `end`.
  template <class F>
  void for_each_track_key(std::size_t end, F&& f) const {
    CsvReader reader(text_, data_begin_, data_line_);
    CsvRecord rec;
    std::string key, current;
    bool any = false;
    while (reader.offset() < end && reader.next(&rec)) {
      std::string_view s, r;
      if (is_blank_record(rec) || !track_of_record(rec, layout_.at[kSubject], layout_.at[kReader], &s, &r)) continue;
      make_track_key(s, r, &key);
      if (any && key == current) continue;
      any = true;
      current.swap(key);
      f(std::hash<std::string>{}(current));
    }
  }

  /// False when the input is not grouped by track (or a chunk boundary fell inside a record).
  bool read_grouped(ErrorLog& log) {
    ChunkSplitter splitter(text_, data_begin_, data_line_, layout_.at[kSubject], layout_.at[kReader], chunk_bytes_);
    GroupingCheck check(*this);
    bool grouped = true;
    std::int64_t tracks = 0;
    run_ordered<GroupedJob>(
        threads_, 2 * threads_ + 2,
        [&](GroupedJob& job) {
          job.rows = ErrorList(&file_, options_.max_errors);
          job.builds = ErrorList(&file_, options_.max_errors);
          return splitter.next(&job.chunk);
        },
        [&](GroupedJob& job, unsigned worker) { work_grouped(job, *workers_[worker]); },
        [&](GroupedJob& job) {
          if (job.misaligned) return grouped = false;
          if (!check.add(job)) return grouped = false;
          log.add_rows(job.rows, true);
          log.add_builds(job.builds, tracks);
          tracks += job.tally.tracks;
          if (job.syntax) {
            log.set_syntax(std::move(*job.syntax));
            return false;
          }
          if (options_.strict && log.any_row_error()) return false;
          tally_delivered(job.tally);
          sink_.deliver(*job.out);
          // Everything before this chunk's end is read: give its pages back.
          if (pages_) pages_->release_before(job.chunk.end);
          return true;
        });
    stopped_at_track_ = log.stopped_at_track();
    return grouped;
  }

  // ---- Any input: gather the rows by track, then build tracks in order -----------------------

  struct CompactJob {
    std::size_t bucket = 0;
    std::unique_ptr<BatchChunk> out;
    ErrorList rows{nullptr, 0};
    ErrorList builds{nullptr, 0};
    TrackTally tally;
  };

  /// Builds the tracks of one bucket of gathered rows, in track order.
  void work_compact(CompactJob& job, Worker& w) {
    const GatheredRows::Bucket& b = gathered_.buckets()[job.bucket];
    job.out = sink_.make_chunk(b.bytes());
    const BucketRows* listed = &w.listed;
    if (sweeper_)
      listed = &sweeper_->rows_of(job.bucket);
    else
      list_rows(b, text_, &w.listed);
    const std::vector<GatheredRow>& rows = listed->rows;
    constexpr std::size_t kAhead = 16;
    std::string subject, reader_name;
    CsvReader reader(std::string_view(), 0, 1);
    // The usual record is read straight from the text around it (the input, or the arena its
    // group was copied into) by parse_plain(), as the grouped way reads it; any other through the
    // CSV reader and parse(). The arena holds another group's rows than the last job's.
    const std::string_view around = sweeper_ ? sweeper_->around_rows() : text_;
    w.parser.new_text();
    std::size_t k = 0;
    for (std::uint32_t t = b.first_track; t < b.last_track; ++t) {
      const std::size_t end = listed->ends[t - b.first_track];
      if (k == end) continue;  // every row had the wrong number of fields
      bool bad = gathered_.bad(t);
      for (const std::size_t begin = k; k < end; ++k) {
        // The rows may be scattered over the input: ask for the next ones' bytes early.
        if (k + kAhead < rows.size()) {
          const char* next = rows[k + kAhead].text.data();
          __builtin_prefetch(next);
          __builtin_prefetch(next + 63);
        }
        const GatheredRow& row = rows[k];
        std::string_view s, r;
        const auto offset = static_cast<std::size_t>(row.text.data() - around.data());
        std::size_t next = 0;
        RowView& plain = w.rows.emplace_back(kBlankRow);
        if (row.size != 0 && w.parser.parse_plain(around, offset, &plain, &s, &r, &next) &&
            next == offset + row.size) {
          plain.line = row.line;
          if (k == begin) {
            subject.assign(s);
            reader_name.assign(r);
          }
          continue;
        }
        w.rows.pop_back();
        reader.reset(row.text, 0, row.line);
        reader.next(&w.rec);  // read once already: it is a whole record
        track_of_record(w.rec, layout_.at[kSubject], layout_.at[kReader], &s, &r);
        if (k == begin) {
          subject.assign(s);
          reader_name.assign(r);
        }
        w.rows.emplace_back();
        if (!w.parser.parse(w.rec, subject, job.rows, &w.rows.back())) {
          w.rows.pop_back();
          bad = true;
        }
      }
      finish_track(w, subject, reader_name, bad, job.builds, t, syntax_ ? nullptr : job.out.get(), &job.tally);
    }
  }

  void read_compact(ErrorLog& log) {
    // One pass in input order (which track each row belongs to; the errors of whole rows), then
    // the rows copied by track.
    ErrorList row_errors(&file_, options_.max_errors);
    std::optional<std::pair<std::int64_t, std::string>> syntax;
    // Swept when over twice the group's bytes (written so that it cannot overflow).
    const bool swept = text_.size() > sweep_group_bytes_ && text_.size() - sweep_group_bytes_ > sweep_group_bytes_;
    if (swept && own_copy_wanted()) read_from_own_copy();
    GatherInput in;
    in.text = text_;
    in.begin = data_begin_;
    in.line = data_line_;
    in.layout = &layout_;
    in.strict = options_.strict;
    in.threads = threads_;
    gather_rows(in, row_errors, &gathered_, &syntax);
    if (syntax) syntax_ = InputError{file_, syntax->first, "", std::move(syntax->second), ""};
    log.add_rows(row_errors, false);
    // Then the tracks, in order of first appearance, a bucket per job (its rows listed by track, a
    // stable counting sort); over a large input, a group of buckets at a time, whose rows are
    // first copied close together (see RowSweeper).
    std::size_t next_bucket = 0, last_bucket = gathered_.buckets().size();
    if (swept) sweeper_.emplace(gathered_, text_, threads_, sweep_group_bytes_);
    while (sweeper_ ? sweeper_->next_group(&next_bucket, &last_bucket) : next_bucket < last_bucket) {
      run_ordered<CompactJob>(
          threads_, 2 * threads_ + 2,
          [&](CompactJob& job) {
            if (next_bucket >= last_bucket) return false;
            job.rows = ErrorList(&file_, std::numeric_limits<std::size_t>::max());
            job.builds = ErrorList(&file_, options_.max_errors);
            job.bucket = next_bucket++;
            return true;
          },
          [&](CompactJob& job, unsigned worker) { work_compact(job, *workers_[worker]); },
          [&](CompactJob& job) {
            log.add_rows(job.rows, false);
            log.add_builds(job.builds, 0);
            tally_delivered(job.tally);
            if (!syntax_) sink_.deliver(*job.out);
            return true;
          });
    }
    if (syntax_) log.set_syntax(std::move(*syntax_));
    stopped_at_track_ = log.stopped_at_track();
  }

  /// Whether to read the input from a copy of its own (read_from_own_copy): only a mapped file's
  /// (a text already in memory would be held twice), and only when the copy takes at most half the
  /// memory the process can still take (memory_available(): a copy the system could not hold
  /// would be killed for want of memory, as anonymous memory cannot be read back from the disk,
  /// where the input read through its map only goes slower).
  bool own_copy_wanted() const {
    if (!pages_ || !pages_->mapped() || pages_->text().data() != text_.data() || pages_->text().size() != text_.size())
      return false;
    const std::optional<std::size_t> room = memory_available();
    return room && text_.size() <= *room / 2;
  }

  /// Makes text_ a copy of the input in memory of its own (PageBuffer: large pages where the
  /// kernel gives them), copied in parts on every thread, the file's pages given back. The
  /// gathering pass and each sweep read the whole input; through the file's map of 4 kB pages they
  /// paid for its pages again and again (10^6 shuffled subjects, 2 threads: 12.10 -> 9.65 s, median
  /// of 4 rounds in turn). Memory stays about the input's size: the copy instead of the map.
  /// If the memory or a thread cannot be had, the input is read through its map as before.
  void read_from_own_copy() {
    try {
      own_copy_ = PageBuffer(text_.size());
      run_on_threads(threads_, [&](unsigned part) {
        const std::size_t lo = text_.size() * part / threads_, hi = text_.size() * (part + 1) / threads_;
        pages_->copy(lo, hi, own_copy_.data() + lo);
      });
    } catch (const std::exception&) {  // std::bad_alloc, std::system_error
      own_copy_ = PageBuffer();
      return;
    }
    pages_->release_before(text_.size());
    text_ = std::string_view(own_copy_.data(), text_.size());
  }

  const InputText* pages_;
  std::string_view text_;
  const std::string& file_;
  const ReadOptions& options_;
  unsigned threads_;
  std::size_t chunk_bytes_;
  std::size_t sweep_group_bytes_;  ///< See BatchOptions::sweep_group_bytes.
  BatchSink& sink_;
  const MeasurementLayout& layout_;
  std::size_t data_begin_;
  std::int64_t data_line_;
  std::vector<std::unique_ptr<Worker>> workers_;

  // Which tracks the plain reader keeps when it stops at a bad track (--strict).
  std::size_t valid_delivered_ = 0;
  std::size_t kept_ = 0;
  bool bad_track_seen_ = false;
  bool stopped_at_track_ = false;

  // The compact way's rows, and the copies of a group of buckets over a large input.
  GatheredRows gathered_;
  std::optional<RowSweeper> sweeper_;
  std::optional<InputError> syntax_;
  PageBuffer own_copy_;  ///< A swept input's bytes (see read_from_own_copy).
};

}  // namespace

// ---- ChunkSplitter ----------------------------------------------------------------------------

ChunkSplitter::ChunkSplitter(std::string_view text, std::size_t begin, std::int64_t line, int subject_field,
                             int reader_field, std::size_t chunk_bytes)
    : text_(text),
      pos_(begin),
      line_(line),
      subject_field_(subject_field),
      reader_field_(reader_field),
      chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)) {}

bool ChunkSplitter::next(InputChunk* chunk) {
  const std::size_t size = text_.size();
  if (pos_ >= size) return false;
  chunk->begin = pos_;
  chunk->line = line_;
  if (size - pos_ <= chunk_bytes_) {
    chunk->end = pos_ = size;
    return true;
  }
  // Count up to the target size, then finish the record under way.
  const char* s = text_.data();
  const std::size_t target = pos_ + chunk_bytes_;
  ScanState st;
  scan(s + pos_, target - pos_, s + size, &st);
  std::int64_t line = line_ + st.lines;
  bool in_quotes = st.quotes & 1;
  std::size_t i = target;
  for (; i < size; ++i) {
    const char c = s[i];
    if (c == '"') {
      in_quotes = !in_quotes;
    } else if (c == '\n') {
      ++line;
      if (!in_quotes) {
        ++i;
        break;
      }
    } else if (c == '\r' && !in_quotes) {
      ++line;
      ++i;
      if (i < size && s[i] == '\n') ++i;
      break;
    }
  }
  // From there, the chunk goes on to the end of the track of the first keyed record.
  CsvReader reader(text_, i, line);
  CsvRecord rec;
  std::string first, key;
  std::size_t end = size;
  std::int64_t end_line = line;
  while (true) {
    const std::size_t at = reader.offset();
    const std::int64_t at_line = reader.line();
    if (!reader.next(&rec)) break;  // the end, or a syntax error: the rest is one chunk
    std::string_view subject, reader_name;
    if (is_blank_record(rec) || !track_of_record(rec, subject_field_, reader_field_, &subject, &reader_name)) continue;
    make_track_key(subject, reader_name, &key);
    if (first.empty()) {
      first.swap(key);
    } else if (key != first) {
      end = at;
      end_line = at_line;
      break;
    }
  }
  chunk->end = pos_ = end;
  line_ = end_line;
  return true;
}

// ---- The entry point ---------------------------------------------------------------------------

BatchReport read_measurements_text(std::string_view text, const InputText* pages, const std::string& file,
                                   const ReadOptions& options, const BatchOptions& batch, BatchSink& sink,
                                   std::size_t* kept) {
  BatchReport report;
  *kept = 0;
  // The header, as the plain reader reads it.
  Dataset header;
  ErrorSink errors(file, options, &header);
  CsvReader reader(text);
  CsvRecord rec;
  MeasurementLayout layout;
  layout.irecist_codes = options.irecist_codes;
  if (!read_header(reader, &rec, kMeasurementColumns, {kSubject, kDate, kLesion}, errors, layout.at.data(),
                   &layout.width)) {
    report.errors = std::move(header.errors);
    report.errors_not_listed = header.errors_not_listed;
    report.fatal = true;
    return report;
  }
  BatchRead read(text, pages, file, options, batch, sink, layout, reader.offset(), reader.line());
  read.run(&report);
  *kept = read.kept(report);
  return report;
}

BatchReport read_measurements_batch(const InputText& input, const std::string& file, const ReadOptions& options,
                                    const BatchOptions& batch, BatchSink& sink) {
  std::size_t kept = 0;
  return read_measurements_text(input.text(), &input, file, options, batch, sink, &kept);
}

}  // namespace recist::io
