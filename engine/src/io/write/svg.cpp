#include "svg.hpp"

#include <cmath>
#include <cstdio>

namespace recist::io::svg {

std::string number(double v) {
  if (std::fabs(v) < 0.005) return "0";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

void append_escaped(std::string* out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&apos;"); break;
      default: out->push_back(c);
    }
  }
}

namespace {

// Text in a sans-serif face readers have; lines thin and grey so that the data stands out; the
// reference lines dashed (−30 % PR, +20 % PD: RECIST 1.1 §4.3.1).
// The selectors are scoped to the plot's root so that an SVG inlined in the HTML report styles
// itself only.
constexpr std::string_view kStyle =
    ".recist-plot text{font-family:'DejaVu Sans',Arial,Helvetica,sans-serif;fill:#222}"
    ".recist-plot .title{font-size:16px;font-weight:bold}.recist-plot .label{font-size:11px}"
    ".recist-plot .small{font-size:9px}.recist-plot .axis-title{font-size:12px}"
    ".recist-plot .axis{stroke:#444;stroke-width:1}.recist-plot .grid{stroke:#ddd;stroke-width:0.5}"
    ".recist-plot .ref{stroke:#444;stroke-width:1;stroke-dasharray:5 3}.recist-plot .zero{stroke:#888;stroke-width:1}"
    ".recist-plot .course{fill:none;stroke-width:1.5}.recist-plot .marker{font-size:11px;fill:#000}";

}  // namespace

Document::Document(std::string_view title, std::string_view description) {
  head_.append("<title>");
  append_escaped(&head_, title);
  head_.append("</title>\n<desc>");
  append_escaped(&head_, description);
  head_.append("</desc>\n<style>").append(kStyle).append("</style>\n");
}

void Document::open_tag(std::string_view name, std::initializer_list<Attribute> attributes) {
  out_.append("<").append(name);
  for (const Attribute& a : attributes) {
    out_.append(" ").append(a.first).append("=\"");
    append_escaped(&out_, a.second);
    out_.append("\"");
  }
}

void Document::element(std::string_view name, std::initializer_list<Attribute> attributes) {
  open_tag(name, attributes);
  out_.append("/>\n");
}

void Document::text_element(std::string_view name, std::initializer_list<Attribute> attributes, std::string_view text) {
  open_tag(name, attributes);
  out_.append(">");
  append_escaped(&out_, text);
  out_.append("</").append(name).append(">\n");
}

void Document::open_group(std::initializer_list<Attribute> attributes) {
  open_tag("g", attributes);
  out_.append(">\n");
}

void Document::close_group() { out_.append("</g>\n"); }

void Document::label(double x, double y, std::string_view text, std::string_view anchor, std::string_view css) {
  text_element("text", {{"x", number(x)}, {"y", number(y)}, {"text-anchor", std::string(anchor)}, {"class", std::string(css)}},
               text);
}

void Document::line(double x1, double y1, double x2, double y2, std::string_view css) {
  element("line", {{"x1", number(x1)}, {"y1", number(y1)}, {"x2", number(x2)}, {"y2", number(y2)},
                   {"class", std::string(css)}});
}

std::string Document::finish(double width, double height) && {
  const std::string w = number(width), h = number(height);
  std::string doc = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + w + " " + h + "\" width=\"" + w +
                    "\" height=\"" + h + "\" class=\"recist-plot\" role=\"img\">\n";
  doc.append(head_).append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n").append(out_).append("</svg>\n");
  return doc;
}

namespace {

double tick_step(double low, double high, int count) {
  const double span = high > low ? high - low : 1;
  const double raw = span / (count > 0 ? count : 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

}  // namespace

std::vector<double> ticks(double low, double high, int count) {
  const double step = tick_step(low, high, count);
  std::vector<double> out;
  for (double t = std::ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step)
    out.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
  return out;
}

std::pair<double, double> round_out(double low, double high, int count) {
  const double step = tick_step(low, high, count);
  return {std::floor(low / step + 1e-9) * step, std::ceil(high / step - 1e-9) * step};
}

}  // namespace recist::io::svg
