#include "fuzz_support.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "recist/assess.hpp"
#include "batch/batch_internal.hpp"
#include "recist/batch/batch.hpp"
#include "recist/irecist.hpp"
#include "recist/io/read/native_xml.hpp"
#include "recist/io/write/native_writers.hpp"
#include "recist/io/write/writers.hpp"
#include "recist/summary.hpp"

namespace recist::fuzz {
namespace {

/// What a track and its place in the input are called in messages.
std::string name_of(const Track& t) { return t.subject + "/" + t.reader; }

/// How good a best response is, for "confirmed never better than unconfirmed": CR > PR >
/// SD = NON-CR/NON-PD > PD = NE (R14).
int rank(Response r) {
  switch (r) {
    case Response::CR: return 3;
    case Response::PR: return 2;
    case Response::SD:
    case Response::NonCrNonPd: return 1;
    default: return 0;
  }
}

/// The same for iRECIST (Seymour 2017, table 3).
int rank(IResponse r) {
  switch (r) {
    case IResponse::iCR: return 3;
    case IResponse::iPR: return 2;
    case IResponse::iSD:
    case IResponse::NonICrNonIUpd: return 1;
    default: return 0;
  }
}

bool is_timepoint_response(Response r) { return r != Response::NA; }

/// Checks that the JSON writer's document of `results` parses, with one track per result.
void check_json(const std::vector<TrackResult>& results, const Profile& profile,
                std::span<const io::InputError> errors) {
  SummaryBuilder summary(profile);
  auto writer = io::make_json_writer();
  std::string out;
  writer->begin(profile, &out);
  for (const TrackResult& r : results) {
    summary.add(r);
    writer->track(r, &out);
  }
  const TrialSummary trial = summary.finish();
  for (const ReaderSummary& reader : trial.readers) {
    for (const ResponseSummary* s : {&reader.confirmed, &reader.unconfirmed}) {
      int n = 0;
      for (int c : s->counts) n += c;
      FUZZ_CHECK(n == reader.n, "summary of " + reader.reader + ": counts add up to " + std::to_string(n) +
                                    ", N is " + std::to_string(reader.n));
      for (const Proportion* p : {&s->orr, &s->dcr})
        FUZZ_CHECK(0 <= p->ci_low && p->ci_low <= p->rate && p->rate <= p->ci_high && p->ci_high <= 1,
                   "summary of " + reader.reader + ": interval " + std::to_string(p->ci_low) + " " +
                       std::to_string(p->rate) + " " + std::to_string(p->ci_high));
    }
  }
  writer->end(&trial, errors, &out);
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(out);
  } catch (const nlohmann::json::exception& e) {
    fail("the JSON output parses", std::string(e.what()) + "\n" + out.substr(0, 4000));
  }
  FUZZ_CHECK(doc.is_object() && doc.contains("tracks") && doc["tracks"].size() == results.size(),
             "JSON tracks: " + out.substr(0, 2000));
  FUZZ_CHECK(doc.contains("errors") && doc["errors"].size() >= errors.size(), "JSON errors: " + out.substr(0, 2000));
}

/// Collects the tracks of a batch read, in order (as read_measurements_csv does).
class Collect final : public io::BatchSink {
 public:
  struct Chunk final : io::BatchChunk {
    std::vector<Track> tracks;
  };
  std::unique_ptr<io::BatchChunk> make_chunk(std::size_t) override { return std::make_unique<Chunk>(); }
  void track(io::BatchChunk& chunk, Track&& t) override { static_cast<Chunk&>(chunk).tracks.push_back(std::move(t)); }
  void deliver(io::BatchChunk& chunk) override {
    for (Track& t : static_cast<Chunk&>(chunk).tracks) tracks.push_back(std::move(t));
  }
  void restart() override { tracks.clear(); }
  std::vector<Track> tracks;
};

}  // namespace

io::Dataset read_measurements(std::string_view text, const std::string& file, const io::ReadOptions& options,
                              const io::BatchOptions& batch) {
  Collect sink;
  std::size_t kept = 0;
  io::BatchReport report = io::read_measurements_text(text, nullptr, file, options, batch, sink, &kept);
  io::Dataset out;
  if (sink.tracks.size() > kept) sink.tracks.resize(kept);
  out.tracks = std::move(sink.tracks);
  out.errors = std::move(report.errors);
  out.errors_not_listed = report.errors_not_listed;
  out.fatal = report.fatal;
  return out;
}

void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "\n*** fuzz invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

io::ReadOptions read_options(bool strict) {
  io::ReadOptions o;
  o.strict = strict;
  o.max_errors = 8;
  return o;
}

