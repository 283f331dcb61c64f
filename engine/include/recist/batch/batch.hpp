#pragma once
// Batch reading of a native measurements CSV (SPEC 4.1) at scale: streamed, on several threads,
// with exactly the tracks, order and errors of read_measurements_csv.
//
// When the input is grouped by track — all rows of a (subject, reader) pair in one run, the usual
// layout — the input is cut into chunks of whole tracks at record boundaries; workers parse, build
// and hand over the tracks of their chunks while the chunks are delivered in input order, and a
// delivered chunk's memory pages are given back. Memory is then bounded by a few chunks (and the
// largest track), not by the file. The reader notices an input that is not grouped (a track that
// appears again after another track started) and then reads it again from the start the compact
// way: one pass records where each track's rows are, then workers build tracks in order of first
// appearance; memory is then proportional to the input. Either way the tracks come in order of
// first appearance, and the errors (file, line, column), the error cap and --strict are those of
// read_measurements_csv, whatever the number of threads.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recist/batch/input_text.hpp"
#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"
#include "recist/track.hpp"

namespace recist::io {

/// How a batch runs.
struct BatchOptions {
  /// Worker threads; 0: one per core.
  unsigned threads = 0;
  /// Input bytes per chunk (a chunk ends at a track boundary, so it may be somewhat larger).
  std::size_t chunk_bytes = 256 * 1024;
  /// An ungrouped input of more than twice this many bytes has its rows copied by group of this
  /// many bytes before its tracks are built (RowSweeper: 128 MB, over 256 MB; below, the input's
  /// page tables fit the caches). Tests make it small.
  std::size_t sweep_group_bytes = std::size_t{128} << 20;
};

/// The threads `threads` stands for (0: one per core, at least 1).
unsigned batch_threads(unsigned threads);

/// What a sink makes of the tracks of one chunk; each sink derives its own.
struct BatchChunk {
  virtual ~BatchChunk() = default;
};

/// Receives the tracks of a batch read. make_chunk() and track() run on the worker threads, each
/// chunk on one thread (its tracks in input order), different chunks at the same time; deliver()
/// and restart() run on one thread at a time, chunks in input order.
class BatchSink {
 public:
  virtual ~BatchSink() = default;
  /// A new, empty chunk, for the tracks of about `input_bytes` bytes of input (so that its output
  /// can be given room at once: a bucket of the compact way is some 6 MB of input).
  virtual std::unique_ptr<BatchChunk> make_chunk(std::size_t input_bytes) = 0;
  /// One valid track of `chunk` (tracks with errors are reported, not handed over).
  virtual void track(BatchChunk& chunk, Track&& track) = 0;
  /// The next chunk in input order, complete.
  virtual void deliver(BatchChunk& chunk) = 0;
  /// The input turned out not to be grouped by track: everything delivered so far is to be
  /// forgotten, since every track is handed over again from the start.
  virtual void restart() = 0;
};

/// The outcome of a batch read: the input errors as read_measurements_csv reports them.
struct BatchReport {
  std::vector<InputError> errors;
  std::size_t errors_not_listed = 0;
  /// The input as a whole could not be read (see Dataset::fatal); under --strict, any error.
  bool fatal = false;
  /// Whether the input was grouped by track (else it was read the compact way).
  bool grouped = true;
  /// Whether an ungrouped input was read from a copy in memory of its own (a mapped file swept in
  /// groups, when memory allows: see benchmarks/README.md).
  bool own_copy = false;
};

/// Reads a whole measurements CSV (SPEC 4.1) held in memory into a Dataset: the reading every
/// other way of reading measurements agrees with. It reads with one worker per core
/// (BatchOptions{}), which gives exactly what one thread gives (batch_test.cpp), and starts them
/// on every call (tests/fuzz, with many small inputs, reads on the calling thread instead).
/// `file` names the input in errors.
Dataset read_measurements_csv(std::string_view text, const std::string& file, const ReadOptions& options);

/// Reads the measurements CSV `input` (named `file` in errors), handing its valid tracks to `sink`.
BatchReport read_measurements_batch(const InputText& input, const std::string& file, const ReadOptions& options,
                                    const BatchOptions& batch, BatchSink& sink);

/// A part of an input: whole records from byte `begin` to `end`, the first on line `line`.
struct InputChunk {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::int64_t line = 1;
};

/// Cuts a CSV text into chunks of about `chunk_bytes` that end at record boundaries (quoted line
/// ends are not boundaries) where the track changes: the record after a chunk belongs to another
/// (subject, reader) pair than the last keyed record of the chunk. Line numbers count as
/// CsvReader counts them. Well-formed quoting is assumed; after a syntax error the chunks are
/// only approximate (a reader of a chunk meets the error first).
class ChunkSplitter {
 public:
  /// Splits `text` from byte `begin` (a record boundary, on line `line`); `subject_field` and
  /// `reader_field` (-1: none) are the field indices of the track key.
  ChunkSplitter(std::string_view text, std::size_t begin, std::int64_t line, int subject_field, int reader_field,
                std::size_t chunk_bytes);
  /// The next chunk; false at the end of the text.
  bool next(InputChunk* chunk);

 private:
  std::string_view text_;
  std::size_t pos_;
  std::int64_t line_;
  int subject_field_;
  int reader_field_;
  std::size_t chunk_bytes_;
};

}  // namespace recist::io
