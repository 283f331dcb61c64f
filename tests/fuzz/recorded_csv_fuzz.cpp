// Fuzz target: the native recorded-responses CSV (SPEC 4.2), and the same bytes as a recorded
// best-responses CSV (recist compare); the recorded tracks assessed (R14–R17) and written as JSON.
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/recorded_best.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Locating where{"fuzz.csv", line_count(text)};
  for (bool strict : {false, true}) {
    const io::ReadOptions options = read_options(strict);
    const io::Dataset recorded = io::read_recorded_csv(text, "fuzz.csv", options);
    if (strict)
      check_dataset(recorded, where, options);
    else
      check_all(recorded, where, options);
    FUZZ_CHECK(recorded.tracks.empty(), "measured tracks from a recorded-responses file");

    const io::RecordedBestFile best = io::read_recorded_best_csv(text, "fuzz.csv", options);
    check_dataset(best.diagnostics, where, options);
    for (const RecordedBest& b : best.best) FUZZ_CHECK(!b.subject.empty(), "a recorded best response without a subject");
  }
  return 0;
}
