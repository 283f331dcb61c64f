#pragma once
// Where the results go while a batch streams them (SPEC §5 `-o`): written as they come, yet a run
// that fails writes nothing, as if the results had been written at the end. A regular file gets a
// temporary file renamed into place (io::AtomicOutput); standard output, a pipe or a device gets a
// spool (memory, then an unnamed temporary file) copied out when the run succeeds; the null device
// gets the text directly, since it keeps nothing. What was written since a point can be taken back
// (an input found ungrouped is read again).

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "recist/io/files.hpp"

namespace recist::cli {

/// The output of a streaming command. Not thread-safe.
class StreamedOutput {
 public:
  StreamedOutput() = default;
  StreamedOutput(const StreamedOutput&) = delete;
  StreamedOutput& operator=(const StreamedOutput&) = delete;
  ~StreamedOutput();

  /// Opens `path` ("-": standard output). False with `err` on failure (then writes are ignored).
  bool open(const std::string& path, std::string* err);
  /// Appends text; a write error is kept for commit().
  void write(std::string_view text);
  /// The bytes written so far.
  std::uint64_t size() const { return size_; }
  /// Takes back everything written after the first `size` bytes.
  void truncate(std::uint64_t size);
  /// Puts the text in place. False with `err` on failure (including an earlier write error).
  bool commit(std::string* err);

 private:
  enum class Mode { Closed, File, Null, Spool };
  void fail(std::string err);

  io::AtomicOutput out_;
  Mode mode_ = Mode::Closed;
  std::uint64_t size_ = 0;
  std::string memory_;          ///< Spool: the text while it is small.
  std::FILE* spill_ = nullptr;  ///< Spool: an unnamed temporary file once it is not.
  std::string error_;
};

}  // namespace recist::cli
