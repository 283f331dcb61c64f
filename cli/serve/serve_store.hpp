#pragma once
// FILE as `recist serve` reads and saves it: the one file the server writes. Each request reads
// FILE afresh, so a change made beside the server is seen; a save rewrites one track in place
// (recist/io/write/track_splice.hpp), atomically, after keeping the previous content in FILE.bak.
// Thread-safe: saves are serialised, within the process and with every other process that takes
// FILE's lock, and each sees the file as the save before left it.

#include <mutex>
#include <string>

#include "recist/io/dataset.hpp"
#include "recist/io/write/track_splice.hpp"
#include "recist/track.hpp"

namespace recist::cli {

/// What FILE holds at one moment.
struct Snapshot {
  std::string text;
  io::MeasurementsText index;
  io::Dataset data;  ///< The tracks the CSV reader reads from `text`, and its errors.

  /// The version of a track: a hash of its records as written ("" for a track FILE lacks), which
  /// any change to them, by the page or beside it, changes.
  std::string version(std::string_view subject, std::string_view reader) const;
  /// The track read from FILE, or null (absent, or left out for bad data).
  const Track* track(std::string_view subject, std::string_view reader) const;
  /// The input errors of the records of a track.
  std::vector<io::InputError> errors_of(const io::MeasurementsText::TrackRecords& track) const;
};

/// The outcome of TrackStore::save().
enum class SaveOutcome { kSaved, kConflict, kChanged, kFailed };

class TrackStore {
 public:
  explicit TrackStore(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  /// Reads FILE (one that does not exist yet is empty). False with `error` when it cannot be
  /// read or is not a native measurements CSV.
  bool read(Snapshot* out, io::InputError* error) const;

  /// Saves `track` over the records of its (subject, reader) if that track's version is still
  /// `expected` ("" for a track that FILE must not hold yet): FILE.bak gets the previous content,
  /// then FILE the new one, each written atomically. kConflict (with `version` the current one)
  /// when the version moved; kFailed with `err` when FILE could not be read or written, or would
  /// not read back as `track`; kChanged with `err` when a program that does not take FILE's lock
  /// wrote FILE during the save (nothing written); kSaved with the new `version`. FILE is locked
  /// (serve_lock.hpp) from the read to the rename, so two servers on one FILE lose no save.
  SaveOutcome save(const Track& track, const std::string& expected, std::string* version, std::string* err);

 private:
  /// Whether FILE no longer holds `text` (what this save read).
  bool changed_since(const std::string& text) const;

  std::string path_;
  std::mutex save_;
};

}  // namespace recist::cli