Profile both_criteria() {
  Profile p;
  p.criteria = Criteria::Both;
  p.exclude_target_sites = {"BRAIN"};
  return p;
}

std::int64_t line_count(std::string_view text) {
  std::int64_t lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';
  return lines;
}

void check_dataset(const io::Dataset& data, const Locating& where, const io::ReadOptions& options) {
  FUZZ_CHECK(data.errors.size() <= options.max_errors, std::to_string(data.errors.size()) + " errors listed");
  FUZZ_CHECK(data.errors_not_listed == 0 || data.errors.size() == options.max_errors,
             std::to_string(data.errors_not_listed) + " errors not listed after only " +
                 std::to_string(data.errors.size()));
  for (const io::InputError& e : data.errors) {
    const std::string where_text = io::to_string(e);
    FUZZ_CHECK(!e.message.empty(), "an error without a message: " + where_text);
    FUZZ_CHECK(where.file.empty() ? !e.file.empty() : e.file == where.file, "error in the wrong file: " + where_text);
    FUZZ_CHECK(e.line >= 0, "negative line: " + where_text);
    FUZZ_CHECK(where.max_line == 0 || e.line <= where.max_line,
               "line beyond the input's " + std::to_string(where.max_line) + ": " + where_text);
    // A track left out for bad data is found by its line (the whole-file errors are fatal).
    FUZZ_CHECK(data.fatal || e.line > 0, "a non-fatal error without a line: " + where_text);
  }
  if (options.strict) FUZZ_CHECK(data.errors.empty() || data.fatal, "--strict with errors but not fatal");
  for (const Track& t : data.tracks) check_track(t);
  for (const RecordedTrack& t : data.recorded) {
    FUZZ_CHECK(!t.subject.empty() && !t.reader.empty(), "a recorded track without a subject or reader");
    FUZZ_CHECK(t.start_date || t.baseline_date, "recorded track " + t.subject + " without start or baseline");
    for (std::size_t i = 1; i < t.timepoints.size(); ++i)
      FUZZ_CHECK(t.timepoints[i - 1].date < t.timepoints[i].date, "recorded track " + t.subject + " out of order");
    for (const RecordedTimepoint& tp : t.timepoints)
      FUZZ_CHECK(tp.response && *tp.response != Response::NA, "recorded track " + t.subject + ": a blank response");
  }
}

void check_track(const Track& t) {
  FUZZ_CHECK(!t.subject.empty() && !t.reader.empty(), "a track without a subject or reader");
  std::vector<int> observed(t.lesions.size(), 0);
  std::vector<int> last_seen(t.lesions.size(), -1);
  for (std::size_t a = 0; a < t.assessments.size(); ++a) {
    const Assessment& as = t.assessments[a];
    FUZZ_CHECK(a == 0 || t.assessments[a - 1].date < as.date, name_of(t) + ": assessments not in date order");
    FUZZ_CHECK(!as.reported || *as.reported != Response::NA, name_of(t) + ": reported NA");
    for (const Observation& o : as.observations) {
      FUZZ_CHECK(o.lesion < t.lesions.size(), name_of(t) + ": an observation of no lesion");
      FUZZ_CHECK(last_seen[o.lesion] != static_cast<int>(a), name_of(t) + ": lesion " + t.lesions[o.lesion].id +
                                                                  " twice on " + as.date.to_string());
      last_seen[o.lesion] = static_cast<int>(a);
      ++observed[o.lesion];
      if (o.status == LesionStatus::Fragment) {
        Millimetres sum;
        for (Millimetres f : o.fragments) sum += f;
        FUZZ_CHECK(!o.fragments.empty() && o.diameter && *o.diameter == sum,
                   name_of(t) + ": fragments of " + t.lesions[o.lesion].id + " do not add up");
      }
      if (o.status == LesionStatus::Measured)
        FUZZ_CHECK(o.diameter || t.lesions[o.lesion].role != LesionRole::Target,
                   name_of(t) + ": a measured target without a diameter");
    }
  }
  for (std::size_t i = 0; i < t.lesions.size(); ++i) {
    FUZZ_CHECK(!t.lesions[i].id.empty(), name_of(t) + ": a lesion without an id");
    FUZZ_CHECK(observed[i] > 0, name_of(t) + ": lesion " + t.lesions[i].id + " never observed");
  }
}

