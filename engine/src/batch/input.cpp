#include "recist/batch/input.hpp"

#include <filesystem>
#include <system_error>

#include "recist/io/files.hpp"
#include "recist/batch/batch.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/native_xml.hpp"
#include "recist/io/read/sdtm.hpp"

namespace recist::io {

bool parse_input_format(std::string_view text, InputFormat* format) {
  if (text == "auto") *format = InputFormat::Auto;
  else if (text == "measurements") *format = InputFormat::Measurements;
  else if (text == "responses") *format = InputFormat::Recorded;
  else if (text == "sdtm") *format = InputFormat::Sdtm;
  else return false;
  return true;
}

Dataset read_input(const std::string& path, InputFormat format, const ReadOptions& options) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::error_code ec;  // SDTM (SPEC 4.3): a folder of tu, tr (rs, dm) datasets
  if (path != "-" && std::filesystem::is_directory(path, ec)) return read_sdtm_directory(path, options);
  std::string text, err;
  if (!read_file(path, &text, &err)) {
    Dataset out;
    out.fatal = true;
    out.errors.push_back({name, 0, "", err, ""});
    return out;
  }
  return read_input_text(text, name, format, options);
}

Dataset read_input_text(std::string_view text, const std::string& name, InputFormat format,
                        const ReadOptions& options) {
  if (format == InputFormat::Sdtm || (format == InputFormat::Auto && !describe_sdtm_file(text).empty()))
    return sdtm_single_file(name, text);
  if (format == InputFormat::Auto && looks_like_xml(text)) return read_native_xml(text, name, options);
  if (format == InputFormat::Auto) {
    const std::string_view first_line = text.substr(0, text.find('\n'));
    format = is_recorded_responses_header(first_line) ? InputFormat::Recorded : InputFormat::Measurements;
  }
  return format == InputFormat::Recorded ? read_recorded_csv(text, name, options)
                                         : read_measurements_csv(text, name, options);
}

}  // namespace recist::io
