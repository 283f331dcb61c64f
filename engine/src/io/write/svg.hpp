#pragma once
// A small SVG writer for the plots (issue 18): elements with escaped text, numbers with at most two
// decimals, linear scales with round ticks. Presentation only: no response is decided here, so
// coordinates may be floating point; the exact values travel beside them as data-* attributes.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recist::io::svg {

/// "12", "12.5", "-3.25": at most two decimals, no trailing zeros.
std::string number(double v);

/// Appends `text` with &, <, >, " and ' escaped (for XML text and attribute values alike).
void append_escaped(std::string* out, std::string_view text);

/// One attribute: name and value (the value is escaped when written).
using Attribute = std::pair<std::string_view, std::string>;

/// A document being written: `<svg>` with a <title> and <desc> and the plot stylesheet; its size
/// (the viewBox) is given at the end, once everything is laid out.
class Document {
 public:
  Document(std::string_view title, std::string_view description);
  /// An empty element: `<name a="v" …/>`.
  void element(std::string_view name, std::initializer_list<Attribute> attributes);
  /// An element with text: `<name …>text</name>`.
  void text_element(std::string_view name, std::initializer_list<Attribute> attributes, std::string_view text);
  /// `<g …>` … close_group().
  void open_group(std::initializer_list<Attribute> attributes);
  void close_group();
  /// A text label at (x, y); anchor "start", "middle" or "end"; `css` its class.
  void label(double x, double y, std::string_view text, std::string_view anchor = "start",
             std::string_view css = "label");
  /// A straight line of class `css`.
  void line(double x1, double y1, double x2, double y2, std::string_view css);
  /// The finished document, width × height.
  std::string finish(double width, double height) &&;

 private:
  void open_tag(std::string_view name, std::initializer_list<Attribute> attributes);
  std::string head_;  // title and description
  std::string out_;   // the elements
};

/// A linear map from a data interval onto a pixel interval.
struct Scale {
  double d0 = 0, d1 = 1, p0 = 0, p1 = 1;
  double operator()(double d) const { return p0 + (d - d0) * (p1 - p0) / (d1 == d0 ? 1 : d1 - d0); }
};

/// Round tick values (steps of 1, 2 or 5 × 10^k) covering [low, high] with about `count` ticks.
std::vector<double> ticks(double low, double high, int count);

/// The first tick at or below `low` and the last at or above `high`, for an axis that ends on ticks.
std::pair<double, double> round_out(double low, double high, int count);

}  // namespace recist::io::svg
