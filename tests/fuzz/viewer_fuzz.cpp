// Fuzz target: a viewer export (issue 33), chosen by content as `recist import` does: a DICOM SR
// (TID 1500, through DCMTK), AIM 4 JSON or AIM XML. Every error names the file, every lesion has
// a length rounded from its exact value, and the tracks linked from the lesions are well formed,
// assessed by RECIST 1.1 and iRECIST, and their native CSV reads back without error (what
// `recist assess` will read).
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "recist/io/read/viewer.hpp"
#include "recist/io/write/viewer_sources.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  io::ViewerOptions options;
  options.linear_unit = "cm";
  const io::ViewerFile f = io::read_viewer_file(bytes, "fuzz.in", options);
  for (const io::InputError& e : f.errors) {
    FUZZ_CHECK(e.file == "fuzz.in" && !e.message.empty(), io::to_string(e));
    FUZZ_CHECK(e.line >= 0, io::to_string(e));
  }
  FUZZ_CHECK(!f.fatal || f.lesions.empty(), "lesions from a file that could not be read");
  for (const io::ViewerLesion& l : f.lesions) {
    FUZZ_CHECK(!l.lengths.empty(), "a lesion without a length at " + l.position);
    for (const io::ViewerLength& len : l.lengths) {
      FUZZ_CHECK(len.mm.hundredths() >= 0, "a negative length at " + len.position);
      FUZZ_CHECK(!len.exact_mm.empty(), "no exact value at " + len.position);
    }
  }
  io::LinkOptions link;
  link.subject = "FUZZ";
  link.date = Date::from_days(0);
  const io::ImportResult r = io::link_viewer_lesions(f.lesions, {}, link);
  for (const Track& t : r.tracks) {
    check_track(t);
    assess_and_check(t, both_criteria());
  }
  check_round_trip(r.tracks);
  std::string sources;
  io::write_viewer_sources_csv(r, &sources);
  return 0;
}
