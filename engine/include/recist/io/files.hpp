#pragma once
// Whole-file input and atomic output. "-" names standard input or output.

#include <sys/types.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace recist::io {

/// Removes the temporary files AtomicOutput made for `path` ("NAME.tmp.PID.XXXXXX" beside it)
/// whose process no longer runs: what a crash or `kill -9` mid-write left (issue 31).
void remove_stale_temporaries(const std::string& path);

/// Reads a whole file into `text`. False with `err` set ("cannot open …: reason") on failure.
bool read_file(const std::string& path, std::string* text, std::string* err);

/// An output written atomically (SPEC §5 `-o`): the text goes to a temporary file in the same
/// folder and is renamed over the target by commit(); without commit() the temporary file is
/// removed and a previous file of that name is left untouched. "-" writes standard output; a
/// target that exists and is not a regular file (a device such as /dev/null, a FIFO) is written
/// directly, since it cannot be replaced by a rename. A symbolic link is written through: its
/// target is replaced, in the target's folder. The file replaced keeps its mode and owner (where
/// the process may set it); a new file gets 0666 less the umask (issue 31).
class AtomicOutput {
 public:
  AtomicOutput() = default;
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();

  /// Opens the temporary file beside `path` (beside its target if a link), first removing this
  /// tool's temporary files of it whose process is gone. The result takes the mode and owner of
  /// `like` when given and a regular file, else of the file replaced. False with `err` on failure.
  bool open(const std::string& path, std::string* err, const std::string& like = {});
  /// Appends text. False with `err` on a write error.
  bool write(std::string_view text, std::string* err);
  /// Drops what was written after the first `size` bytes. False with `err` when that is not
  /// possible: standard output, a device or a FIFO (what was written there is gone).
  bool truncate(std::uint64_t size, std::string* err);
  /// Flushes, closes and renames into place. False with `err` on failure.
  bool commit(std::string* err);

 private:
  std::string path_;
  std::string target_;  ///< `path_` with its symbolic links followed: the file renamed over.
  std::string temp_path_;
  mode_t mode_ = 0644;
  uid_t owner_ = static_cast<uid_t>(-1);
  gid_t group_ = static_cast<gid_t>(-1);
  std::FILE* file_ = nullptr;
  bool to_stdout_ = false;
  bool direct_ = false;  ///< Writing the target itself (not a regular file).
};

}  // namespace recist::io
