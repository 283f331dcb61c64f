#include "recist/io/input_text.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "recist/io/files.hpp"

namespace recist::io {

InputText::~InputText() {
  if (mapped_) ::munmap(const_cast<char*>(data_), size_);
}

bool InputText::open(const std::string& path, std::string* err) {
  if (path != "-") {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *err = "cannot open " + path + ": " + std::strerror(errno);
      return false;
    }
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        ::close(fd);
        data_ = static_cast<const char*>(p);
        size_ = static_cast<std::size_t>(st.st_size);
        mapped_ = true;
        return true;
      }
    }
    ::close(fd);  // not a regular file (a FIFO, /dev/stdin), empty, or not mappable: read it
  }
  if (!read_file(path, &copy_, err)) return false;
  data_ = copy_.data();
  size_ = copy_.size();
  return true;
}

void InputText::release_before(std::size_t end) const {
  if (!mapped_) return;
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t last = end >= size_ ? (size_ + page - 1) / page * page : end / page * page;
  if (released_ < last) ::madvise(const_cast<char*>(data_) + released_, last - released_, MADV_DONTNEED);
  released_ = std::max(released_, last);
}

}  // namespace recist::io
