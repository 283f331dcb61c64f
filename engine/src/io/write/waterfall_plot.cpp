// The waterfall plot (issue 18): each track's best % change of the target sum from baseline
// (R17 `best_pct_change`, the smallest change at a time point with every target measured, up to
// PD), one bar per track, one panel per reader.
#include <algorithm>
#include <map>

#include "plot_support.hpp"

namespace recist::io {
namespace {

constexpr double kLeft = 70, kRight = 120, kTop = 56, kPlotHeight = 260, kBarMin = 3, kPanelMinWidth = 700;
constexpr double kListLine = 13;  // px per line of the list of tracks without a bar

/// Why a track has no bar, in words a monitor understands.
std::string why_no_bar(const TrackResult& t) {
  if (!t.baseline) return "no baseline";
  if (!t.baseline->sum) return "no target lesion at baseline";
  if (!t.has_measurable_target) return "no measurable target (R5)";
  if (t.timepoints.empty()) return "no follow-up";
  return "no follow-up with every target measured";
}

/// The lines listing the tracks without a bar, grouped by reason, wrapped at about `width` px.
std::vector<std::string> unshown_lines(const std::vector<const TrackResult*>& unshown, double width) {
  std::map<std::string, std::vector<std::string>> by_reason;
  for (const TrackResult* t : unshown) by_reason[why_no_bar(*t)].push_back(t->subject);
  std::vector<std::string> lines;
  const std::size_t chars = static_cast<std::size_t>(width / 6.2);
  for (const auto& [reason, subjects] : by_reason) {
    std::string line = "Not shown, " + reason + " (" + std::to_string(subjects.size()) + "): ";
    for (std::size_t i = 0; i < subjects.size(); ++i) {
      const std::string item = subjects[i] + (i + 1 < subjects.size() ? ", " : "");
      if (line.size() + item.size() > chars) {
        lines.push_back(line);
        line = "    ";
      }
      line += item;
    }
    lines.push_back(line);
  }
  return lines;
}

struct Panel {
  std::string reader;
  std::vector<const TrackResult*> bars;     // sorted, largest increase first
  std::vector<const TrackResult*> unshown;  // input order
};

double panel_width(const Panel& p) {
  return std::max(kPanelMinWidth, kLeft + kRight + kBarMin * static_cast<double>(p.bars.size()));
}

double draw_panel(svg::Document* doc, const Panel& p, double top, double width, const PlotOptions& options) {
  const bool label_bars = p.bars.size() <= 60;
  const double plot_width = width - kLeft - kRight;
  double low = -100, high = 40;
  for (const TrackResult* t : p.bars) high = std::max(high, static_cast<double>(*t->best.best_pct_change) / 10);
  const auto [y_low, y_high] = svg::round_out(low, high, 7);
  const svg::Scale y{y_low, y_high, top + kPlotHeight, top};
  const std::string title = !options.title.empty() ? options.title
                            : "Best change of the target sum from baseline — " + p.reader;
  doc->label(kLeft, top - 30, title, "start", "title");
  plot::legend(doc, kLeft, top - 22, p.bars, options.irecist);  // the bars drawn: the R18 table's N

  for (double v : svg::ticks(y_low, y_high, 7)) {
    doc->line(kLeft, y(v), kLeft + plot_width, y(v), "grid");
    doc->label(kLeft - 6, y(v) + 4, svg::number(v), "end", "label");
  }
  const std::string axis_title = "Best change from baseline (%)";
  doc->text_element("text", {{"x", "0"}, {"y", "0"}, {"class", "axis-title"}, {"text-anchor", "middle"},
                             {"transform", "translate(16," + svg::number(top + kPlotHeight / 2) + ") rotate(-90)"}},
                    axis_title);

  const double slot = p.bars.empty() ? plot_width : plot_width / static_cast<double>(p.bars.size());
  const double bar = std::max(1.0, slot * 0.8);
  doc->open_group({{"class", "bars"}, {"data-reader", p.reader}});
  for (std::size_t i = 0; i < p.bars.size(); ++i) {
    const TrackResult& t = *p.bars[i];
    const double pct = static_cast<double>(*t.best.best_pct_change) / 10;
    const double x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    const double y0 = y(0), y1 = y(pct);
    const bool by_ibor = options.irecist && t.irecist;  // issue 29: the bar in a group naming its iBOR
    if (by_ibor)
      doc->open_group({{"class", "irecist"},
                       {"data-ibor", std::string(to_string(t.irecist->best.ibor))},
                       {"data-confirmed-ibor", std::string(to_string(t.irecist->best.confirmed_ibor))}});
    doc->element("rect", {{"x", svg::number(x)},
                          {"y", svg::number(std::min(y0, y1))},
                          {"width", svg::number(bar)},
                          {"height", svg::number(std::abs(y1 - y0))},
                          {"fill", std::string(plot::track_colour(t, options.irecist))},
                          {"class", "bar"},
                          {"data-subject", t.subject},
                          {"data-reader", t.reader},
                          {"data-pct", format_tenths(*t.best.best_pct_change)},
                          {"data-bor", std::string(to_string(t.best.bor))},
                          {"data-confirmed-bor", std::string(to_string(t.best.confirmed_bor))}});
    if (by_ibor) doc->close_group();
    if (label_bars)
      doc->text_element("text", {{"x", "0"}, {"y", "0"}, {"class", "small"}, {"text-anchor", "end"},
                                 {"transform", "translate(" + svg::number(x + bar / 2 + 3) + "," +
                                                   svg::number(top + kPlotHeight + 6) + ") rotate(-90)"}},
                        t.subject);
  }
  doc->close_group();
  doc->line(kLeft, y(0), kLeft + plot_width, y(0), "zero");
  doc->line(kLeft, top, kLeft, top + kPlotHeight, "axis");
  // RECIST 1.1 §4.3.1: PR is a fall of ≥ 30 % from baseline; PD a rise of ≥ 20 % from the nadir
  // (drawn from baseline, as every waterfall does: the bar is the best change, not the PD test).
  doc->line(kLeft, y(-30), kLeft + plot_width, y(-30), "ref");
  doc->label(kLeft + plot_width + 4, y(-30) + 4, "−30% (PR)", "start", "label");
  doc->line(kLeft, y(20), kLeft + plot_width, y(20), "ref");
  doc->label(kLeft + plot_width + 4, y(20) + 4, "+20% (PD)", "start", "label");

  double below = top + kPlotHeight + (label_bars ? 52 : 14);
  doc->label(kLeft + plot_width / 2, below, "Tracks by best change (n = " + std::to_string(p.bars.size()) + ")",
             "middle", "axis-title");
  for (const std::string& line : unshown_lines(p.unshown, width - kLeft)) {
    below += kListLine;
    doc->label(kLeft, below, line, "start", "label");
  }
  return below + 40;
}

}  // namespace

std::string waterfall_svg(std::span<const TrackResult> tracks, const PlotOptions& options) {
  std::map<std::string, Panel> panels;
  for (const TrackResult* t : plot::select(tracks, options)) {
    Panel& p = panels[t->reader];
    p.reader = t->reader;
    (t->best.best_pct_change && t->has_measurable_target ? p.bars : p.unshown).push_back(t);
  }
  for (auto& [reader, p] : panels)
    std::stable_sort(p.bars.begin(), p.bars.end(), [](const TrackResult* a, const TrackResult* b) {
      if (*a->best.best_pct_change != *b->best.best_pct_change) return *a->best.best_pct_change > *b->best.best_pct_change;
      return a->subject < b->subject;
    });

  double width = kPanelMinWidth;
  for (const auto& [reader, p] : panels) width = std::max(width, panel_width(p));
  svg::Document doc("Waterfall plot",
                    "Best percent change of the sum of target diameters from baseline, one bar per track, "
                    "coloured by confirmed best overall response (RECIST 1.1).");
  double top = kTop;
  for (const auto& [reader, p] : panels) top = draw_panel(&doc, p, top, width, options) + kTop;
  if (panels.empty()) {
    doc.label(kLeft, top, "No track to draw.", "start", "title");
    top += 40;
  }
  return std::move(doc).finish(width, top);
}

}  // namespace recist::io
