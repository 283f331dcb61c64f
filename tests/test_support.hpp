#pragma once
// Helpers of the unit tests: exact lengths from text, and tracks from native CSV text.

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "recist/assess.hpp"
#include "recist/batch/batch.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/millimetres.hpp"

namespace recist::testing {

/// An exact length from its decimal text ("23.1").
inline Millimetres mm(std::string_view text) {
  std::string why;
  auto v = parse_millimetres(text, &why);
  REQUIRE_MESSAGE(v.has_value(), why);
  return *v;
}

/// A date from its ISO text.
inline Date day(std::string_view text) {
  std::string why;
  auto d = parse_date(text, &why);
  REQUIRE_MESSAGE(d.has_value(), why);
  return *d;
}

/// The single track of a native measurements CSV text; the text must read without errors.
inline Track csv_track(std::string_view csv) {
  io::Dataset d = io::read_measurements_csv(csv, "test.csv", {});
  for (const io::InputError& e : d.errors) FAIL_CHECK(io::to_string(e));
  REQUIRE(d.tracks.size() == 1);
  return d.tracks.front();
}

/// Time points at the given days after `start`, with the given overall responses (for the best
/// response rules, which read only these).
inline std::vector<TimepointResult> timepoints_at(Date start, std::vector<std::pair<int, Response>> points) {
  std::vector<TimepointResult> out;
  for (auto [day, r] : points) {
    TimepointResult tp;
    tp.date = Date::from_days(start.days_since_epoch() + day);
    tp.day = day;
    tp.overall = r;
    out.push_back(tp);
  }
  return out;
}

/// Assesses the single track of a native measurements CSV text.
inline TrackResult assess_csv(std::string_view csv, const Profile& profile = {}) {
  return assess(csv_track(csv), profile);
}

/// The overall response at a date.
inline Response overall_at(const TrackResult& r, std::string_view date) {
  for (const TimepointResult& tp : r.timepoints)
    if (tp.date.to_string() == date) return tp.overall;
  FAIL("no time point on " << date);
  return Response::NA;
}

}  // namespace recist::testing
