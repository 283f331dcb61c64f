#include "sdtm_support.hpp"

#include <string>

#include "fuzz_support.hpp"
#include "recist/io/files.hpp"

#ifndef RECIST_SOURCE_DIR
#error "RECIST_SOURCE_DIR names the checkout (tests/fuzz/CMakeLists.txt)"
#endif

namespace recist::fuzz {
namespace {

io::SdtmTables read_demo() {
  io::SdtmTables tables;
  for (const char* name : {"tu", "tr", "rs", "dm"}) {
    const std::string path = std::string(RECIST_SOURCE_DIR) + "/data/sdtm/recist-demo/" + name + ".csv";
    std::string text, err;
    FUZZ_CHECK(io::read_file(path, &text, &err), err);
    io::SdtmTable table;
    table.file = std::string(name) + ".csv";
    io::Dataset errors;
    FUZZ_CHECK(io::read_sdtm_csv(text, &table, &errors, {}) && errors.errors.empty(), path + " reads with errors");
    slot_of(tables, name) = std::move(table);
  }
  return tables;
}

}  // namespace

const io::SdtmTables& demo_tables() {
  static const io::SdtmTables tables = read_demo();
  return tables;
}

std::optional<io::SdtmTable>& slot_of(io::SdtmTables& tables, std::string_view dataset) {
  std::string d(dataset);
  for (char& c : d) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (d == "TU") return tables.tu;
  if (d == "RS") return tables.rs;
  if (d == "DM") return tables.dm;
  if (d == "SUPPTU") return tables.supptu;
  return tables.tr;
}

void map_and_check(const io::SdtmTables& tables, io::Dataset read, const io::ReadOptions& options) {
  io::map_sdtm(tables, options, &read);
  check_all(read, Locating{}, options);
}

}  // namespace recist::fuzz
