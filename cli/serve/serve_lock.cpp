// The advisory lock of FILE: flock, taken again while a rename moved FILE under it.
#include "serve_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace recist::cli {
namespace {

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

/// Whether `fd` is still what `path` names: FILE itself, or its folder while FILE is absent.
bool still_named(int fd, const std::string& path, bool folder) {
  struct stat held {
  }, named{};
  if (::fstat(fd, &held) != 0) return false;
  if (folder) return ::stat(path.c_str(), &named) != 0 && errno == ENOENT;
  return ::stat(path.c_str(), &named) == 0 && named.st_dev == held.st_dev && named.st_ino == held.st_ino;
}

}  // namespace

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

bool FileLock::lock(const std::string& path, std::string* err) {
  for (;;) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    const bool folder = fd < 0 && errno == ENOENT;
    if (folder) fd = ::open(folder_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      *err = "cannot open " + (folder ? folder_of(path) : path) + " to lock it: " + std::strerror(errno);
      return false;
    }
    int r;
    while ((r = ::flock(fd, LOCK_EX)) != 0 && errno == EINTR) {
    }
    if (r != 0) {
      *err = "cannot lock " + path + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    if (still_named(fd, path, folder)) {
      fd_ = fd;
      return true;
    }
    ::close(fd);  // FILE was replaced (or created) while we waited: lock the file it names now
  }
}

}  // namespace recist::cli
