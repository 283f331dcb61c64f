#include "recist/io/files.hpp"

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

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

namespace {

/// The folder of a path ("." for a bare name) and its last component.
std::pair<std::string, std::string> split_path(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return {".", path};
  return {slash == 0 ? "/" : path.substr(0, slash), path.substr(slash + 1)};
}

/// The file a path names once every symbolic link is followed (a dangling link: the file it
/// would create), so that a save writes through the link into the target's folder.
std::string follow_links(std::string path) {
  for (int hops = 0; hops < 40; ++hops) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) return path;
    std::string link(static_cast<std::size_t>(st.st_size > 0 ? st.st_size : 4096) + 1, '\0');
    const ssize_t n = ::readlink(path.c_str(), link.data(), link.size());
    if (n < 0) return path;
    link.resize(static_cast<std::size_t>(n));
    path = link.starts_with('/') ? link : split_path(path).first + "/" + link;
  }
  return path;  // a loop of links: open() reports it when it fails
}

/// The process's umask, read without changing it (Linux /proc; else set and restored once).
mode_t current_umask() {
  if (std::FILE* f = std::fopen("/proc/self/status", "r")) {
    char line[256];
    unsigned mask = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, f)) found = std::sscanf(line, "Umask: %o", &mask) == 1;
    std::fclose(f);
    if (found) return static_cast<mode_t>(mask);
  }
  const mode_t mask = ::umask(022);
  ::umask(mask);
  return mask;
}

/// The pid in a temporary file name this tool made for `base` ("BASE.tmp.PID.XXXXXX"), or 0.
long temp_owner(std::string_view name, std::string_view base) {
  const std::string prefix = std::string(base) + ".tmp.";
  if (!name.starts_with(prefix)) return 0;
  name.remove_prefix(prefix.size());
  const std::size_t dot = name.find('.');
  if (dot == 0 || dot == std::string_view::npos || name.size() - dot - 1 != 6) return 0;
  long pid = 0;
  for (char c : name.substr(0, dot)) {
    if (c < '0' || c > '9' || pid > 100000000) return 0;
    pid = pid * 10 + (c - '0');
  }
  for (char c : name.substr(dot + 1))
    if (!std::isalnum(static_cast<unsigned char>(c))) return 0;
  return pid;
}

}  // namespace

void remove_stale_temporaries(const std::string& path) {
  const auto [folder, base] = split_path(follow_links(path));
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return;
  while (const dirent* e = ::readdir(dir)) {
    const long pid = temp_owner(e->d_name, base);
    // Only a name this tool made, of a process that is gone (kill(pid, 0) finds no such process).
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) ::unlinkat(::dirfd(dir), e->d_name, 0);
  }
  ::closedir(dir);
}

AtomicOutput::~AtomicOutput() {
  if (file_ && !to_stdout_) {
    std::fclose(file_);
    if (!direct_) ::unlink(temp_path_.c_str());
  }
}

bool AtomicOutput::open(const std::string& path, std::string* err, const std::string& like) {
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
  // The file replaced keeps its mode and owner (`like`'s when given: FILE.bak takes FILE's); a
  // new file gets the umask's mode, as any program creating it would.
  target_ = follow_links(path);
  remove_stale_temporaries(target_);
  struct stat old;
  if (::stat(like.empty() ? target_.c_str() : like.c_str(), &old) == 0 && S_ISREG(old.st_mode)) {
    mode_ = old.st_mode & 07777;
    owner_ = old.st_uid;
    group_ = old.st_gid;
  } else {
    mode_ = 0666 & ~current_umask();
  }
  // Made private (0600) while it is written; "BASE.tmp.PID.XXXXXX" tells a later run whose it was.
  const std::string stem = target_ + ".tmp." + std::to_string(::getpid()) + ".XXXXXX";
  temp_path_ = stem;
  const int fd = ::mkstemp(temp_path_.data());
  if (fd < 0) {
    *err = "cannot create a temporary file beside " + target_ + ": " + std::strerror(errno);
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
    *err = "cannot write " +
           (to_stdout_ ? std::string("standard output")
            : direct_  ? path_
                       : temp_path_) +
           ": " + std::strerror(errno);
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
  // The owner first (where permitted: root, or a group of ours), then the mode, which chown may
  // have cleared bits of.
  const int fd = ::fileno(f);
  if (owner_ != static_cast<uid_t>(-1) && (owner_ != ::geteuid() || group_ != ::getegid())) {
    if (::fchown(fd, owner_, group_) != 0 && ::fchown(fd, static_cast<uid_t>(-1), group_) != 0) {
      // Not permitted: the file is ours, as any editor saving it would leave it.
    }
  }
  ::fchmod(fd, mode_);
  std::fclose(f);
  if (std::rename(temp_path_.c_str(), target_.c_str()) != 0) {
    *err = "cannot rename " + temp_path_ + " to " + target_ + ": " + std::strerror(errno);
    ::unlink(temp_path_.c_str());
    return false;
  }
  return true;
}

}  // namespace recist::io
