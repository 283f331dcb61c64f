#pragma once
// The JSON API of `recist serve` (README "recist serve", schemas/serve-api.md), apart from HTTP:
// each function takes what a request carries and returns the status and body to answer with.

#include <string>
#include <string_view>

#include "recist/profile.hpp"
#include "serve_store.hpp"

namespace recist::cli {

/// An answer: HTTP status, body and its media type, and the ETag header when there is one.
struct Reply {
  Reply() = default;
  Reply(int status_, std::string body_) : status(status_), body(std::move(body_)) {}
  int status = 200;
  std::string body;
  std::string type = "application/json";
  std::string etag;
};

/// What the API works on: FILE and the profile in force.
struct ServeContext {
  TrackStore& store;
  const Profile& profile;
};

/// GET /api/tracks: every track of FILE with its version and errors, and the profile in force.
Reply list_tracks(ServeContext& context);
/// GET /api/tracks/{subject}/{reader}: the track, its version, its errors, its result and spider line.
Reply get_track(ServeContext& context, std::string_view subject, std::string_view reader);
/// POST /api/assess: a native JSON track in, `recist assess --format json` of it out, byte for
/// byte; nothing saved. 422 with every bad field.
Reply assess_track(ServeContext& context, std::string_view body);
/// POST /api/view: what the page shows of a track as it is typed: {"subject", "result" (what
/// POST /api/assess answers), "spider_svg" (the spider line of `recist plot spider`)}.
Reply view_track(ServeContext& context, std::string_view body);
/// PUT /api/tracks/{subject}/{reader}: saves the track of `body` when its version is still
/// `if_match` (an ETag, quoted or not), or, with `if_none_match` "*", when FILE has no such track.
Reply save_track(ServeContext& context, std::string_view subject, std::string_view reader, std::string_view body,
                 std::string_view if_match, std::string_view if_none_match);

/// A JSON error body {"error": message}.
std::string error_body(std::string_view message);

}  // namespace recist::cli
