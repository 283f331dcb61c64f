#pragma once
// Which build produced a result: recist's version, the git commit it was built from and the
// versions of the libraries it reads with, for `recist --version` and the JSON `producer` field.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recist::io {

/// The identity of this build.
struct Producer {
  std::string_view name = "recist";
  std::string_view version;  ///< The CMake project version.
  std::string_view commit;   ///< `git describe --always --dirty` at build time, or "unknown".
  std::vector<std::pair<std::string_view, std::string>> libraries;  ///< Name and version.
};

/// This build's identity.
const Producer& producer();

/// The lines `recist --version` prints.
std::string version_text();

/// Appends `"producer":{"name":…,"version":…,"commit":…,"libraries":{…}}`.
void append_json_producer(std::string* out);

}  // namespace recist::io
