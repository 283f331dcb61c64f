// Fuzz target: SDTM datasets written as CSV (SPEC 4.3), the whole folder at once. The input is
// the TU, TR, RS, DM and SUPPTU files one after the other, each ended by a form feed ('\f'); a
// domain after the last form feed is not given (TU and TR are needed for a mapping, as
// read_sdtm_directory() needs them). The tables read are mapped to tracks and checked.
#include <array>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "sdtm_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  constexpr std::array<const char*, 5> kDomains = {"TU", "TR", "RS", "DM", "SUPPTU"};
  std::array<std::string_view, 5> parts;
  std::size_t given = 0;
  while (given < parts.size()) {
    const std::size_t end = rest.find('\f');
    parts[given] = rest.substr(0, end);
    ++given;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 1);
  }
  for (bool strict : {false, true}) {
    const io::ReadOptions options = read_options(strict);
    io::SdtmTables tables;
    io::Dataset read;
    bool readable = true;
    for (std::size_t i = 0; i < given; ++i) {
      io::SdtmTable table;
      table.file = std::string(kDomains[i]) + ".csv";
      const std::size_t errors_before = read.errors.size();
      if (io::read_sdtm_csv(parts[i], &table, &read, options)) {
        slot_of(tables, kDomains[i]) = std::move(table);
      } else {
        readable = false;
        FUZZ_CHECK(read.fatal, std::string(kDomains[i]) + ": unreadable but not fatal");
      }
      const Locating where{table.file, line_count(parts[i])};
      for (std::size_t e = errors_before; e < read.errors.size(); ++e)
        FUZZ_CHECK(read.errors[e].line <= where.max_line, "line beyond the file: " + io::to_string(read.errors[e]));
      if (strict && !read.errors.empty()) break;
    }
    if (readable && tables.tu && tables.tr && !(strict && !read.errors.empty()))
      map_and_check(tables, std::move(read), options);
    else
      check_dataset(read, Locating{}, options);
  }
  return 0;
}
