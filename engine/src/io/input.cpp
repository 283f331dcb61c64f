#include "recist/io/input.hpp"

#include "recist/io/files.hpp"
#include "recist/io/native_csv.hpp"
#include "recist/io/native_xml.hpp"

namespace recist::io {

bool parse_input_format(std::string_view text, InputFormat* format) {
  if (text == "auto") *format = InputFormat::Auto;
  else if (text == "measurements") *format = InputFormat::Measurements;
  else if (text == "responses") *format = InputFormat::Recorded;
  else return false;
  return true;
}

Dataset read_input(const std::string& path, InputFormat format, const ReadOptions& options) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string text, err;
  if (!read_file(path, &text, &err)) {
    Dataset out;
    out.fatal = true;
    out.errors.push_back({name, 0, "", err, ""});
    return out;
  }
  if (format == InputFormat::Auto && looks_like_xml(text)) return read_native_xml(text, name, options);
  if (format == InputFormat::Auto) {
    const std::string_view first_line = std::string_view(text).substr(0, text.find('\n'));
    format = is_recorded_responses_header(first_line) ? InputFormat::Recorded : InputFormat::Measurements;
  }
  return format == InputFormat::Recorded ? read_recorded_csv(text, name, options)
                                         : read_measurements_csv(text, name, options);
}

}  // namespace recist::io
