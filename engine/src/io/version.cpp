// This build's identity (version.hpp): the generated version and commit, and the library versions
// from their headers.
#include "recist/io/version.hpp"

#include <boost/version.hpp>
#include <pugixml.hpp>

#include "recist/io/write/writers.hpp"

namespace recist::io {
namespace build {
extern const char kVersion[];
extern const char kCommit[];
}  // namespace build

const Producer& producer() {
  static const Producer p = [] {
    Producer out;
    out.version = build::kVersion;
    out.commit = build::kCommit;
    out.libraries.emplace_back("boost", std::to_string(BOOST_VERSION / 100000) + "." +
                                            std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                                            std::to_string(BOOST_VERSION % 100));
    out.libraries.emplace_back("pugixml", std::to_string(PUGIXML_VERSION / 1000) + "." +
                                              std::to_string(PUGIXML_VERSION % 1000 / 10));
#if defined(RECIST_WITH_XPT)
    out.libraries.emplace_back("readstat", "linked (its headers carry no version)");
#endif
    return out;
  }();
  return p;
}

std::string version_text() {
  const Producer& p = producer();
  std::string out = std::string(p.name) + " " + std::string(p.version) + " (commit " + std::string(p.commit) + ")\n";
  for (const auto& [name, version] : p.libraries) out += "  " + std::string(name) + " " + version + "\n";
  return out;
}

void append_json_producer(std::string* out) {
  const Producer& p = producer();
  out->append("\"producer\":{\"name\":");
  append_json_string(out, p.name);
  out->append(",\"version\":");
  append_json_string(out, p.version);
  out->append(",\"commit\":");
  append_json_string(out, p.commit);
  out->append(",\"libraries\":{");
  bool first = true;
  for (const auto& [name, version] : p.libraries) {
    if (!first) out->push_back(',');
    first = false;
    append_json_string(out, name);
    out->push_back(':');
    append_json_string(out, version);
  }
  out->append("}}");
}

}  // namespace recist::io
