#include "plot_support.hpp"

#include <array>

#include "recist/agreement.hpp"
#include "recist/irecist_result.hpp"

namespace recist::io::plot {

std::string_view colour(Response r) {
  switch (r) {
    case Response::CR: return "#009E73";
    case Response::PR: return "#0072B2";
    case Response::SD: return "#56B4E9";
    case Response::NonCrNonPd: return "#CC79A7";
    case Response::PD: return "#D55E00";
    case Response::NE:
    case Response::NA:
    case Response::ND:
    case Response::Missing: break;
  }
  return "#999999";
}

double legend(svg::Document* doc, double x, double y, std::span<const TrackResult* const> tracks) {
  constexpr std::array<Response, 6> kOrder = {Response::CR, Response::PR, Response::SD,
                                              Response::NonCrNonPd, Response::PD, Response::NE};
  // One count per code, ND and MISSING (admiralonco) included, though the legend shows only kOrder's.
  std::array<int, static_cast<std::size_t>(Response::Missing) + 1> counts{};
  for (const TrackResult* t : tracks) ++counts[static_cast<std::size_t>(t->best.confirmed_bor)];
  const double start = x;
  doc->label(x, y + 9, "Confirmed BOR:", "start", "label");
  x += 92;
  for (Response r : kOrder) {
    const int n = counts[static_cast<std::size_t>(r)];
    if (n == 0) continue;
    doc->element("rect", {{"x", svg::number(x)}, {"y", svg::number(y)}, {"width", "10"}, {"height", "10"},
                          {"fill", std::string(colour(r))}, {"class", "legend"}, {"data-bor", std::string(to_string(r))}});
    const std::string text = std::string(to_string(r)) + " (" + std::to_string(n) + ")";
    doc->label(x + 14, y + 9, text, "start", "label");
    x += 24 + 7.0 * static_cast<double>(text.size());
  }
  return x - start;
}

std::string_view colour(IResponse r) {
  switch (r) {
    case IResponse::iCR:
      return colour(Response::CR);
    case IResponse::iPR:
      return colour(Response::PR);
    case IResponse::iSD:
      return colour(Response::SD);
    case IResponse::NonICrNonIUpd:
      return colour(Response::NonCrNonPd);
    case IResponse::iUPD:
      return "#E69F00";  // Okabe–Ito orange
    case IResponse::iCPD:
      return colour(Response::PD);
    case IResponse::iNE:
      break;
  }
  return colour(Response::NE);
}

std::string_view track_colour(const TrackResult& t, bool irecist) {
  if (irecist && t.irecist) return colour(t.irecist->best.confirmed_ibor);
  return colour(t.best.confirmed_bor);
}

double legend(svg::Document* doc, double x, double y, std::span<const TrackResult* const> tracks, bool irecist) {
  if (!irecist) return legend(doc, x, y, tracks);
  std::array<int, kIAgreementCodes.size()> counts{};
  for (const TrackResult* t : tracks)
    if (t->irecist) ++counts[static_cast<std::size_t>(t->irecist->best.confirmed_ibor)];
  const double start = x;
  doc->label(x, y + 9, "Confirmed iBOR:", "start", "label");
  x += 100;
  for (IResponse r : kIAgreementCodes) {
    const int n = counts[static_cast<std::size_t>(r)];
    if (n == 0) continue;
    doc->element("rect", {{"x", svg::number(x)},
                          {"y", svg::number(y)},
                          {"width", "10"},
                          {"height", "10"},
                          {"fill", std::string(colour(r))},
                          {"class", "legend"},
                          {"data-ibor", std::string(to_string(r))}});
    const std::string text = std::string(to_string(r)) + " (" + std::to_string(n) + ")";
    doc->label(x + 14, y + 9, text, "start", "label");
    x += 24 + 7.0 * static_cast<double>(text.size());
  }
  return x - start;
}

std::int32_t study_day(const TrackResult& t, Date date) {
  if (t.start_date) return date.days_after(*t.start_date);
  if (t.baseline) return date.days_after(t.baseline->date);
  return 0;
}

std::vector<const TrackResult*> select(std::span<const TrackResult> tracks, const PlotOptions& options) {
  std::vector<const TrackResult*> out;
  for (const TrackResult& t : tracks)
    if ((options.reader.empty() || t.reader == options.reader) && (options.subject.empty() || t.subject == options.subject))
      out.push_back(&t);
  return out;
}

std::string track_label(const TrackResult& t, bool with_reader) {
  return with_reader ? t.subject + " · " + t.reader : t.subject;
}

}  // namespace recist::io::plot
