// Fuzz target: the native measurements CSV (SPEC 4.1), read by the plain reader and by the batch
// reader in small chunks (which must agree exactly: recist/batch/batch.hpp), every track assessed
// by RECIST 1.1 and iRECIST, the JSON written, and the canonical CSV and XML read back.
#include <cstdint>
#include <string>

#include "batch/measurement_rows.hpp"
#include "fuzz_support.hpp"
#include "recist/batch/batch.hpp"
#include "recist/io/write/native_writers.hpp"

namespace recist::fuzz {
namespace {

std::string canonical(const std::vector<Track>& tracks) {
  std::string out;
  io::write_measurements_csv(tracks, &out);
  return out;
}

std::string errors_text(const std::vector<io::InputError>& errors) {
  std::string out;
  for (const io::InputError& e : errors) out += io::to_string(e) + "\n";
  return out;
}

/// The data records after the header (blank lines are skipped by the reader), or -1 after a
/// syntax error.
std::int64_t data_records(std::string_view text) {
  io::CsvReader reader(text);
  io::CsvRecord rec;
  std::int64_t n = -1;
  while (reader.next(&rec))
    if (!io::is_blank_record(rec)) ++n;
  return reader.error().empty() ? n : -1;
}

/// The rows a track stands for: one per observation, one per fragment.
std::int64_t rows_of(const std::vector<Track>& tracks) {
  std::int64_t n = 0;
  for (const Track& t : tracks)
    for (const Assessment& a : t.assessments)
      for (const Observation& o : a.observations)
        n += o.status == LesionStatus::Fragment ? static_cast<std::int64_t>(o.fragments.size()) : 1;
  return n;
}

}  // namespace
}  // namespace recist::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Locating where{"fuzz.csv", line_count(text)};

  const io::ReadOptions options = read_options(false);
  const io::Dataset plain = read_measurements(text, "fuzz.csv", options);
  check_all(plain, where, options);
  // No row is dropped without an error (issue 20): a clean read keeps every data row.
  if (!plain.fatal && plain.errors.empty() && plain.errors_not_listed == 0) {
    const std::int64_t records = data_records(text);
    FUZZ_CHECK(records < 0 || records == rows_of(plain.tracks),
               std::to_string(records) + " data rows read as " + std::to_string(rows_of(plain.tracks)));
  }

  // The batch reader in chunks of a few bytes (and the compact way's sweeps in small groups) gives
  // exactly the plain reader's tracks and errors; on two threads for one input in 16 (a thread
  // costs more than a small input).
  const unsigned threads = size % 16 == 0 ? 2 : 1;
  const io::Dataset chunked =
      read_measurements(text, "fuzz.csv", options, io::BatchOptions{threads, 1 + size * 7919 % 97, 64});
  FUZZ_CHECK(chunked.fatal == plain.fatal && chunked.errors_not_listed == plain.errors_not_listed,
             "batch and plain readers disagree on fatal / errors not listed");
  FUZZ_CHECK(errors_text(chunked.errors) == errors_text(plain.errors),
             "batch errors:\n" + errors_text(chunked.errors) + "plain errors:\n" + errors_text(plain.errors));
  FUZZ_CHECK(canonical(chunked.tracks) == canonical(plain.tracks), "batch and plain readers give other tracks");

  const io::ReadOptions strict = read_options(true);
  check_dataset(read_measurements(text, "fuzz.csv", strict), where, strict);
  return 0;
}
