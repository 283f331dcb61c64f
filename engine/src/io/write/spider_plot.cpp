// The spider plot (issue 18): each track's % change of the target sum from baseline (R6) at every
// time point against days from start_date.
#include <algorithm>

#include "plot_support.hpp"

namespace recist::io {
namespace {

constexpr double kLeft = 70, kRight = 120, kTop = 70, kWidth = 760, kHeight = 300, kBottom = 56;

/// A point of a course: the baseline (0 %) or a time point with a sum of every target.
struct CoursePoint {
  std::int32_t day;
  std::int64_t pct_tenths;
  const TimepointResult* timepoint;  // null at baseline
};

std::vector<CoursePoint> course(const TrackResult& t) {
  std::vector<CoursePoint> points;
  if (!t.baseline || !t.baseline->sum) return points;
  points.push_back({plot::study_day(t, t.baseline->date), 0, nullptr});
  for (const TimepointResult& tp : t.timepoints)
    if (tp.pct_from_baseline && tp.all_targets_evaluated) points.push_back({tp.day, *tp.pct_from_baseline, &tp});
  return points;
}

/// A × of two short lines, for a PD time point.
/// iRECIST (issue 29): a ring at an iUPD time point, a square at an iCPD one (Seymour 2017, table 2).
void irecist_mark(svg::Document* doc, const IrecistResult& ir, Date date, double x, double y, std::int32_t day) {
  for (const IrecistTimepoint& tp : ir.timepoints) {
    if (tp.date != date) continue;
    if (tp.overall == IResponse::iUPD)
      doc->element("circle", {{"cx", svg::number(x)},
                              {"cy", svg::number(y)},
                              {"r", "6"},
                              {"fill", "none"},
                              {"stroke", std::string(plot::colour(IResponse::iUPD))},
                              {"stroke-width", "2"},
                              {"class", "iupd"},
                              {"data-day", std::to_string(day)}});
    else if (tp.overall == IResponse::iCPD)
      doc->element("rect", {{"x", svg::number(x - 6)},
                            {"y", svg::number(y - 6)},
                            {"width", "12"},
                            {"height", "12"},
                            {"fill", "none"},
                            {"stroke", std::string(plot::colour(IResponse::iCPD))},
                            {"stroke-width", "2"},
                            {"class", "icpd"},
                            {"data-day", std::to_string(day)}});
  }
}

void cross(svg::Document* doc, double x, double y, std::initializer_list<svg::Attribute> data) {
  doc->open_group(data);
  const double r = 4.5;
  doc->element("path", {{"d", "M" + svg::number(x - r) + " " + svg::number(y - r) + "L" + svg::number(x + r) + " " +
                                  svg::number(y + r) + "M" + svg::number(x - r) + " " + svg::number(y + r) + "L" +
                                  svg::number(x + r) + " " + svg::number(y - r)},
                        {"stroke", "#000"}, {"stroke-width", "2"}});
  doc->close_group();
}

}  // namespace

std::string spider_svg(std::span<const TrackResult> tracks, const PlotOptions& options) {
  const std::vector<const TrackResult*> selected = plot::select(tracks, options);
  std::vector<std::pair<const TrackResult*, std::vector<CoursePoint>>> courses;
  double day_low = 0, day_high = 42, pct_low = -40, pct_high = 30;
  for (const TrackResult* t : selected) {
    std::vector<CoursePoint> points = course(*t);
    for (const CoursePoint& p : points) {
      day_low = std::min(day_low, static_cast<double>(p.day));
      day_high = std::max(day_high, static_cast<double>(p.day));
      pct_low = std::min(pct_low, static_cast<double>(p.pct_tenths) / 10);
      pct_high = std::max(pct_high, static_cast<double>(p.pct_tenths) / 10);
    }
    if (!points.empty()) courses.emplace_back(t, std::move(points));
  }
  const auto [x_low, x_high] = svg::round_out(day_low, day_high, 8);
  const auto [y_low, y_high] = svg::round_out(pct_low, pct_high, 7);
  const svg::Scale x{x_low, x_high, kLeft, kLeft + kWidth};
  const svg::Scale y{y_low, y_high, kTop + kHeight, kTop};
  const bool one = courses.size() == 1;

  svg::Document doc("Spider plot",
                    "Percent change of the sum of target diameters from baseline against days from the start "
                    "of treatment, a line per track, coloured by confirmed best overall response; × marks PD.");
  std::string title = options.title;
  if (title.empty())
    title = one ? "Course of " + plot::track_label(*courses.front().first, true) + ": target sum vs baseline"
                : "Change of the target sum from baseline over time";
  doc.label(kLeft, kTop - 44, title, "start", "title");
  const double legend_width = plot::legend(&doc, kLeft, kTop - 36, selected, options.irecist);
  doc.label(kLeft + legend_width + 8, kTop - 27, options.irecist ? "× PD   ○ iUPD   □ iCPD" : "× PD", "start", "label");

  for (double v : svg::ticks(y_low, y_high, 7)) {
    doc.line(kLeft, y(v), kLeft + kWidth, y(v), "grid");
    doc.label(kLeft - 6, y(v) + 4, svg::number(v), "end", "label");
  }
  for (double d : svg::ticks(x_low, x_high, 8)) {
    doc.line(x(d), kTop + kHeight, x(d), kTop + kHeight + 4, "axis");
    doc.label(x(d), kTop + kHeight + 16, svg::number(d), "middle", "label");
  }
  doc.line(kLeft, kTop, kLeft, kTop + kHeight, "axis");
  doc.line(kLeft, kTop + kHeight, kLeft + kWidth, kTop + kHeight, "axis");
  doc.line(kLeft, y(0), kLeft + kWidth, y(0), "zero");
  // RECIST 1.1 §4.3.1: −30 % from baseline is PR; +20 % is the PD threshold (from the nadir).
  doc.line(kLeft, y(-30), kLeft + kWidth, y(-30), "ref");
  doc.label(kLeft + kWidth + 4, y(-30) + 4, "−30% (PR)", "start", "label");
  doc.line(kLeft, y(20), kLeft + kWidth, y(20), "ref");
  doc.label(kLeft + kWidth + 4, y(20) + 4, "+20% (PD)", "start", "label");
  doc.label(kLeft + kWidth / 2, kTop + kHeight + 36, "Days from start of treatment", "middle", "axis-title");
  doc.text_element("text", {{"x", "0"}, {"y", "0"}, {"class", "axis-title"}, {"text-anchor", "middle"},
                            {"transform", "translate(16," + svg::number(kTop + kHeight / 2) + ") rotate(-90)"}},
                   "Change of the target sum from baseline (%)");

  for (const auto& [t, points] : courses) {
    const std::string colour(plot::track_colour(*t, options.irecist));
    const IrecistResult* ir = options.irecist && t->irecist ? &*t->irecist : nullptr;
    std::string line;
    for (const CoursePoint& p : points)
      line += (line.empty() ? "" : " ") + svg::number(x(p.day)) + "," + svg::number(y(static_cast<double>(p.pct_tenths) / 10));
    doc.open_group({{"class", "track"}, {"data-subject", t->subject}, {"data-reader", t->reader},
                    {"data-confirmed-bor", std::string(to_string(t->best.confirmed_bor))}});
    if (ir)
      doc.open_group({{"class", "irecist"},
                      {"data-ibor", std::string(to_string(ir->best.ibor))},
                      {"data-confirmed-ibor", std::string(to_string(ir->best.confirmed_ibor))}});
    doc.element("polyline", {{"points", line}, {"class", "course"}, {"stroke", colour}});
    for (const CoursePoint& p : points) {
      const double px = x(p.day), py = y(static_cast<double>(p.pct_tenths) / 10);
      const std::string overall = p.timepoint ? std::string(to_string(p.timepoint->overall)) : "BASELINE";
      if (p.timepoint && p.timepoint->overall == Response::PD)
        cross(&doc, px, py, {{"class", "pd"}, {"data-day", std::to_string(p.day)}, {"data-pct", format_tenths(p.pct_tenths)}});
      doc.element("circle", {{"cx", svg::number(px)}, {"cy", svg::number(py)}, {"r", "2.5"}, {"fill", colour},
                             {"class", "point"}, {"data-day", std::to_string(p.day)},
                             {"data-pct", format_tenths(p.pct_tenths)}, {"data-overall", overall}});
      if (ir && p.timepoint) irecist_mark(&doc, *ir, p.timepoint->date, px, py, p.day);
      if (one && p.timepoint)
        doc.label(px + 6, py - 6, overall + " " + (p.pct_tenths > 0 ? "+" : "") + format_tenths(p.pct_tenths) + "%", "start", "small");
    }
    if (ir) doc.close_group();
    doc.close_group();
  }
  if (courses.empty()) doc.label(kLeft + 10, kTop + 20, "No track with a target sum to draw.", "start", "label");
  return std::move(doc).finish(kLeft + kWidth + kRight, kTop + kHeight + kBottom);
}

}  // namespace recist::io
