#pragma once
// The pictures of a trial (issue 18), drawn from the engine's own TrackResults so that a picture
// and the table under it cannot disagree: the waterfall of best change, the spider of each
// track's course and the swimmer of time on study. Each returns a self-contained SVG document
// (viewBox scaled, real text, colours from the Okabe–Ito palette, readable by colour-blind
// readers). Every mark carries its exact values as data-* attributes (data-subject, data-reader,
// data-pct in the SPEC's tenths, data-bor …) so that tests and tools can read the numbers back.

#include <span>
#include <string>

#include "recist/result.hpp"

namespace recist::io {

/// What to draw of the tracks given.
struct PlotOptions {
  std::string reader;   ///< Only this reader's tracks; empty: all (the waterfall draws a panel per reader).
  std::string subject;  ///< Only this subject's tracks; empty: all.
  std::string title;    ///< Replaces the default title when not empty.
  /// iRECIST (issue 29): colour by confirmed iBOR and mark iUPD and iCPD, for the tracks that
  /// carry TrackResult::irecist (the others keep their RECIST 1.1 colour).
  bool irecist = false;
};

/// One bar per track with a best % change of the sum from baseline (R17 `best_pct_change`),
/// sorted from the largest increase to the deepest shrinkage, coloured by confirmed BOR, with
/// dashed lines at −30 % (PR) and +20 % (PD). Tracks without a bar are listed under the axis with
/// the reason. Bars are at least 3 px wide: a large trial makes a wide picture (it scrolls).
std::string waterfall_svg(std::span<const TrackResult> tracks, const PlotOptions& options = {});

/// The % change of the sum from baseline against days from start_date, a line per track from its
/// baseline (0 %) through every time point with a sum of every target (R6), coloured by confirmed
/// BOR; PD time points marked ×; the −30 % and +20 % lines. With one track, each point is labelled
/// with its overall response. With PlotOptions::irecist, iUPD time points are ringed and iCPD ones
/// squared.
std::string spider_svg(std::span<const TrackResult> tracks, const PlotOptions& options = {});

/// A lane per track from day 0 to its last assessment, coloured by confirmed BOR, longest on top,
/// with markers at the first response (▲), its confirmation (◆) and PD (✕), and an arrow where a
/// response is ongoing (duration of response censored, R17). With PlotOptions::irecist, also
/// the first iUPD (△) and the iCPD (■).
std::string swimmer_svg(std::span<const TrackResult> tracks, const PlotOptions& options = {});

}  // namespace recist::io
