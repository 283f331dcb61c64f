// How much memory a batch may still take (io/memory_available.hpp): the parsing of /proc/meminfo
// and of a cgroup's memory.max and memory.current.
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "batch/memory_available.hpp"

namespace recist::io {

TEST_CASE("MemAvailable is read from a /proc/meminfo text, in bytes") {
  const std::string meminfo =
      "MemTotal:       24105000 kB\nMemFree:        22226784 kB\nMemAvailable:   23833000 kB\nBuffers: 0 kB\n";
  REQUIRE(mem_available_of(meminfo).has_value());
  CHECK(*mem_available_of(meminfo) == std::size_t{23833000} * 1024);
  CHECK(*mem_available_of("MemAvailable: 1 kB") == 1024);  // the last line, without a line end
  CHECK_FALSE(mem_available_of("MemTotal: 10 kB\nMemFree: 5 kB\n").has_value());  // an old kernel
  CHECK_FALSE(mem_available_of("MemAvailable: lots\n").has_value());
  CHECK_FALSE(mem_available_of("").has_value());
  CHECK_FALSE(mem_available_of(" MemAvailable: 5 kB\n").has_value());  // only at the start of a line
}

TEST_CASE("a cgroup's room is its limit less what it uses, none without a limit") {
  CHECK(*cgroup_room_of("1073741824\n", "73741824\n") == 1000000000);
  CHECK(*cgroup_room_of("100\n", "100\n") == 0);
  CHECK(*cgroup_room_of("100\n", "150\n") == 0);  // over its limit (reclaim pending)
  CHECK_FALSE(cgroup_room_of("max\n", "5\n").has_value());
  CHECK_FALSE(cgroup_room_of("100\n", "").has_value());
}

TEST_CASE("this machine says how much memory is available") {
  // /proc/meminfo has had MemAvailable since Linux 3.14; the CI machines run Debian 12.
  const std::optional<std::size_t> room = memory_available();
  REQUIRE(room.has_value());
  CHECK(*room > 0);
}

}  // namespace recist::io
