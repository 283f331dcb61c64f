// How much memory the process can still take: see memory_available.hpp.
#include "memory_available.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

namespace recist::io {

namespace {

/// The whole of a small text file (a /proc or /sys one); nothing when it cannot be read.
std::optional<std::string> small_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The unsigned number at the start of `s` (blanks before it skipped).
std::optional<std::size_t> leading_number(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end == s.data()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::size_t> mem_available_of(std::string_view meminfo) {
  static constexpr std::string_view kKey = "MemAvailable:";
  for (std::size_t at = 0; at < meminfo.size();) {
    const std::size_t end = std::min(meminfo.find('\n', at), meminfo.size());
    const std::string_view line = meminfo.substr(at, end - at);
    if (line.starts_with(kKey)) {
      const std::optional<std::size_t> kb = leading_number(line.substr(kKey.size()));
      if (!kb || *kb > SIZE_MAX / 1024) return std::nullopt;
      return *kb * 1024;  // the kernel writes it in kB
    }
    at = end + 1;
  }
  return std::nullopt;
}

std::optional<std::size_t> cgroup_room_of(std::string_view max, std::string_view current) {
  const std::optional<std::size_t> limit = leading_number(max), used = leading_number(current);
  if (!limit || !used) return std::nullopt;  // "max": no limit
  return *limit > *used ? *limit - *used : 0;
}

std::optional<std::size_t> memory_available() {
  const std::optional<std::string> meminfo = small_file("/proc/meminfo");
  if (!meminfo) return std::nullopt;
  std::optional<std::size_t> room = mem_available_of(*meminfo);
  if (!room) return std::nullopt;
  // The process's cgroup (v2: one line "0::/path"), whose limit may be far below the machine's.
  if (const std::optional<std::string> cgroup = small_file("/proc/self/cgroup"); cgroup && cgroup->starts_with("0::")) {
    std::string path(std::string_view(*cgroup).substr(3));
    while (!path.empty() && (path.back() == '\n' || path.back() == '/')) path.pop_back();
    const std::string folder = "/sys/fs/cgroup" + path + "/";
    const std::optional<std::string> max = small_file(folder + "memory.max"), current = small_file(folder + "memory.current");
    if (max && current)
      if (const std::optional<std::size_t> left = cgroup_room_of(*max, *current); left && *left < *room) room = left;
  }
  return room;
}

}  // namespace recist::io
