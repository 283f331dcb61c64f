// A SAS XPORT or Dataset-XML file cut short is an error naming the file and the last whole
// record, never records dropped silently (issue 31).
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "recist/io/files.hpp"
#include "recist/io/read/sdtm.hpp"
#include "test_support.hpp"

namespace recist {
namespace {

const std::string kDir = std::string(RECIST_SOURCE_DIR) + "/data/sdtm/nct07289048/";

/// Reads `bytes` written to a temporary file as XPT; the table and the errors.
io::Dataset read_xpt_bytes(const std::string& bytes, io::SdtmTable* table) {
  const std::string path = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/recist-cut-" +
                           std::to_string(::getpid()) + ".xpt";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  REQUIRE(f);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
  io::Dataset out;
  table->file = "cut.xpt";
  io::read_sdtm_xpt(path, table, &out, {});
  std::remove(path.c_str());
  return out;
}

TEST_CASE("an XPT file cut at any 80-byte boundary or mid-record is an error naming the last whole observation") {
  for (std::string domain : {"tu", "tr", "rs", "dm", "supptu"}) {
    CAPTURE(domain);
    std::string whole, err;
    REQUIRE(io::read_file(kDir + "xpt/" + domain + ".xpt", &whole, &err));
    io::SdtmTable full;
    REQUIRE(read_xpt_bytes(whole, &full).errors.empty());
    const std::size_t observations = full.records.size();
    std::size_t refused = 0, shorter = 0;
    // Every 80-byte boundary after the headers, and 37 bytes past each (mid-record); tr's every
    // seventh boundary, to stay within a second.
    const std::size_t step = whole.size() > 50000 ? 7 * 80 : 80;
    for (std::size_t cut = 80; cut < whole.size(); cut += step) {
      for (std::size_t size : {cut, cut + 37}) {
        if (size >= whole.size()) continue;
        CAPTURE(size);
        io::SdtmTable table;
        const io::Dataset out = read_xpt_bytes(whole.substr(0, size), &table);
        if (out.errors.empty()) {
          // Only a cut exactly at the end of an observation on an 80-byte boundary: a well-formed
          // shorter file, which version 5 headers cannot tell (README "SDTM input").
          REQUIRE(size % 80 == 0);
          CHECK(table.records.size() < observations);
          ++shorter;
          continue;
        }
        ++refused;
        CHECK(out.errors[0].file == "cut.xpt");
        if (size > 3840 && out.errors[0].message.find("observation") != std::string::npos) {
          const std::string last = "the last whole observation is " + std::to_string(out.errors[0].line - 1);
          if (out.errors[0].message.find("into observation") != std::string::npos)
            CHECK(out.errors[0].message.find(last) != std::string::npos);
        }
      }
    }
    CHECK(refused > 10 * shorter);
  }
}

TEST_CASE("573 bytes cut off tr.xpt: the lost PD time point is an error, not a shorter track") {
  std::string whole, err;
  REQUIRE(io::read_file(kDir + "xpt/tr.xpt", &whole, &err));
  io::SdtmTable full, cut;
  REQUIRE(read_xpt_bytes(whole, &full).errors.empty());
  const io::Dataset out = read_xpt_bytes(whole.substr(0, whole.size() - 573), &cut);
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].message.find("cut short") != std::string::npos);
  CHECK(cut.records.empty());  // nothing read from it
  const auto last = static_cast<std::size_t>(out.errors[0].line - 1);
  CHECK(last < full.records.size());
  CHECK(last + 12 > full.records.size());  // 573 bytes hold a few observations
  CHECK(out.errors[0].message.find("last whole observation is " + std::to_string(out.errors[0].line - 1)) !=
        std::string::npos);
}

TEST_CASE("a Dataset-XML file cut anywhere in its records is an error, not fewer records") {
  for (std::string domain : {"tu", "tr", "rs", "dm", "supptu"}) {
    CAPTURE(domain);
    std::string whole, err;
    REQUIRE(io::read_file(kDir + "xml/" + domain + ".xml", &whole, &err));
    const std::size_t first = whole.find("<ItemGroupData");
    REQUIRE(first != std::string::npos);
    std::size_t cuts = 0;
    for (std::size_t size = first + 5; size < whole.size() - 1; size += whole.size() / 97 + 1) {
      CAPTURE(size);
      io::SdtmTable table;
      table.file = "cut.xml";
      io::Dataset out;
      io::read_sdtm_dataset_xml(std::string_view(whole).substr(0, size), &table, &out, {});
      REQUIRE_FALSE(out.errors.empty());
      CHECK(out.errors[0].file == "cut.xml");
      ++cuts;
    }
    CHECK(cuts > 50);
  }
}

}  // namespace
}  // namespace recist
