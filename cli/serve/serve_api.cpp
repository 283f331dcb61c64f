// The JSON API of `recist serve`. Results are written by the JSON writer of `recist assess`, so
// POST /api/assess answers what `recist assess --format json` writes for a file of that track.
#include "serve_api.hpp"

#include <nlohmann/json.hpp>
#include <span>

#include "recist/io/read/native_json.hpp"
#include "recist/io/write/native_writers.hpp"
#include "recist/io/write/plots.hpp"
#include "recist/io/write/writers.hpp"
#include "recist/irecist.hpp"
#include "recist/summary.hpp"

namespace recist::cli {
namespace {

/// `recist assess --format json` of the tracks given (none: the profile and an empty summary).
/// Its results too, when `results` is given, for the spider line.
std::string assess_document(std::span<const Track> tracks, const Profile& profile,
                            std::vector<TrackResult>* results = nullptr) {
  const std::unique_ptr<io::ResultWriter> writer = io::make_json_writer();
  std::string out;
  SummaryBuilder summary(profile);
  writer->begin(profile, &out);
  for (const Track& t : tracks) {
    TrackResult result = assess_with_criteria(t, profile);
    summary.add(result);
    writer->track(result, &out);
    if (results) results->push_back(std::move(result));
  }
  const TrialSummary trial = summary.finish();
  writer->end(&trial, {}, &out);
  return out;
}

/// The result document, then the patient's spider line (recist plot spider, the same code).
void append_result_and_spider(std::string* out, std::span<const Track> tracks, const Profile& profile) {
  std::vector<TrackResult> results;
  out->append(",\"result\":");
  out->append(assess_document(tracks, profile, &results));
  out->append(",\"spider_svg\":");
  if (results.empty())
    out->append("null");
  else
    io::append_json_string(out, io::spider_svg(results));
}

void member(std::string* out, std::string_view name, std::string_view text) {
  io::append_json_string(out, name);
  out->push_back(':');
  io::append_json_string(out, text);
}

/// 422: the bad fields of a request, each with its JSON Pointer, column and message.
Reply bad_fields(const std::vector<io::JsonFieldError>& errors) {
  Reply r{422, "{\"errors\":["};
  for (std::size_t i = 0; i < errors.size(); ++i) {
    r.body += i ? ",{" : "{";
    member(&r.body, "pointer", errors[i].pointer);
    r.body += ',';
    member(&r.body, "column", errors[i].column);
    r.body += ',';
    member(&r.body, "message", errors[i].message);
    r.body += '}';
  }
  r.body += "]}\n";
  return r;
}

Reply failure(int status, std::string_view message) { return Reply{status, error_body(message)}; }

/// The body of GET and PUT: the track as FILE now holds it, with its version, errors and result.
Reply track_reply(const Snapshot& file, const io::MeasurementsText::TrackRecords& records, const Profile& profile) {
  Reply r;
  r.etag = file.version(records.subject, records.reader);
  r.body = "{";
  member(&r.body, "subject", records.subject);
  r.body += ',';
  member(&r.body, "reader", records.reader);
  r.body += ',';
  member(&r.body, "version", r.etag);
  r.body += ",\"errors\":";
  io::append_json_errors(&r.body, file.errors_of(records));
  r.body += ",\"track\":";
  const Track* track = file.track(records.subject, records.reader);
  if (track)
    io::write_track_json(*track, &r.body);
  else
    r.body += "null";  // left out for bad data: the errors say why
  if (track)
    append_result_and_spider(&r.body, std::span<const Track>(track, 1), profile);
  else
    r.body += ",\"result\":null,\"spider_svg\":null";
  r.body += "}\n";
  return r;
}

/// An ETag as sent in If-Match: quoted, perhaps weak (W/"…"), or bare.
std::string_view etag_value(std::string_view v) {
  if (v.starts_with("W/")) v.remove_prefix(2);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  return v;
}

}  // namespace

std::string error_body(std::string_view message) {
  std::string out = "{";
  member(&out, "error", message);
  out += "}\n";
  return out;
}

Reply list_tracks(ServeContext& context) {
  Snapshot file;
  io::InputError error;
  if (!context.store.read(&file, &error)) return failure(500, io::to_string(error));
  const nlohmann::ordered_json empty = nlohmann::ordered_json::parse(assess_document({}, context.profile));
  Reply r{200, "{"};
  member(&r.body, "file", context.store.path());
  r.body += ",\"criteria\":" + empty["criteria"].dump() + ",\"profile\":" + empty["profile"].dump();
  r.body += ",\"tracks\":[";
  for (std::size_t i = 0; i < file.index.tracks.size(); ++i) {
    const io::MeasurementsText::TrackRecords& t = file.index.tracks[i];
    r.body += i ? ",\n{" : "\n{";
    member(&r.body, "subject", t.subject);
    r.body += ',';
    member(&r.body, "reader", t.reader);
    r.body += ',';
    member(&r.body, "version", file.version(t.subject, t.reader));
    r.body += ",\"rows\":" + std::to_string(t.records.size());
    r.body += ",\"readable\":" + std::string(file.track(t.subject, t.reader) ? "true" : "false");
    r.body += ",\"errors\":";
    io::append_json_errors(&r.body, file.errors_of(t));
    r.body += '}';
  }
  r.body += "]}\n";
  return r;
}

Reply get_track(ServeContext& context, std::string_view subject, std::string_view reader) {
  Snapshot file;
  io::InputError error;
  if (!context.store.read(&file, &error)) return failure(500, io::to_string(error));
  const io::MeasurementsText::TrackRecords* records = file.index.find(subject, reader);
  if (!records)
    return failure(404, "FILE " + context.store.path() + " has no track " + std::string(subject) + "/" +
                            std::string(reader));
  return track_reply(file, *records, context.profile);
}

Reply assess_track(ServeContext& context, std::string_view body) {
  const io::JsonTrack read = io::read_track_json(body);
  if (!read.track) return bad_fields(read.errors);
  return Reply{200, assess_document(std::span<const Track>(&*read.track, 1), context.profile)};
}

Reply view_track(ServeContext& context, std::string_view body) {
  const io::JsonTrack read = io::read_track_json(body);
  if (!read.track) return bad_fields(read.errors);
  Reply r{200, "{\"subject\":"};
  io::append_json_string(&r.body, read.track->subject);
  append_result_and_spider(&r.body, std::span<const Track>(&*read.track, 1), context.profile);
  r.body += "}\n";
  return r;
}

Reply save_track(ServeContext& context, std::string_view subject, std::string_view reader, std::string_view body,
                 std::string_view if_match, std::string_view if_none_match) {
  std::string expected;
  if (!if_match.empty())
    expected = std::string(etag_value(if_match));
  else if (if_none_match != "*")
    return failure(428,
                   "a save names the version it replaces: If-Match: \"VERSION\" (from GET), or If-None-Match: * "
                   "for a track FILE does not hold yet");
  io::JsonTrack read = io::read_track_json(body);
  if (read.track && (read.track->subject != subject || read.track->reader != reader)) {
    const bool other_subject = read.track->subject != subject;
    read.errors.push_back({other_subject ? "/subject" : "/reader", other_subject ? "subject" : "reader",
                           "\"" + (other_subject ? read.track->subject : read.track->reader) +
                               "\": this address saves the track " + std::string(subject) + "/" +
                               std::string(reader)});
    read.track.reset();
  }
  if (!read.track) return bad_fields(read.errors);
  std::string version, err;
  switch (context.store.save(*read.track, expected, &version, &err)) {
    case SaveOutcome::kConflict: {
      Reply r = failure(409, "the track " + std::string(subject) + "/" + std::string(reader) +
                                 (version.empty() ? std::string(" is no longer in FILE: nothing was saved")
                                  : expected.empty()
                                      ? " is already in FILE (version " + version + "): open it, nothing was saved"
                                      : " was changed since version " + expected + " (now " + version +
                                            "): reload it, nothing was saved"));
      r.etag = version;
      return r;
    }
    case SaveOutcome::kChanged:
      return failure(409, err);
    case SaveOutcome::kFailed:
      return failure(500, err);
    case SaveOutcome::kSaved:
      break;
  }
  return get_track(context, subject, reader);
}

}  // namespace recist::cli
