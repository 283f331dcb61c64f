// SDTM datasets written as CSV: a header row of variable names (any case), one record a line.
// Unknown variables are kept (SDTM has many optional ones); map_sdtm() picks what it needs.
#include <algorithm>

#include "reader_support.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/io/read/sdtm.hpp"

namespace recist::io {

int SdtmTable::find(std::string_view name) const {
  auto it = std::find(variables.begin(), variables.end(), name);
  return it == variables.end() ? -1 : static_cast<int>(it - variables.begin());
}

bool read_sdtm_csv(std::string_view text, SdtmTable* table, Dataset* out, const ReadOptions& options) {
  ErrorSink errors(table->file, options, out);
  table->format = "CSV";
  CsvReader reader(text);
  CsvRecord rec;
  if (!reader.next(&rec)) {
    if (!reader.error().empty())
      errors.fatal(reader.error_line(), "", reader.error());
    else
      errors.fatal(0, "", "the file is empty: a header row of SDTM variable names was expected");
    return false;
  }
  for (std::string_view field : rec.fields) {
    std::string name = upper(trim(field));
    if (name.empty()) {
      errors.fatal(rec.line, "", "an empty variable name in the header (SDTM variable names were expected)");
      return false;
    }
    if (table->find(name) >= 0) {
      errors.fatal(rec.line, name, "variable \"" + name + "\" appears twice in the header");
      return false;
    }
    table->variables.push_back(std::move(name));
  }
  const std::size_t width = table->variables.size();
  while (reader.next(&rec)) {
    if (rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;  // blank line
    SdtmTable::Record r;
    r.number = rec.line;
    r.ends.reserve(width);
    for (std::size_t i = 0; i < width; ++i) r.push(i < rec.fields.size() ? trim(rec.fields[i]) : std::string_view());
    if (rec.fields.size() != width) {
      // Kept so that map_sdtm() can leave out the subject's tracks rather than assess them
      // without this record.
      r.malformed = true;
      errors.add(
          rec.line, "",
          std::to_string(rec.fields.size()) + " fields, but the header has " + std::to_string(width) + " variables",
          "");
      if (errors.stopped()) return false;
    }
    table->records.push_back(std::move(r));
  }
  if (!reader.error().empty()) {
    errors.fatal(reader.error_line(), "", reader.error());
    return false;
  }
  return true;
}

}  // namespace recist::io
