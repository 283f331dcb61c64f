// Fuzz target: the profile INI (`--profile FILE.ini`), read by the command line's own parser
// (cli/options.cpp, Boost.Program_options), which reads it from a file: the input is written to a
// temporary file first. A profile is either refused with a message or gives valid parameters; the
// example tracks (data/examples/measurements.csv) are then assessed with it and checked.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz_support.hpp"
#include "options.hpp"
#include "recist/batch/batch.hpp"
#include "recist/io/files.hpp"

#ifndef RECIST_SOURCE_DIR
#error "RECIST_SOURCE_DIR names the checkout (tests/fuzz/CMakeLists.txt)"
#endif

namespace {

const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/recist-fuzz-" + std::to_string(::getpid()) + ".ini";
  }();
  return path;
}

const std::vector<recist::Track>& example_tracks() {
  static const std::vector<recist::Track> tracks = [] {
    const std::string path = std::string(RECIST_SOURCE_DIR) + "/data/examples/measurements.csv";
    std::string text, err;
    FUZZ_CHECK(recist::io::read_file(path, &text, &err), err);
    recist::io::Dataset d = recist::fuzz::read_measurements(text, path, {});
    FUZZ_CHECK(d.errors.empty() && !d.tracks.empty(), path + " reads with errors");
    return d.tracks;
  }();
  return tracks;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string& path = scratch_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(f != nullptr, "cannot write " + path);
  FUZZ_CHECK(std::fwrite(data, 1, size, f) == size && std::fclose(f) == 0, "cannot write " + path);

  std::string args[] = {"assess", "--profile", path, "in.csv"};
  char* argv[] = {args[0].data(), args[1].data(), args[2].data(), args[3].data(), nullptr};
  cli::Options options;
  std::string err;
  bool help = false;
  // Any exception escaping the parser would end the program: libFuzzer reports it as a crash.
  const bool ok = cli::parse_options("assess", 4, argv, &options, &err, &help);
  std::remove(path.c_str());
  FUZZ_CHECK(!help, "help from a profile");
  if (!ok) {
    FUZZ_CHECK(!err.empty(), "a refused profile without a message");
    return 0;
  }
  const Profile& p = options.profile;
  FUZZ_CHECK(p.confirm_min_days >= 0 && p.sd_min_days >= 0 && p.max_ne_between >= 0 && p.icpd_min_days >= 0 &&
                 p.icpd_min_days <= p.icpd_max_days && p.too_small_mm.hundredths() >= 0,
             "an invalid profile accepted");
  FUZZ_CHECK(options.files.size() == 1 && options.files[0] == "in.csv", "the profile changed the input files");
  for (const std::string& site : p.exclude_target_sites)
    for (char c : site) FUZZ_CHECK(!(c >= 'a' && c <= 'z'), "a site not upper-cased: " + site);
  for (const Track& t : example_tracks()) assess_and_check(t, p);
  return 0;
}
