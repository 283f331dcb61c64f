// The whole of a native measurements CSV (SPEC 4.1) as tracks: the batch reader on one thread,
// collecting each track as it is handed over. The batch reader collects each track's rows, sorts
// them by date and checks the track on its own: a bad track is reported and left out, the others
// are read.
#include "batch_internal.hpp"

namespace recist::io {
namespace {

/// Collects the tracks of a batch read, in order.
class CollectTracks final : public BatchSink {
 public:
  struct Chunk final : BatchChunk {
    std::vector<Track> tracks;
  };
  std::unique_ptr<BatchChunk> make_chunk(std::size_t) override { return std::make_unique<Chunk>(); }
  void track(BatchChunk& chunk, Track&& track) override {
    static_cast<Chunk&>(chunk).tracks.push_back(std::move(track));
  }
  void deliver(BatchChunk& chunk) override {
    for (Track& t : static_cast<Chunk&>(chunk).tracks) tracks.push_back(std::move(t));
  }
  void restart() override { tracks.clear(); }

  std::vector<Track> tracks;
};

}  // namespace

Dataset read_measurements_csv(std::string_view text, const std::string& file, const ReadOptions& options) {
  CollectTracks sink;
  std::size_t kept = 0;
  BatchReport report = read_measurements_text(text, nullptr, file, options, BatchOptions{}, sink, &kept);
  Dataset out;
  if (sink.tracks.size() > kept) sink.tracks.resize(kept);
  out.tracks = std::move(sink.tracks);
  out.errors = std::move(report.errors);
  out.errors_not_listed = report.errors_not_listed;
  out.fatal = report.fatal;
  return out;
}

}  // namespace recist::io
