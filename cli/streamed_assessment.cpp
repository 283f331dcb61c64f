// `recist assess`, `summary` and `validate` as a stream (read_assess_and_write): each input read
// and assessed as soon as it is read, native measurement CSV through the batch reader on every
// core, the results formatted in the workers when the writer allows and written in input order.
#include "pipeline.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <system_error>

#include "recist/assess.hpp"
#include "recist/irecist.hpp"
#include "recist/batch/batch.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/io/files.hpp"
#include "recist/batch/input.hpp"
#include "recist/batch/input_text.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/native_xml.hpp"
#include "recist/io/read/sdtm.hpp"
#include "recist/summary.hpp"
#include "streamed_output.hpp"

namespace recist::cli {
namespace {

constexpr std::size_t kFlushBytes = 1 << 20;

/// Text appended at once rather than through the buffer.
constexpr std::size_t kDirectBytes = 64 << 10;

/// How the results are formatted. A writer whose text for a track depends on nothing before it
/// but a fixed separator (JSON's comma) can format in the workers: a fresh writer per chunk, the
/// chunks' texts joined with the separator. Any other writer formats every track in order.
struct FormatPlan {
  bool parallel = false;
  std::string separator;
};

/// What a command says about a track: its assessment, or (validate) its baseline findings only.
TrackResult evaluate(const Track& track, const Options& options) {
  if (!options.baseline_only) return assess_with_criteria(track, options.profile);
  TrackResult checked;
  checked.subject = track.subject;
  checked.reader = track.reader;
  checked.findings = check_baseline(track, options.profile);
  return checked;
}

/// A small track result, to see how a writer behaves.
TrackResult probe_track() {
  TrackResult t;
  t.subject = "PROBE";
  t.reader = "READER";
  t.start_date = Date::from_days(20000);
  t.baseline = BaselineSummary{Date::from_days(20000), Millimetres::from_mm(30), 1, 0};
  TimepointResult tp;
  tp.date = Date::from_days(20042);
  tp.visit = "W6";
  tp.day = 42;
  tp.sum = Millimetres::from_mm(20);
  tp.target = Response::PR;
  tp.non_target = Response::NA;
  tp.new_lesions = NewLesions::No;
  tp.overall = Response::PR;
  tp.reasons.push_back("probe");
  t.timepoints.push_back(tp);
  t.best.bor = t.best.confirmed_bor = Response::PR;
  t.has_measurable_target = true;
  return t;
}

/// Formats the probe track with fresh writers: twice in a row (the second text must be the first
/// after a separator) and not at all (the beginning and end must not depend on the tracks).
FormatPlan plan_formatting(const Options& options) {
  const TrackResult probe = probe_track();
  auto alone = writer_for(options);
  auto twice = writer_for(options);
  std::string begin1, begin2, end1, end2, first, second;
  alone->begin(options.profile, &begin1);
  alone->end(nullptr, {}, &end1);
  twice->begin(options.profile, &begin2);
  twice->track(probe, &first);
  twice->track(probe, &second);
  twice->end(nullptr, {}, &end2);
  FormatPlan plan;
  if (begin1 == begin2 && end1 == end2 && !first.empty() && second.ends_with(first)) {
    plan.parallel = true;
    plan.separator = second.substr(0, second.size() - first.size());
  }
  return plan;
}

/// Results in input order to the summary and the writer, through a large buffer.
class Emitter {
 public:
  /// What the output and the totals were at a point (restored when an input is read again).
  struct Checkpoint {
    std::uint64_t size = 0;
    SummaryBuilder summary;
    std::size_t tracks = 0;
    bool any_error_finding = false;
    std::size_t formatted = 0;
  };

  Emitter(const Options& options, Emit emit, const FormatPlan& plan, StreamedOutput& out)
      : options_(options),
        writer_(writer_for(options)),
        emit_(emit),
        plan_(plan),
        out_(out),
        summary_(options.profile) {}

