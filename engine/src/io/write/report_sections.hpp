#pragma once
// The sections of the HTML report (report_html.cpp puts them together).

#include <span>
#include <string>

#include "recist/compare.hpp"
#include "recist/result.hpp"

namespace recist::io::report {

/// The table of every track (BOR, confirmed BOR, dates, best change, DoR), each linking to its section.
void track_table(std::span<const TrackResult> tracks, std::string* out);

/// A section per track: baseline, the time-point table with every reason, the best responses with
/// theirs, and the findings.
void track_sections(std::span<const TrackResult> tracks, std::string* out);

/// Whether the comparison holds anything to show (recorded responses or a second reader).
bool has_comparisons(const CompareResult& compare);

/// The `recist compare` summary: per pair of sources the agreement, κ, discordance, EDR and LDR;
/// then every disagreement with its category and explanation.
void compare_section(const CompareResult& compare, std::string* out);

}  // namespace recist::io::report
