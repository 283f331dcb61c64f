#pragma once
// How much more memory this process may take without the system (or its control group) running
// short: what decides whether a batch may copy a large input into memory of its own.

#include <cstddef>
#include <optional>
#include <string_view>

namespace recist::io {

/// The bytes of memory the process can still take: MemAvailable of /proc/meminfo (free memory and
/// the page cache the kernel can reclaim), lowered to what the process's cgroup (v2) still allows
/// (memory.max − memory.current) when it has a limit. Nothing when /proc/meminfo cannot be read.
std::optional<std::size_t> memory_available();

/// MemAvailable of a /proc/meminfo text, in bytes; nothing when it has none.
std::optional<std::size_t> mem_available_of(std::string_view meminfo);

/// The room a cgroup v2 leaves under its limit: `max` − `current` (the texts of memory.max and
/// memory.current), 0 when over it; nothing when `max` is "max" (no limit) or either is unreadable.
std::optional<std::size_t> cgroup_room_of(std::string_view max, std::string_view current);

}  // namespace recist::io
