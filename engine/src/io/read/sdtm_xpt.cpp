// SDTM datasets written as SAS XPORT (transport) files, read with ReadStat (FORMATS.md §4).
// Character values are taken as they are; numbers (IBM hexadecimal floats in the file) become
// plain decimal text printed with 15 significant digits, so that map_sdtm() reads every format
// through the same text path. ReadStat reads only the first member of a file: a second one is an
// error rather than silently ignored.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reader_support.hpp"
#include "recist/io/files.hpp"
#include "recist/io/read/sdtm.hpp"

#if RECIST_WITH_XPT
#include <readstat.h>
#endif

namespace recist::io {
namespace {

constexpr std::string_view kLibraryHeader = "HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!";
constexpr std::string_view kLibraryHeaderV8 = "HEADER RECORD*******LIBV8   HEADER RECORD!!!!!!!";

/// The number of members (datasets) in an XPORT file: one MEMBER header record each.
int count_members(std::string_view bytes) {
  int members = 0;
  for (std::size_t at = 0; at + 80 <= bytes.size(); at += 80) {
    const std::string_view record = bytes.substr(at, 48);
    if (record == "HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!" ||
        record == "HEADER RECORD*******MEMBV8  HEADER RECORD!!!!!!!")
      ++members;
  }
  return members;
}

#if RECIST_WITH_XPT

/// A number as plain decimal text: "3", "23.1", "0.05" (15 significant digits, no exponent).
std::string number_text(double v) {
  char buf[64];
  if (std::nearbyint(v) == v && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.15g", v);
  std::string text = buf;
  if (text.find_first_of("eE") == std::string::npos) return text;
  // Very small or large: fixed notation with the digits %.15g kept.
  const int exponent = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const int decimals = exponent < 0 ? 14 - exponent : 0;
  std::snprintf(buf, sizeof buf, "%.*f", decimals > 40 ? 40 : decimals, v);
  text = buf;
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

struct XptContext {
  SdtmTable* table;
  std::int64_t row = -1;
  std::vector<std::string> values;  ///< Of the current row.

  /// Packs the current row into a record.
  void flush() {
    if (row < 0) return;
    SdtmTable::Record r;
    r.number = row + 1;  // record numbers count from 1
    r.assign(values);
    table->records.push_back(std::move(r));
  }
};

int on_metadata(readstat_metadata_t* metadata, void* ctx) {
  auto* c = static_cast<XptContext*>(ctx);
  if (const char* name = readstat_get_table_name(metadata)) c->table->dataset = upper(trim(name));
  return READSTAT_HANDLER_OK;
}

int on_variable(int, readstat_variable_t* variable, const char*, void* ctx) {
  auto* c = static_cast<XptContext*>(ctx);
  const char* name = readstat_variable_get_name(variable);
  c->table->variables.push_back(upper(trim(name ? name : "")));
  return READSTAT_HANDLER_OK;
}

int on_value(int obs_index, readstat_variable_t* variable, readstat_value_t value, void* ctx) {
  auto* c = static_cast<XptContext*>(ctx);
  SdtmTable& t = *c->table;
  if (obs_index != c->row) {
    c->flush();
    c->row = obs_index;
    c->values.assign(t.variables.size(), std::string());
  }
  std::string& out = c->values[static_cast<std::size_t>(readstat_variable_get_index(variable))];
  if (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value)) return READSTAT_HANDLER_OK;
  switch (readstat_value_type(value)) {
    case READSTAT_TYPE_STRING:
    case READSTAT_TYPE_STRING_REF:
      if (const char* s = readstat_string_value(value)) out = std::string(trim(s));
      break;
    case READSTAT_TYPE_INT8:
      out = std::to_string(readstat_int8_value(value));
      break;
    case READSTAT_TYPE_INT16:
      out = std::to_string(readstat_int16_value(value));
      break;
    case READSTAT_TYPE_INT32:
      out = std::to_string(readstat_int32_value(value));
      break;
    case READSTAT_TYPE_FLOAT:
      out = number_text(readstat_float_value(value));
      break;
    case READSTAT_TYPE_DOUBLE:
      out = number_text(readstat_double_value(value));
      break;
  }
  return READSTAT_HANDLER_OK;
}

#endif

/// The 80-byte record at `at` starts with the header of `name` (padded to 8 characters).
bool is_header(std::string_view bytes, std::size_t at, std::string_view name) {
  if (at + 80 > bytes.size()) return false;
  std::string label(name);
  label.resize(8, ' ');
  return bytes.substr(at, 48) == "HEADER RECORD*******" + label + "HEADER RECORD!!!!!!!";
}

/// Where a file cut short shows (issue 31): ReadStat reads the whole observations and drops a
/// partial last one silently. In a version 5 file the observations, each as long as its
/// variables, follow the OBS header and end padded with spaces to a whole 80-byte record; so a
/// file whose size is not a multiple of 80, or whose last observation is partial and not spaces,
/// was cut. A cut exactly at the end of an observation leaves a shorter well-formed file, which
/// no version 5 header can tell. "" when whole; else the message, and `last` the last whole
/// observation.
std::string cut_short(std::string_view bytes, std::int64_t* last) {
  *last = 0;
  std::size_t at = 0;
  while (at + 80 <= bytes.size() && !is_header(bytes, at, "NAMESTR")) at += 80;
  const std::size_t member = 240;  // the MEMBER header: its columns 75-78 are the namestr length
  if (!is_header(bytes, member, "MEMBER") || at + 80 > bytes.size()) {
    if (bytes.size() % 80 == 0) return "";  // a header cut away: left to ReadStat, which says so
    return "the file ends " + std::to_string(bytes.size() % 80) + " bytes into record " +
           std::to_string(bytes.size() / 80 + 1) + " of its headers (a SAS XPORT file is whole 80-byte records)";
  }
  const auto digits = [&](std::size_t from, std::size_t n) {
    std::size_t v = 0;
    for (char c : bytes.substr(from, n)) v = c >= '0' && c <= '9' ? v * 10 + static_cast<std::size_t>(c - '0') : v;
    return v;
  };
  const std::size_t namestr = digits(member + 74, 4), variables = digits(at + 54, 4);
  if (namestr < 88 || variables == 0) return "";
  const std::size_t names = at + 80;
  std::size_t width = 0;  // the length of one observation: the end of its furthest variable
  for (std::size_t v = 0; v < variables; ++v) {
    const std::size_t n = names + v * namestr;
    if (n + namestr > bytes.size()) return "the file ends inside the description of variable " + std::to_string(v + 1);
    const auto u = [&](std::size_t off, std::size_t len) {
      std::size_t x = 0;
      for (std::size_t i = 0; i < len; ++i) x = x << 8 | static_cast<unsigned char>(bytes[n + off + i]);
      return x;
    };
    width = std::max(width, u(84, 4) + u(4, 2));  // npos + nlng
  }
  const std::size_t obs = names + (variables * namestr + 79) / 80 * 80;
  if (!is_header(bytes, obs, "OBS") || width == 0) return bytes.size() % 80 == 0 ? "" : "the file ends in its headers";
  const std::size_t data = obs + 80, size = bytes.size() - data;
  *last = static_cast<std::int64_t>(size / width);
  const std::string_view partial = bytes.substr(data + size / width * width);
  const bool padding =
      bytes.size() % 80 == 0 && partial.size() < 80 && partial.find_first_not_of(' ') == std::string_view::npos;
  if (partial.empty() || padding) {
    if (bytes.size() % 80 == 0) return "";
    return "the file is cut short: it ends after observation " + std::to_string(*last) +
           ", not at the end of an 80-byte record (a SAS XPORT file is whole 80-byte records)";
  }
  return "the file is cut short: it ends " + std::to_string(partial.size()) + " bytes into observation " +
         std::to_string(*last + 1) + " (of " + std::to_string(width) + " bytes); the last whole observation is " +
         std::to_string(*last) + (bytes.size() % 80 ? " (a SAS XPORT file is whole 80-byte records)" : "");
}

}  // namespace

bool read_sdtm_xpt(const std::string& path, SdtmTable* table, Dataset* out, const ReadOptions& options) {
  ErrorSink errors(table->file, options, out);
  table->format = "SAS XPORT";
  std::string bytes, err;
  if (!read_file(path, &bytes, &err)) {
    errors.fatal(0, "", err);
    return false;
  }
  const std::string_view start = std::string_view(bytes).substr(0, kLibraryHeader.size());
  if (start != kLibraryHeader && start != kLibraryHeaderV8) {
    errors.fatal(0, "", "not a SAS XPORT file: the first record should start \"" + std::string(kLibraryHeader) + "\"");
    return false;
  }
  if (const int members = count_members(bytes); members != 1) {
    errors.fatal(
        0, "", "the file holds " + std::to_string(members) + " datasets (members); one dataset per file was expected");
    return false;
  }
  if (std::int64_t last = 0; bytes.starts_with(kLibraryHeader)) {  // version 5 (the LIBV8 layout differs)
    if (const std::string cut = cut_short(bytes, &last); !cut.empty()) {
      errors.fatal(last + 1, "", cut);
      return false;
    }
  }
#if RECIST_WITH_XPT
  XptContext ctx{table, -1, {}};
  readstat_parser_t* parser = readstat_parser_init();
  readstat_set_metadata_handler(parser, on_metadata);
  readstat_set_variable_handler(parser, on_variable);
  readstat_set_value_handler(parser, on_value);
  const readstat_error_t status = readstat_parse_xport(parser, path.c_str(), &ctx);
  readstat_parser_free(parser);
  ctx.flush();
  if (status != READSTAT_OK) {
    errors.fatal(ctx.row + 1, "", std::string("cannot read the SAS XPORT file: ") + readstat_error_message(status));
    return false;
  }
  return true;
#else
  errors.fatal(0, "", "this recist was built without SAS XPORT support (RECIST_WITH_XPT=OFF)");
  return false;
#endif
}

}  // namespace recist::io
