#include "recist/io/files.hpp"

#include <cerrno>
#include <cstring>
#include <string_view>

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace recist::io {

bool read_file(const std::string& path, std::string* text, std::string* err) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    *err = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  text->clear();
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text->append(buf, n);
  const bool failed = std::ferror(f);
  const int saved = errno;
  if (f != stdin) std::fclose(f);
  if (failed) {
    *err = "cannot read " + path + ": " + std::strerror(saved);
    return false;
  }
  return true;
}

AtomicOutput::~AtomicOutput() {
  if (file_ && !to_stdout_) {
    std::fclose(file_);
    if (!direct_) ::unlink(temp_path_.c_str());
  }
}

bool AtomicOutput::open(const std::string& path, std::string* err) {
  path_ = path;
  if (path == "-") {
    to_stdout_ = true;
    file_ = stdout;
    return true;
  }
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // A device or a FIFO: renaming a temporary file over it would replace it (as root, even
    // /dev/null), so it is written directly.
    direct_ = true;
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) *err = "cannot write " + path + ": " + std::strerror(errno);
    return file_ != nullptr;
  }
  temp_path_ = path + ".tmp.XXXXXX";
  const int fd = ::mkstemp(temp_path_.data());
  if (fd < 0) {
    *err = "cannot create a temporary file beside " + path + ": " + std::strerror(errno);
    return false;
  }
  file_ = ::fdopen(fd, "wb");
  if (!file_) {
    *err = "cannot write " + temp_path_ + ": " + std::strerror(errno);
    ::close(fd);
    ::unlink(temp_path_.c_str());
    return false;
  }
  return true;
}

bool AtomicOutput::write(std::string_view text, std::string* err) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) {
    *err = "cannot write " + (to_stdout_ ? std::string("standard output") : direct_ ? path_ : temp_path_) + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool AtomicOutput::truncate(std::uint64_t size, std::string* err) {
  if (to_stdout_ || direct_) {
    *err = "cannot take back what was written to " + (to_stdout_ ? std::string("standard output") : path_);
    return false;
  }
  if (std::fflush(file_) != 0 || ::ftruncate(::fileno(file_), static_cast<off_t>(size)) != 0 ||
      ::fseeko(file_, static_cast<off_t>(size), SEEK_SET) != 0) {
    *err = "cannot write " + temp_path_ + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool AtomicOutput::commit(std::string* err) {
  if (to_stdout_) {
    if (std::fflush(stdout) != 0) {
      *err = std::string("cannot write standard output: ") + std::strerror(errno);
      return false;
    }
    return true;
  }
  std::FILE* f = file_;
  file_ = nullptr;
  if (direct_) {
    if (std::fclose(f) != 0) {
      *err = "cannot write " + path_ + ": " + std::strerror(errno);
      return false;
    }
    return true;
  }
  if (std::fflush(f) != 0 || ::fsync(::fileno(f)) != 0) {
    *err = "cannot write " + temp_path_ + ": " + std::strerror(errno);
    std::fclose(f);
    ::unlink(temp_path_.c_str());
    return false;
  }
  // mkstemp creates 0600; give the result the usual permissions.
  ::fchmod(::fileno(f), 0644);
  std::fclose(f);
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    *err = "cannot rename " + temp_path_ + " to " + path_ + ": " + std::strerror(errno);
    ::unlink(temp_path_.c_str());
    return false;
  }
  return true;
}

}  // namespace recist::io
