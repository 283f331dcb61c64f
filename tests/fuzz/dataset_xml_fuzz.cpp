// Fuzz target: an SDTM dataset written as CDISC Dataset-XML 1.0. The table goes into the slot of
// the domain it states (TR when another), beside the data/sdtm/recist-demo tables, and the whole
// is mapped to tracks and checked.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "sdtm_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool strict : {false, true}) {
    const io::ReadOptions options = read_options(strict);
    io::SdtmTable table;
    table.file = "fuzz.xml";
    io::Dataset read;
    const bool ok = io::read_sdtm_dataset_xml(text, &table, &read, options);
    FUZZ_CHECK(ok || read.fatal || (strict && !read.errors.empty()), "unreadable but not fatal");
    if (!ok || (strict && !read.errors.empty())) {
      check_dataset(read, Locating{"fuzz.xml", 0}, options);
      continue;
    }
    io::SdtmTables tables = demo_tables();
    const std::string dataset = table.dataset;
    slot_of(tables, dataset) = std::move(table);
    map_and_check(tables, std::move(read), options);
  }
  return 0;
}
