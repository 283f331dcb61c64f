#pragma once
// Rounding must not decide a RECIST bar silently (issue 33; README "From the viewer"): the
// imported diameters are rounded once to hundredths of a mm, and wherever a bar's comparison
// comes out differently on the rounded values than on the values as written, a warning says so.

#include <vector>

#include "recist/io/input_error.hpp"
#include "recist/io/read/viewer.hpp"
#include "recist/track.hpp"

namespace recist::io::viewer {

/// Compares, for the targets of `track`, the bars of R1/R2 (10 mm, nodes 15 mm and 10 mm), the
/// node CR bar (< 10 mm), and the sums' PR (100·sum ≤ 70·baseline) and PD (100·sum ≥ 120·nadir,
/// sum − nadir ≥ 5 mm) bars on the rounded and on the exact values; appends a warning per
/// difference.
void check_rounding(const Track& track, const std::vector<ImportedValue>& values, std::vector<InputError>* warnings);

}  // namespace recist::io::viewer
