#pragma once
// What read_measurements_csv needs of the batch reader beyond its public interface.

#include <cstddef>
#include <string>
#include <string_view>

#include "recist/io/batch.hpp"

namespace recist::io {

/// read_measurements_batch over any text (`pages`, when not null, is the input whose pages are
/// given back as chunks are delivered), also telling in `kept` how many of the tracks handed over
/// the plain reader returns: all of them, except after a fatal error, where it returns none, or
/// (--strict) the tracks before the first track with errors.
BatchReport read_measurements_text(std::string_view text, const InputText* pages, const std::string& file,
                                   const ReadOptions& options, const BatchOptions& batch, BatchSink& sink,
                                   std::size_t* kept);

}  // namespace recist::io
