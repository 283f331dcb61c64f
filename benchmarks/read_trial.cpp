// Times the reading half of a batch alone: read_measurements_batch over a native measurements CSV
// with a sink that only counts the tracks (no assessment, no output). See benchmarks/README.md.
//
// usage: read_trial [--threads N] [--repeat N] FILE
// Prints the best wall time of the runs, the tracks read and whether the input was grouped (and,
// if not, whether it was read from a copy of its own).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "recist/batch/batch.hpp"

namespace {

/// Counts the tracks and their observations, so that nothing is optimised away.
class CountingSink final : public recist::io::BatchSink {
 public:
  struct Chunk final : recist::io::BatchChunk {
    std::size_t tracks = 0;
    std::size_t observations = 0;
  };
  std::unique_ptr<recist::io::BatchChunk> make_chunk(std::size_t) override { return std::make_unique<Chunk>(); }
  void track(recist::io::BatchChunk& chunk, recist::Track&& track) override {
    auto& c = static_cast<Chunk&>(chunk);
    ++c.tracks;
    for (const recist::Assessment& a : track.assessments) c.observations += a.observations.size();
  }
  void deliver(recist::io::BatchChunk& chunk) override {
    auto& c = static_cast<Chunk&>(chunk);
    tracks += c.tracks;
    observations += c.observations;
  }
  void restart() override { tracks = observations = 0; }

  std::size_t tracks = 0;
  std::size_t observations = 0;
};

/// The processor time (user and system) of this process so far, in seconds.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned threads = 1;
  int repeat = 3;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::atoi(argv[++i]));
    } else if (a == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else if (file.empty() && a.rfind("--", 0) != 0) {
      file = a;
    } else {
      std::fprintf(stderr, "usage: read_trial [--threads N] [--repeat N] FILE\n");
      return 2;
    }
  }
  if (file.empty()) {
    std::fprintf(stderr, "usage: read_trial [--threads N] [--repeat N] FILE\n");
    return 2;
  }
  double best = 1e300, best_cpu = 1e300;
  CountingSink sink;
  recist::io::BatchReport report;
  for (int r = 0; r < repeat; ++r) {
    recist::io::InputText input;
    std::string err;
    if (!input.open(file, &err)) {
      std::fprintf(stderr, "read_trial: %s\n", err.c_str());
      return 3;
    }
    sink = CountingSink();
    recist::io::BatchOptions batch;
    batch.threads = threads;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = cpu_seconds();
    report = recist::io::read_measurements_batch(input, file, recist::io::ReadOptions{}, batch, sink);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
    best_cpu = std::min(best_cpu, cpu_seconds() - cpu_start);
  }
  std::printf("%.3f s (%.3f s of processor time)  %zu tracks  %zu observations  %zu errors  %s  (%u thread(s), "
              "best of %d)\n",
              best, best_cpu, sink.tracks, sink.observations, report.errors.size() + report.errors_not_listed,
              report.grouped ? "grouped" : report.own_copy ? "ungrouped, read from its own copy" : "ungrouped",
              threads, repeat);
  return 0;
}
