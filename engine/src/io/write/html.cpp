#include "html.hpp"

#include <cctype>
#include <cstdio>

#include "recist/millimetres.hpp"

namespace recist::io::html {

void element(std::string* out, std::string_view tag, std::string_view s) {
  out->append("<").append(tag).append(">");
  text(out, s);
  out->append("</").append(tag).append(">");
}

void row(std::string* out, std::initializer_list<std::string_view> cells, std::string_view cell) {
  out->append("<tr>");
  for (std::string_view c : cells) element(out, cell, c);
  out->append("</tr>\n");
}

namespace {
std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
  return buf;
}
}  // namespace

std::string proportion(const Proportion& p) {
  return std::to_string(p.count) + "/" + std::to_string(p.n) + " = " + percent(p.rate) + " (95% CI " +
         percent(p.ci_low) + "–" + percent(p.ci_high) + ")";
}

std::string signed_pct(const std::optional<std::int64_t>& tenths) {
  if (!tenths) return "–";
  return (*tenths > 0 ? "+" : "") + format_tenths(*tenths) + "%";
}

std::string date(const std::optional<Date>& d) { return d ? d->to_string() : "–"; }

std::string track_id(std::size_t index, std::string_view subject, std::string_view reader) {
  std::string id = "t" + std::to_string(index) + "-";
  for (std::string_view part : {subject, std::string_view("-"), reader})
    for (char c : part) id.push_back(std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_');
  return id;
}

}  // namespace recist::io::html