  /// Whether tracks are formatted by a fresh writer per group of tracks (else by writer_, in order).
  bool formats_in_groups() const { return emit_.tracks && plan_.parallel; }
  bool formats_tracks() const { return emit_.tracks; }

  /// A fresh writer for a group of tracks.
  std::unique_ptr<io::ResultWriter> group_writer() const {
    auto w = writer_for(options_);
    std::string discard;
    w->begin(options_.profile, &discard);
    return w;
  }

  void begin() { writer_->begin(options_.profile, &buffer_); }

  /// Whether the writer of the tracks in order has formatted none yet: then it can be replaced by
  /// a fresh one when the tracks formatted since are taken back.
  bool writer_unused() const { return formatted_ == 0 && tracks_ == 0; }

  /// The results of consecutive tracks, and their text from a group writer (when formats_in_groups()).
  void add(const std::vector<TrackResult>& results, const std::string& text) {
    for (const TrackResult& r : results) {
      ++tracks_;
      any_error_finding_ |= r.has_error_finding();
      summary_.add(r);
    }
    if (!emit_.tracks) return;
    if (!plan_.parallel) {
      for (const TrackResult& r : results) writer_->track(r, &buffer_);
    } else if (!text.empty()) {
      if (formatted_) buffer_ += plan_.separator;
      formatted_ += results.size();
      if (text.size() >= kDirectBytes) {
        flush(true);
        out_.write(text);
        return;
      }
      buffer_ += text;
    }
    flush(false);
  }

  Checkpoint checkpoint() {
    flush(true);
    return Checkpoint{out_.size(), summary_, tracks_, any_error_finding_, formatted_};
  }
  void rollback(const Checkpoint& c) {
    if (emit_.tracks && !plan_.parallel && c.tracks == 0) {
      writer_ = writer_for(options_);  // as it was then: begun, no track yet
      std::string discard;
      writer_->begin(options_.profile, &discard);
    }
    buffer_.clear();
    out_.truncate(c.size);
    summary_ = c.summary;
    tracks_ = c.tracks;
    any_error_finding_ = c.any_error_finding;
    formatted_ = c.formatted;
  }

  void end(const std::vector<io::InputError>& errors) {
    const TrialSummary trial = summary_.finish();
    writer_->end(emit_.summary ? &trial : nullptr, errors, &buffer_);
    flush(true);
  }

  std::size_t tracks() const { return tracks_; }
  bool any_error_finding() const { return any_error_finding_; }

 private:
  void flush(bool force) {
    if (!force && buffer_.size() < kFlushBytes) return;
    out_.write(buffer_);
    buffer_.clear();
  }

  const Options& options_;
  std::unique_ptr<io::ResultWriter> writer_;
  Emit emit_;
  const FormatPlan& plan_;
  StreamedOutput& out_;
  SummaryBuilder summary_;
  std::string buffer_;
  std::size_t tracks_ = 0;
  bool any_error_finding_ = false;
  std::size_t formatted_ = 0;  ///< Tracks formatted by group writers (for the separator).
};

/// Assesses (and formats) the tracks of a batch on the worker threads; hands them to the emitter in
/// input order. A writer that must see every track in order formats them as they are delivered;
/// if the input turns out ungrouped it is replaced by a fresh one, which is possible only while it
/// has formatted no track of an earlier input (else the results are held until the input is read).
class AssessSink final : public io::BatchSink {
 public:
  AssessSink(const Options& options, Emitter& emitter)
      : options_(options),
        emitter_(emitter),
        start_(emitter.checkpoint()),
        hold_(emitter.formats_tracks() && !emitter.formats_in_groups() && !emitter.writer_unused()) {}

  struct Chunk final : io::BatchChunk {
    std::unique_ptr<io::ResultWriter> writer;
    std::vector<TrackResult> results;
    std::string text;
  };

