// Fuzz target: the native XML document (schemas/recist-native.xsd), measured or recorded tracks;
// every track assessed by RECIST 1.1 and iRECIST, the JSON written, the canonical CSV and XML
// read back.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "recist/io/read/native_xml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Locating where{"fuzz.xml", line_count(text)};
  for (bool strict : {false, true}) {
    const io::ReadOptions options = read_options(strict);
    const io::Dataset d = io::read_native_xml(text, "fuzz.xml", options);
    if (strict)
      check_dataset(d, where, options);
    else
      check_all(d, where, options);
    FUZZ_CHECK(d.tracks.empty() || d.recorded.empty(), "measured and recorded tracks from one document");
  }
  return 0;
}
