#pragma once
// What the three plots share: the colour of each best response, the legend, the day of a date
// on the study's clock, and the selection of tracks by PlotOptions.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recist/io/write/plots.hpp"
#include "svg.hpp"

namespace recist::io::plot {

/// Okabe–Ito colours (Okabe & Ito 2008, "Color Universal Design"), distinguishable under the
/// common colour-vision deficiencies: CR bluish green, PR blue, SD sky blue, NON-CR/NON-PD
/// reddish purple, PD vermillion, NE grey.
std::string_view colour(Response r);

/// The legend: a swatch and "CODE (count)" per response code that occurs, left to right from
/// (x, y). Returns the width used.
double legend(svg::Document* doc, double x, double y, std::span<const TrackResult* const> tracks);

/// iRECIST's colours: those of the RECIST 1.1 code each i-code stands for (iUPD orange, between
/// SD and PD; iCPD vermillion as PD).
std::string_view colour(IResponse r);

/// The colour of a track: its confirmed iBOR with `irecist` when it has an iRECIST result, else
/// its confirmed BOR.
std::string_view track_colour(const TrackResult& t, bool irecist);

/// legend(), or with `irecist` the same by confirmed iBOR ("Confirmed iBOR:").
double legend(svg::Document* doc, double x, double y, std::span<const TrackResult* const> tracks, bool irecist);

/// Days from the track's start_date (else its baseline date) to `date`.
std::int32_t study_day(const TrackResult& t, Date date);

/// The tracks PlotOptions selects, in input order.
std::vector<const TrackResult*> select(std::span<const TrackResult> tracks, const PlotOptions& options);

/// "01-002" or "01-002 · READER2" when more than one reader is drawn.
std::string track_label(const TrackResult& t, bool with_reader);

}  // namespace recist::io::plot