  std::unique_ptr<io::BatchChunk> make_chunk(std::size_t input_bytes) override {
    auto chunk = std::make_unique<Chunk>();
    if (emitter_.formats_in_groups()) chunk->writer = emitter_.group_writer();
    {
      std::lock_guard lock(spare_mutex_);
      if (!spare_.empty()) {
        chunk->text.swap(spare_.back());  // a large buffer again: no new pages to fault in
        spare_.pop_back();
      }
    }
    // Room for the chunk's text at once: grown by doubling, a bucket's 20 MB were copied about
    // as many times again, each time into pages never touched (JSON writes about 3.2 bytes a
    // byte of input, CSV 2.3; room not written to costs no memory).
    if (chunk->writer) chunk->text.reserve(input_bytes / 2 * 7);
    return chunk;
  }
  void track(io::BatchChunk& chunk, Track&& track) override {
    auto& c = static_cast<Chunk&>(chunk);
    c.results.push_back(evaluate(track, options_));
    TrackResult& result = c.results.back();
    if (c.writer) c.writer->track(result, &c.text);
    // Formatted, or not to be: the emitter needs only what the summary and the exit code read, so
    // the time points and reasons (most of the memory) are let go here, on the thread that made
    // them.
    if (!hold_ && (c.writer || !emitter_.formats_tracks())) {
      std::vector<TimepointResult>().swap(result.timepoints);
      result.best.reasons = Reasons();
      if (result.irecist) {
        std::vector<IrecistTimepoint>().swap(result.irecist->timepoints);
        result.irecist->best.reasons = Reasons();
      }
    }
  }
  void deliver(io::BatchChunk& chunk) override {
    auto& c = static_cast<Chunk&>(chunk);
    if (hold_) {
      for (TrackResult& r : c.results) held_.push_back(std::move(r));
      return;
    }
    emitter_.add(c.results, c.text);
    c.text.clear();
    std::lock_guard lock(spare_mutex_);
    spare_.push_back(std::move(c.text));
  }
  void restart() override {
    held_.clear();
    emitter_.rollback(start_);
  }
  /// After the input is read: the results held back.
  void finish() {
    emitter_.add(held_, {});
    held_.clear();
  }

