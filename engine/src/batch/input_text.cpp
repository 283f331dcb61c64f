#include "recist/batch/input_text.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "recist/io/files.hpp"

namespace recist::io {

InputText::~InputText() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
  if (fd_ >= 0) ::close(fd_);
}

namespace {

/// An unnamed temporary file in $TMPDIR (or /tmp), open for reading and writing; -1 if none.
int unnamed_temporary_file() {
  const char* dir = std::getenv("TMPDIR");
  const std::string folder = dir && *dir ? dir : "/tmp";
#if defined(O_TMPFILE)
  const int fd = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
#endif
  std::string name = folder + "/recist-input-XXXXXX";
  const int tmp = ::mkostemp(name.data(), O_CLOEXEC);  // kept open while the input is read
  if (tmp >= 0) ::unlink(name.c_str());
  return tmp;
}

/// Writes all of [p, p + n) to `fd`; false on an error.
bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

bool InputText::spool(int from, const std::string& path, std::string* err) {
  const int fd = unnamed_temporary_file();
  if (fd < 0) return false;
  std::vector<char> buffer(std::size_t{1} << 20);
  std::size_t size = 0;
  bool spooled = true;
  while (true) {
    const ssize_t n = ::read(from, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *err = "cannot read " + path + ": " + std::strerror(errno);
      ::close(fd);
      return true;
    }
    if (n == 0) break;
    if (spooled && !write_all(fd, buffer.data(), static_cast<std::size_t>(n))) {
      // No room left for the spool: what it holds and the rest are read into memory.
      spooled = false;
      copy_.resize(size);
      if (::pread(fd, copy_.data(), size, 0) != static_cast<ssize_t>(size)) {
        *err = "cannot read " + path + " back from its temporary copy: " + std::strerror(errno);
        ::close(fd);
        return true;
      }
    }
    if (!spooled) copy_.append(buffer.data(), static_cast<std::size_t>(n));
    size += static_cast<std::size_t>(n);
  }
  if (spooled && size > 0) {
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      data_ = static_cast<const char*>(p);
      size_ = size;
      mapped_ = true;
      fd_ = fd;  // for copy(); the mapping alone would keep the unnamed file
      return true;
    }
    copy_.resize(size);
    if (::pread(fd, copy_.data(), size, 0) != static_cast<ssize_t>(size)) {
      *err = "cannot read " + path + " back from its temporary copy: " + std::strerror(errno);
      ::close(fd);
      return true;
    }
  }
  ::close(fd);
  data_ = copy_.data();
  size_ = copy_.size();
  return true;
}

bool InputText::open(const std::string& path, std::string* err) {
  if (path == "-") {
    err->clear();
    if (spool(STDIN_FILENO, path, err)) return err->empty();
  } else {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *err = "cannot open " + path + ": " + std::strerror(errno);
      return false;
    }
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        fd_ = fd;  // for copy()
        data_ = static_cast<const char*>(p);
        size_ = static_cast<std::size_t>(st.st_size);
        mapped_ = true;
        return true;
      }
    }
    // Not a regular file (a FIFO, /dev/stdin), empty, or not mappable: spooled, else read.
    if (!(::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))) {
      err->clear();
      const bool done = spool(fd, path, err);
      ::close(fd);
      if (done) return err->empty();
    } else {
      ::close(fd);
    }
  }
  if (!read_file(path, &copy_, err)) return false;
  data_ = copy_.data();
  size_ = copy_.size();
  return true;
}

void InputText::release_before(std::size_t end) const {
  if (!mapped_) return;
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  // At least 4 MB at a time (but the last pages): each call flushes the TLB of every core that
  // runs a worker, so one per 256 kB chunk interrupted the other workers 16 times as often.
  constexpr std::size_t kBatch = std::size_t{4} << 20;
  const bool to_end = end >= size_;
  const std::size_t last = to_end ? (size_ + page - 1) / page * page : end / page * page;
  if (!to_end && last < released_ + kBatch) return;
  if (released_ < last) ::madvise(const_cast<char*>(data_) + released_, last - released_, MADV_DONTNEED);
  released_ = std::max(released_, last);
}

void InputText::copy(std::size_t begin, std::size_t end, char* to) const {
  while (begin < end && fd_ >= 0) {
    const ssize_t n = ::pread(fd_, to, end - begin, static_cast<off_t>(begin));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the rest through the map, which reports a file cut short as before
    begin += static_cast<std::size_t>(n);
    to += n;
  }
  if (begin < end) std::memcpy(to, data_ + begin, end - begin);
}

}  // namespace recist::io
