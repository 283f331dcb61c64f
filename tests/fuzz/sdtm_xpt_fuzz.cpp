// Fuzz target: an SDTM dataset written as SAS XPORT, read with ReadStat (which reads a file by
// its path: the input is written to a temporary file first). The table goes into the slot of the
// domain it states (TR when another), beside the data/sdtm/recist-demo tables, and the whole is
// mapped to tracks and checked.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_support.hpp"
#include "sdtm_support.hpp"

namespace {

/// A file of this process's own, written again for every input.
const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/recist-fuzz-" + std::to_string(::getpid()) + ".xpt";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string& path = scratch_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(f != nullptr, "cannot write " + path);
  FUZZ_CHECK(std::fwrite(data, 1, size, f) == size && std::fclose(f) == 0, "cannot write " + path);
  for (bool strict : {false, true}) {
    const io::ReadOptions options = read_options(strict);
    io::SdtmTable table;
    table.file = "fuzz.xpt";
    io::Dataset read;
    const bool ok = io::read_sdtm_xpt(path, &table, &read, options);
    FUZZ_CHECK(ok || read.fatal, "unreadable but not fatal");
    for (const io::SdtmTable::Record& r : table.records)
      FUZZ_CHECK(r.ends.size() <= table.variables.size(), "a record with more values than variables");
    if (!ok || (strict && !read.errors.empty())) {
      check_dataset(read, Locating{"fuzz.xpt", 0}, options);
      continue;
    }
    io::SdtmTables tables = demo_tables();
    const std::string dataset = table.dataset;
    slot_of(tables, dataset) = std::move(table);
    map_and_check(tables, std::move(read), options);
  }
  std::remove(path.c_str());
  return 0;
}