 private:
  const Options& options_;
  Emitter& emitter_;
  Emitter::Checkpoint start_;
  /// A writer that formats every track in order, and has formatted tracks of earlier inputs, cannot
  /// be taken back to this input's start: the results are held until the input is read.
  bool hold_;
  std::vector<TrackResult> held_;
  std::mutex spare_mutex_;
  std::vector<std::string> spare_;  ///< Text buffers of delivered chunks, for the next chunks.
};

/// Whether an input read whole by read_input would go to read_measurements_csv with a valid
/// header: then it streams through the batch reader instead (which reads it the same way).
bool streams_as_measurements(std::string_view text, io::InputFormat format) {
  if (format == io::InputFormat::Measurements) return true;
  if (format != io::InputFormat::Auto || io::looks_like_xml(text) || !io::describe_sdtm_file(text).empty())
    return false;
  io::CsvReader reader(text);
  io::CsvRecord header;
  if (!reader.next(&header)) return false;
  bool subject = false, date = false, lesion = false;
  for (std::string_view field : header.fields) {
    while (!field.empty() && (field.front() == ' ' || field.front() == '\t')) field.remove_prefix(1);
    while (!field.empty() && (field.back() == ' ' || field.back() == '\t')) field.remove_suffix(1);
    std::string name;
    for (char c : field) name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (std::find(std::begin(io::kMeasurementColumns), std::end(io::kMeasurementColumns), name) ==
        std::end(io::kMeasurementColumns))
      return false;
    subject |= name == "subject";
    date |= name == "date";
    lesion |= name == "lesion";
  }
  return subject && date && lesion;
}

/// Assesses the tracks of an input read whole, in groups of tracks.
void emit_dataset(const io::Dataset& d, const Options& options, Emitter& emitter) {
  constexpr std::size_t kGroup = 256;
  std::vector<TrackResult> results;
  std::string text;
  std::unique_ptr<io::ResultWriter> writer;
  auto add = [&](TrackResult r) {
    if (emitter.formats_in_groups()) {
      if (!writer) writer = emitter.group_writer();
      writer->track(r, &text);
    }
    results.push_back(std::move(r));
    if (results.size() < kGroup) return;
    emitter.add(results, text);
    results.clear();
    text.clear();
    writer.reset();
  };
  for (const Track& t : d.tracks) add(evaluate(t, options));
  if (!options.baseline_only)  // recorded responses have no lesions to check
    for (const RecordedTrack& t : d.recorded) add(assess(t, options.profile));
  emitter.add(results, text);
}

/// Reads one input and emits its tracks; prints its errors and adds them to `errors`. True when
/// the input was unreadable or malformed as a whole (or had an error under --strict).
bool read_and_emit(const std::string& file, const Options& options, Emitter& emitter,
                   std::vector<io::InputError>* errors) {
  const std::string name = file == "-" ? "<stdin>" : file;
  io::ReadOptions read;
  read.strict = options.strict;
  read.admiralonco_codes = options.profile.convention == Convention::Admiralonco;
  read.impute_partial_dates = options.profile.impute_partial_dates;
  read.irecist_codes = options.profile.criteria != Criteria::Recist;
  auto whole = [&](const io::Dataset& d) {
    print_errors(d);
    emit_dataset(d, options, emitter);
    collect_errors(errors, d.errors, d.errors_not_listed);
    return d.fatal;
  };
  std::error_code ec;
  if (file != "-" && std::filesystem::is_directory(file, ec))
    return whole(io::read_input(file, options.input_format, read));
  io::InputText input;
  std::string err;
  if (!input.open(file, &err)) {
    io::Dataset d;
    d.fatal = true;
    d.errors.push_back({name, 0, "", err, ""});
    return whole(d);
  }
  if (!streams_as_measurements(input.text(), options.input_format))
    return whole(io::read_input_text(input.text(), name, options.input_format, read));
  AssessSink sink(options, emitter);
  io::BatchOptions batch;
  batch.threads = static_cast<unsigned>(options.threads);
  io::BatchReport report = io::read_measurements_batch(input, name, read, batch, sink);
  sink.finish();
  print_errors(report.errors, report.errors_not_listed);
  collect_errors(errors, report.errors, report.errors_not_listed);
  return report.fatal;
}

}  // namespace

int read_assess_and_write(const Options& options, Emit emit) {
  const FormatPlan plan = plan_formatting(options);
  StreamedOutput output;
  std::string open_error;
  const bool opened = output.open(options.output, &open_error);
  Emitter emitter(options, emit, plan, output);
  emitter.begin();
  bool fatal = false;
  std::vector<io::InputError> errors;
  for (const std::string& file : options.files) fatal |= read_and_emit(file, options, emitter, &errors);
  // An input unreadable as a whole writes nothing (validate still writes what it found: reporting
  // the errors is its job); then an output that cannot be opened.
  if (fatal && !options.baseline_only) return kBadInput;
  std::string err;
  if (!opened) {
    std::fprintf(stderr, "recist: %s\n", open_error.c_str());
    return kBadInput;
  }
  emitter.end(errors);
  if (!output.commit(&err)) {
    std::fprintf(stderr, "recist: %s\n", err.c_str());
    return kBadInput;
  }
  if (fatal) return kBadInput;
  // An input whose every track is left out for its errors is still a readable input: exit 1, as
  // validate and compare (issue 28: an unreadable track is never an unreadable input).
  return !errors.empty() || emitter.any_error_finding() ? kFindings : kOk;
}

}  // namespace recist::cli
