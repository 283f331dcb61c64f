#pragma once
// Reading any supported input: the format is chosen by content (header columns, root element),
// or forced with `--input-format` (SPEC §5).

#include <string>
#include <string_view>

#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"

namespace recist::io {

/// The input formats; Sdtm is a folder of SDTM datasets (SPEC 4.3), which a folder always is.
enum class InputFormat { Auto, Measurements, Recorded, Sdtm };

/// Parses a `--input-format` value ("auto", "measurements", "responses", "sdtm"); false if unknown.
bool parse_input_format(std::string_view text, InputFormat* format);

/// Reads one input ("-" for standard input). Unreadable files give a fatal error.
Dataset read_input(const std::string& path, InputFormat format, const ReadOptions& options);

/// Reads one input already in memory (a file, not a folder); `name` names it in errors.
Dataset read_input_text(std::string_view text, const std::string& name, InputFormat format,
                        const ReadOptions& options);

}  // namespace recist::io
