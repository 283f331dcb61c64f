// FILE of `recist serve`: read afresh at each request, saved one track at a time.
#include "serve_store.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <limits>
#include <set>
#include <span>

#include "recist/batch/batch.hpp"
#include "recist/io/files.hpp"
#include "recist/io/write/native_writers.hpp"
#include "serve_lock.hpp"

namespace recist::cli {
namespace {

/// FNV-1a, 64 bits, as 16 hex digits: a version, not a secret.
std::string hash_text(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

/// The canonical CSV of a track: equal texts, equal tracks.
std::string canonical(const Track& t) {
  std::string out;
  io::write_measurements_csv(std::span<const Track>(&t, 1), &out);
  return out;
}

bool write_atomically(const std::string& path, std::string_view text, std::string* err, const std::string& like = {}) {
  io::AtomicOutput out;
  return out.open(path, err, like) && out.write(text, err) && out.commit(err);
}

}  // namespace

std::string Snapshot::version(std::string_view subject, std::string_view reader) const {
  const io::MeasurementsText::TrackRecords* t = index.find(subject, reader);
  return t ? hash_text(index.text_of(text, *t)) : std::string();
}

const Track* Snapshot::track(std::string_view subject, std::string_view reader) const {
  for (const Track& t : data.tracks)
    if (t.subject == subject && t.reader == reader) return &t;
  return nullptr;
}

std::vector<io::InputError> Snapshot::errors_of(const io::MeasurementsText::TrackRecords& track) const {
  std::set<std::int64_t> lines;
  for (std::size_t r : track.records) lines.insert(index.records[r].line);
  std::vector<io::InputError> out;
  for (const io::InputError& e : data.errors)
    if (lines.count(e.line)) out.push_back(e);
  return out;
}

bool TrackStore::changed_since(const std::string& text) const {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return errno != ENOENT || !text.empty();
  std::string now, err;
  return static_cast<std::uint64_t>(st.st_size) != text.size() || !io::read_file(path_, &now, &err) || now != text;
}

bool TrackStore::read(Snapshot* out, io::InputError* error) const {
  *out = Snapshot{};
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 && errno == ENOENT) {  // a new file, written at the first save
    io::index_measurements_text("", path_, &out->index, error);
    return true;
  }
  std::string err;
  if (!io::read_file(path_, &out->text, &err)) {
    *error = io::InputError{path_, 0, "", err, ""};
    return false;
  }
  if (!io::index_measurements_text(out->text, path_, &out->index, error)) return false;
  io::ReadOptions all;
  all.max_errors = std::numeric_limits<std::size_t>::max();  // every track's own errors, for the page
  out->data = io::read_measurements_csv(out->text, path_, all);
  return true;
}

SaveOutcome TrackStore::save(const Track& track, const std::string& expected, std::string* version, std::string* err) {
  std::lock_guard<std::mutex> hold(save_);
  // Another server on FILE, or a program that locks it, waits until this save is done (issue 31).
  FileLock locked;
  if (!locked.lock(path_, err)) return SaveOutcome::kFailed;
  Snapshot now;
  io::InputError error;
  if (!read(&now, &error)) {
    *err = io::to_string(error);
    return SaveOutcome::kFailed;
  }
  if (const std::string current = now.version(track.subject, track.reader); current != expected) {
    *version = current;
    return SaveOutcome::kConflict;
  }
  const std::string text = io::replace_track_rows(now.text, now.index, track);
  // What is written must read back as the track the reader saw assessed, or nothing is written.
  Snapshot saved;
  saved.text = text;
  saved.data = io::read_measurements_csv(text, path_, {});
  const Track* back = saved.track(track.subject, track.reader);
  if (!back || canonical(*back) != canonical(track)) {
    *err = "the rows of " + track.subject + "/" + track.reader + " would not read back as the track entered" +
           (saved.data.errors.empty() ? std::string() : ": " + io::to_string(saved.data.errors.front())) +
           "; FILE is left as it was";
    return SaveOutcome::kFailed;
  }
  if (!now.text.empty() && !write_atomically(path_ + ".bak", now.text, err, path_)) return SaveOutcome::kFailed;
  // A program that wrote FILE without the lock since it was read: its change is kept, this save
  // is refused rather than written over it.
  if (changed_since(now.text)) {
    *err = "FILE " + path_ + " was changed by another program during this save: nothing was saved; reload " +
           track.subject + "/" + track.reader + " and save again";
    return SaveOutcome::kChanged;
  }
  if (!write_atomically(path_, text, err)) return SaveOutcome::kFailed;
  if (!io::index_measurements_text(text, path_, &saved.index, &error)) {
    *err = io::to_string(error);
    return SaveOutcome::kFailed;
  }
  *version = saved.version(track.subject, track.reader);
  return SaveOutcome::kSaved;
}

}  // namespace recist::cli
