// The swimmer plot (issue 18): a lane per track from day 0 to its last assessment, with the dates
// of R14–R17 (first response, confirmation, PD) as markers.
#include <algorithm>

#include "plot_support.hpp"

namespace recist::io {
namespace {

constexpr double kLeft = 150, kRight = 40, kTop = 70, kWidth = 680, kLane = 14, kBottom = 56;

std::int32_t last_day(const TrackResult& t) { return t.timepoints.empty() ? 0 : t.timepoints.back().day; }

/// An ongoing response: a response whose duration (R17) is censored at the last assessment.
bool ongoing(const TrackResult& t) {
  return t.best.first_response_date && t.best.duration_of_response_censored && !t.best.pd_date;
}

void marker(svg::Document* doc, std::string_view shape, double x, double y, std::string_view css, std::int32_t day) {
  doc->text_element("text", {{"x", svg::number(x)}, {"y", svg::number(y + 4)}, {"text-anchor", "middle"},
                             {"class", "marker " + std::string(css)}, {"data-day", std::to_string(day)}},
                    shape);
}

}  // namespace

std::string swimmer_svg(std::span<const TrackResult> tracks, const PlotOptions& options) {
  std::vector<const TrackResult*> lanes = plot::select(tracks, options);
  std::erase_if(lanes, [](const TrackResult* t) { return !t->baseline; });
  std::stable_sort(lanes.begin(), lanes.end(), [](const TrackResult* a, const TrackResult* b) {
    if (last_day(*a) != last_day(*b)) return last_day(*a) > last_day(*b);
    return a->subject < b->subject;
  });
  bool several_readers = false;
  double day_high = 42;
  for (const TrackResult* t : lanes) {
    several_readers |= t->reader != lanes.front()->reader;
    day_high = std::max(day_high, static_cast<double>(last_day(*t)));
  }
  const auto [x_low, x_high] = svg::round_out(0, day_high, 8);
  const svg::Scale x{x_low, x_high, kLeft, kLeft + kWidth};
  const double plot_height = kLane * static_cast<double>(std::max<std::size_t>(lanes.size(), 1));

  svg::Document doc("Swimmer plot",
                    "Time on study per track, from the start of treatment to the last assessment, coloured by "
                    "confirmed best overall response; markers at the first response, its confirmation and PD.");
  doc.label(10, kTop - 44, options.title.empty() ? "Time on study and response" : options.title, "start", "title");
  double lx = 10 + plot::legend(&doc, 10, kTop - 36, lanes, options.irecist) + 8;
  for (const auto& [shape, css, what] : {std::tuple{"▲", "response", "first response"},
                                         std::tuple{"◆", "confirmation", "confirmed"},
                                         std::tuple{"✕", "pd", "PD"}, std::tuple{"→", "ongoing", "ongoing"}}) {
    marker(&doc, shape, lx + 5, kTop - 31, std::string("legend ") + css, 0);
    doc.label(lx + 13, kTop - 27, what, "start", "label");
    lx += 24 + 7.0 * static_cast<double>(std::string_view(what).size());
  }
  if (options.irecist)
    for (const auto& [shape, css, what] : {std::tuple{"△", "iupd", "first iUPD"}, std::tuple{"■", "icpd", "iCPD"}}) {
      marker(&doc, shape, lx + 5, kTop - 31, std::string("legend ") + css, 0);
      doc.label(lx + 13, kTop - 27, what, "start", "label");
      lx += 24 + 7.0 * static_cast<double>(std::string_view(what).size());
    }

  for (double d : svg::ticks(x_low, x_high, 8)) {
    doc.line(x(d), kTop, x(d), kTop + plot_height, "grid");
    doc.label(x(d), kTop + plot_height + 16, svg::number(d), "middle", "label");
  }
  doc.line(kLeft, kTop + plot_height, kLeft + kWidth, kTop + plot_height, "axis");
  doc.label(kLeft + kWidth / 2, kTop + plot_height + 36, "Days from start of treatment", "middle", "axis-title");

  for (std::size_t i = 0; i < lanes.size(); ++i) {
    const TrackResult& t = *lanes[i];
    const double top = kTop + kLane * static_cast<double>(i), mid = top + kLane / 2;
    const std::int32_t end = last_day(t);
    doc.open_group({{"class", "lane"}, {"data-subject", t.subject}, {"data-reader", t.reader},
                    {"data-last-day", std::to_string(end)},
                    {"data-confirmed-bor", std::string(to_string(t.best.confirmed_bor))}});
    doc.label(kLeft - 6, mid + 4, plot::track_label(t, several_readers), "end", "small");
    doc.element("rect", {{"x", svg::number(x(0))},
                         {"y", svg::number(top + 2)},
                         {"width", svg::number(std::max(0.0, x(end) - x(0)))},
                         {"height", svg::number(kLane - 4)},
                         {"fill", std::string(plot::track_colour(t, options.irecist))},
                         {"class", "lane"}});
    if (t.best.first_response_date)
      marker(&doc, "▲", x(plot::study_day(t, *t.best.first_response_date)), mid, "response",
             plot::study_day(t, *t.best.first_response_date));
    if (t.best.confirmation_date)
      marker(&doc, "◆", x(plot::study_day(t, *t.best.confirmation_date)), mid, "confirmation",
             plot::study_day(t, *t.best.confirmation_date));
    if (t.best.pd_date)
      marker(&doc, "✕", x(plot::study_day(t, *t.best.pd_date)), mid, "pd", plot::study_day(t, *t.best.pd_date));
    if (ongoing(t)) marker(&doc, "→", x(end) + 8, mid, "ongoing", end);
    if (options.irecist && t.irecist) {  // issue 29: the first iUPD and the iCPD (Seymour 2017, table 2)
      const IrecistBest& ib = t.irecist->best;
      doc.open_group({{"class", "irecist"},
                      {"data-ibor", std::string(to_string(ib.ibor))},
                      {"data-confirmed-ibor", std::string(to_string(ib.confirmed_ibor))}});
      if (ib.first_iupd_date)
        marker(&doc, "△", x(plot::study_day(t, *ib.first_iupd_date)), mid - 7, "iupd",
               plot::study_day(t, *ib.first_iupd_date));
      if (ib.icpd_date)
        marker(&doc, "■", x(plot::study_day(t, *ib.icpd_date)), mid + 7, "icpd", plot::study_day(t, *ib.icpd_date));
      doc.close_group();
    }
    doc.close_group();
  }
  if (lanes.empty()) doc.label(kLeft, kTop + 10, "No track to draw.", "start", "label");
  return std::move(doc).finish(kLeft + kWidth + kRight, kTop + plot_height + kBottom);
}

}  // namespace recist::io
