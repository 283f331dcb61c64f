#pragma once
// A few pieces of HTML for the report: escaped text, a table row, a percentage and a proportion.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "recist/date.hpp"
#include "recist/summary.hpp"
#include "svg.hpp"

namespace recist::io::html {

/// Appends `text` escaped.
inline void text(std::string* out, std::string_view s) { svg::append_escaped(out, s); }

/// Appends `<tag>text</tag>` with the text escaped.
void element(std::string* out, std::string_view tag, std::string_view s);

/// Appends a table row of cells (`th` or `td`), each escaped.
void row(std::string* out, std::initializer_list<std::string_view> cells, std::string_view cell = "td");

/// "k/n = 31.4% (95% CI 17.1–48.6%)".
std::string proportion(const Proportion& p);

/// "+7.7%", "-31.4%" from tenths, "–" when null.
std::string signed_pct(const std::optional<std::int64_t>& tenths);

/// The date, or "–".
std::string date(const std::optional<Date>& d);

/// The id of the i-th track's section, usable in a URL fragment: "t3-01-002-INVESTIGATOR" (other
/// characters as "_"; the index keeps it unique).
std::string track_id(std::size_t index, std::string_view subject, std::string_view reader);

}  // namespace recist::io::html