TrackResult assess_and_check(const Track& track, const Profile& profile) {
  TrackResult r = assess_with_criteria(track, profile);
  const std::string who = name_of(track);
  FUZZ_CHECK(r.subject == track.subject && r.reader == track.reader, who + ": result of another track");
  if (r.baseline) {
    FUZZ_CHECK(!track.assessments.empty() && r.baseline->date == track.assessments.front().date,
               who + ": baseline is not the first assessment");
    FUZZ_CHECK(r.timepoints.size() == track.assessments.size() - 1,
               who + ": " + std::to_string(r.timepoints.size()) + " time points for " +
                   std::to_string(track.assessments.size()) + " assessments");
  }
  const std::optional<Date> start = r.start_date;
  for (std::size_t i = 0; i < r.timepoints.size(); ++i) {
    const TimepointResult& tp = r.timepoints[i];
    FUZZ_CHECK(is_timepoint_response(tp.overall), who + ": overall NA on " + tp.date.to_string());
    FUZZ_CHECK(i == 0 || r.timepoints[i - 1].date < tp.date, who + ": time points out of order");
    if (start) FUZZ_CHECK(tp.day == tp.date.days_after(*start), who + ": day of " + tp.date.to_string());
  }
  FUZZ_CHECK(rank(r.best.confirmed_bor) <= rank(r.best.bor),
             who + ": confirmed BOR " + std::string(to_string(r.best.confirmed_bor)) + " better than BOR " +
                 std::string(to_string(r.best.bor)));
  if (profile.criteria != Criteria::Recist) {
    FUZZ_CHECK(static_cast<bool>(r.irecist), who + ": no iRECIST result");
    const IrecistResult& ir = *r.irecist;
    FUZZ_CHECK(ir.timepoints.size() == r.timepoints.size(), who + ": iRECIST time points");
    bool icpd = false;
    for (std::size_t i = 0; i < ir.timepoints.size(); ++i) {
      FUZZ_CHECK(ir.timepoints[i].date == r.timepoints[i].date, who + ": iRECIST dates");
      FUZZ_CHECK(!icpd || ir.timepoints[i].overall == IResponse::iCPD,
                 who + ": iCPD left on " + ir.timepoints[i].date.to_string());
      icpd |= ir.timepoints[i].overall == IResponse::iCPD;
    }
    FUZZ_CHECK(rank(ir.best.confirmed_ibor) <= rank(ir.best.ibor), who + ": confirmed iBOR better than iBOR");
  }
  return r;
}

void assess_and_check(const RecordedTrack& track, const Profile& profile) {
  const TrackResult r = assess(track, profile);
  FUZZ_CHECK(r.timepoints.size() == track.timepoints.size(), track.subject + ": recorded time points");
  FUZZ_CHECK(rank(r.best.confirmed_bor) <= rank(r.best.bor), track.subject + ": confirmed BOR better than BOR");
  check_json({r}, profile, {});
}

std::string check_round_trip(const std::vector<Track>& tracks) {
  std::string csv;
  io::write_measurements_csv(tracks, &csv);
  const io::Dataset again = read_measurements(csv, "canonical.csv", {});
  FUZZ_CHECK(again.errors.empty() && !again.fatal,
             "the canonical CSV reads with errors: " + (again.errors.empty() ? "" : io::to_string(again.errors[0])) +
                 "\n" + csv.substr(0, 4000));
  std::string csv2;
  io::write_measurements_csv(again.tracks, &csv2);
  FUZZ_CHECK(csv2 == csv, "CSV -> CSV changes the canonical CSV:\n" + csv.substr(0, 3000) + "\n---\n" +
                              csv2.substr(0, 3000));
  io::Dataset data;
  data.tracks = tracks;
  std::string xml;
  io::write_native_xml(data, &xml);
  const io::Dataset from_xml = io::read_native_xml(xml, "canonical.xml", {});
  FUZZ_CHECK(from_xml.errors.empty() && !from_xml.fatal,
             "the native XML reads with errors: " +
                 (from_xml.errors.empty() ? "" : io::to_string(from_xml.errors[0])) + "\n" + xml.substr(0, 4000));
  std::string csv3;
  io::write_measurements_csv(from_xml.tracks, &csv3);
  FUZZ_CHECK(csv3 == csv, "CSV -> XML -> CSV changes the canonical CSV:\n" + csv.substr(0, 3000) + "\n---\n" +
                              csv3.substr(0, 3000));
  return csv;
}

void check_all(const io::Dataset& data, const Locating& where, const io::ReadOptions& options,
               std::size_t max_tracks) {
  check_dataset(data, where, options);
  const Profile profile = both_criteria();
  std::vector<TrackResult> results;
  for (std::size_t i = 0; i < data.tracks.size() && i < max_tracks; ++i)
    results.push_back(assess_and_check(data.tracks[i], profile));
  for (std::size_t i = 0; i < data.recorded.size() && i < max_tracks; ++i) assess_and_check(data.recorded[i], profile);
  check_json(results, profile, data.errors);
  if (!data.tracks.empty()) check_round_trip(data.tracks);
}

}  // namespace recist::fuzz
