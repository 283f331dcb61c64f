#include "streamed_output.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace recist::cli {
namespace {

constexpr std::size_t kSpoolInMemory = 8 << 20;

/// Whether `st` is the null device, which keeps nothing written to it.
bool is_null_device(const struct stat& st) {
  struct stat null;
  return S_ISCHR(st.st_mode) && ::stat("/dev/null", &null) == 0 && st.st_rdev == null.st_rdev;
}

}  // namespace

StreamedOutput::~StreamedOutput() {
  if (spill_) std::fclose(spill_);
}

bool StreamedOutput::open(const std::string& path, std::string* err) {
  struct stat st;
  const bool exists = path == "-" ? ::fstat(STDOUT_FILENO, &st) == 0 : ::stat(path.c_str(), &st) == 0;
  if (!out_.open(path, err)) return false;
  if (exists && is_null_device(st))
    mode_ = Mode::Null;
  else if (path != "-" && (!exists || S_ISREG(st.st_mode)))
    mode_ = Mode::File;
  else
    mode_ = Mode::Spool;
  return true;
}

void StreamedOutput::fail(std::string err) {
  if (error_.empty()) error_ = std::move(err);
}

void StreamedOutput::write(std::string_view text) {
  if (mode_ == Mode::Closed || !error_.empty() || text.empty()) return;
  size_ += text.size();
  std::string err;
  if (mode_ != Mode::Spool) {
    if (!out_.write(text, &err)) fail(err);
    return;
  }
  if (!spill_ && memory_.size() + text.size() <= kSpoolInMemory) {
    memory_.append(text);
    return;
  }
  if (!spill_) {
    const char* dir = std::getenv("TMPDIR");
    std::string name = std::string(dir && *dir ? dir : "/tmp") + "/recist-spool.XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd >= 0) {
      ::unlink(name.c_str());  // unnamed: it goes away with the process
      spill_ = ::fdopen(fd, "w+b");
      if (!spill_) ::close(fd);
    }
    if (!spill_) {
      fail("cannot create a temporary file in " + name.substr(0, name.rfind('/')) + ": " + std::strerror(errno));
      return;
    }
    if (std::fwrite(memory_.data(), 1, memory_.size(), spill_) != memory_.size()) fail("cannot write a temporary file");
    memory_ = std::string();
  }
  if (std::fwrite(text.data(), 1, text.size(), spill_) != text.size()) fail("cannot write a temporary file");
}

void StreamedOutput::truncate(std::uint64_t size) {
  if (mode_ == Mode::Closed || !error_.empty() || size >= size_) return;
  size_ = size;
  std::string err;
  switch (mode_) {
    case Mode::File:
      if (!out_.truncate(size, &err)) fail(err);
      break;
    case Mode::Spool:
      if (!spill_) {
        memory_.resize(size);
      } else if (std::fflush(spill_) != 0 || ::ftruncate(::fileno(spill_), static_cast<off_t>(size)) != 0 ||
                 ::fseeko(spill_, static_cast<off_t>(size), SEEK_SET) != 0) {
        fail("cannot write a temporary file");
      }
      break;
    case Mode::Null:
    case Mode::Closed:
      break;
  }
}

bool StreamedOutput::commit(std::string* err) {
  if (mode_ == Mode::Spool && error_.empty()) {
    // The run succeeded: copy the spool out.
    if (!spill_) {
      if (!out_.write(memory_, err)) return false;
    } else {
      std::string piece(1 << 20, '\0');
      std::rewind(spill_);
      std::size_t n;
      while ((n = std::fread(piece.data(), 1, piece.size(), spill_)) > 0)
        if (!out_.write(std::string_view(piece.data(), n), err)) return false;
      if (std::ferror(spill_)) fail("cannot read a temporary file");
    }
  }
  if (!error_.empty()) {
    *err = error_;
    return false;
  }
  return out_.commit(err);
}

}  // namespace recist::cli
