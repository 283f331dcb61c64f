#pragma once
// The iRECIST parts of the result writers (issue 19), kept apart from the RECIST 1.1 writers so
// that their output is unchanged when iRECIST is not asked for.

#include <span>
#include <string>
#include <string_view>

#include "recist/irecist_result.hpp"
#include "recist/profile.hpp"
#include "recist/summary.hpp"

namespace recist::io {

/// `,"criteria":…,"icpd_min_days":…,"icpd_max_days":…` for the JSON profile (criteria not recist).
void append_irecist_profile_json(std::string* out, const Profile& profile);
/// `,"irecist":{…}` of a JSON track: its time points, iBOR and reasons.
void append_irecist_track_json(std::string* out, const IrecistResult& r);
/// `,"irecist":{"confirmed":…,"unconfirmed":…}` of a JSON reader summary, when there is one.
void append_irecist_summary_json(std::string* out, const ReaderSummary& r);
/// A rate of the JSON summary under its key.
struct NamedProportion {
  std::string_view key;
  const Proportion* value;
};
/// `"k":{"counts":{NAME:COUNT…},ORR,DCR}` of a JSON reader summary (RECIST 1.1's and iRECIST's).
void append_json_counts_summary(std::string* out, std::string_view k, std::span<const std::string_view> names,
                                std::span<const int> counts, NamedProportion orr, NamedProportion dcr);

/// "recist", "irecist" or "both".
std::string_view to_string(Criteria c);

}  // namespace recist::io
