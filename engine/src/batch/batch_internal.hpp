#pragma once
// What read_measurements_csv needs of the batch reader beyond its public interface.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "recist/batch/batch.hpp"

namespace recist::io {

/// read_measurements_batch over any text (`pages`, when not null, is the input whose pages are
/// given back as chunks are delivered), also telling in `kept` how many of the tracks handed over
/// the plain reader returns: all of them, except after a fatal error, where it returns none, or
/// (--strict) the tracks before the first track with errors.
BatchReport read_measurements_text(std::string_view text, const InputText* pages, const std::string& file,
                                   const ReadOptions& options, const BatchOptions& batch, BatchSink& sink,
                                   std::size_t* kept);

/// Quotes and line ends seen so far from a record boundary.
struct ScanState {
  std::size_t quotes = 0;
  std::int64_t lines = 0;
};

#if defined(__SSE2__)
/// Counts the quotes and the line ends of the blocks of 64 bytes that begin [p, p + n), as CsvReader
/// counts lines (every '\n', and a '\r' not followed by '\n' outside a quoted field; `limit` is the
/// end of the text), 16 bytes at a time. Returns the bytes counted (n less under 64).
std::size_t scan_blocks(const char* p, std::size_t n, const char* limit, ScanState* st);
/// scan_blocks() 32 bytes at a time, for a processor with AVX2.
std::size_t scan_blocks_avx2(const char* p, std::size_t n, const char* limit, ScanState* st);
#endif

}  // namespace recist::io
