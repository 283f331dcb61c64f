#pragma once
// The advisory lock of FILE for a save (flock(2)), shared with every other `recist serve` on the
// same FILE and with any program that locks it the same way (`flock FILE -c ...`).

#include <string>

namespace recist::cli {

/// An exclusive flock on FILE, or on its folder while FILE does not exist, held until destroyed.
/// Since a save replaces FILE by a rename, the lock is taken again until the file locked is the
/// one FILE names.
class FileLock {
 public:
  FileLock() = default;
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  ~FileLock();

  /// Blocks until the lock is held. False with `err` when FILE (or its folder) cannot be opened.
  bool lock(const std::string& path, std::string* err);

 private:
  int fd_ = -1;
};

}  // namespace recist::cli
