#pragma once
// The page of `recist serve` (cli/serve_page/: HTML, CSS and plain JavaScript), embedded in the
// binary at build time by cli/serve_page/embed.cmake: no network, no CDN, no build step of its own.

#include <span>
#include <string_view>

namespace recist::cli {

/// One file of the page: the path it is served at, its media type and its bytes.
struct PageFile {
  std::string_view path;
  std::string_view type;
  std::string_view body;
};

/// Every file of the page; "/" is index.html.
std::span<const PageFile> page_files();

}  // namespace recist::cli
