#pragma once
// The bytes of one input. A regular file is memory-mapped, so a batch reads it without a copy and
// can hand the parts it has finished back to the kernel (its resident memory then stays bounded
// whatever the file size). Standard input and other non-regular files (pipes, FIFOs) are copied
// into an unnamed temporary file ($TMPDIR, else /tmp) as they are read, which is then mapped the
// same way; without room for it they are read into memory.
// Not copyable; text() may be read from several threads at once.

#include <cstddef>
#include <string>
#include <string_view>

namespace recist::io {

/// One input's bytes: a read-only memory map of a regular file, or a copy of what was read.
class InputText {
 public:
  InputText() = default;
  InputText(const InputText&) = delete;
  InputText& operator=(const InputText&) = delete;
  ~InputText();

  /// Opens `path` ("-" for standard input). False with `err` ("cannot open …: reason", "cannot
  /// read …: reason") on failure.
  bool open(const std::string& path, std::string* err);
  /// The bytes, valid until the object is destroyed.
  std::string_view text() const { return {data_, size_}; }
  /// Whether the bytes are a memory map (then release() lowers the resident memory).
  bool mapped() const { return mapped_; }
  /// Says that the bytes before `end` will not be read for a while: the whole pages among them
  /// leave the resident set, 4 MB at a time (all the rest once `end` is the end). They stay
  /// readable (a later read maps them again from the file). One thread at a time.
  void release_before(std::size_t end) const;
  /// Copies the bytes [begin, end) to `to`. A mapped file's bytes are read from the file rather
  /// than through the map: on this VM a page of the map costs about 1 µs the first time a process
  /// touches it (some 0.5 s for 1.5 GB), while a read copies from the page cache at 10 GB/s.
  /// May be called from several threads at once.
  void copy(std::size_t begin, std::size_t end, char* to) const;
  /// Whether copy() reads the file (a mapped file's descriptor is kept open for it).
  bool copies_from_file() const { return fd_ >= 0; }

 private:
  /// Reads all of `fd` into an unnamed temporary file and maps it (or into memory when the file
  /// fills up). False when no temporary file can be made, nothing read; else true, with `err` set
  /// on a read error.
  bool spool(int fd, const std::string& path, std::string* err);

  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool mapped_ = false;
  int fd_ = -1;  ///< The mapped file, kept open for copy().
  mutable std::size_t released_ = 0;  ///< The pages before this offset were released.
  std::string copy_;
};

}  // namespace recist::io
