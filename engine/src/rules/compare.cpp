// Independent confirmation of recorded responses (`recist compare`): each track is recomputed and
// compared, time point by time point and by best response, with what its reader recorded; a
// disagreement is explained by the single named mistake that gives it (explain_mistake.hpp); every
// pair of readers of a subject is compared (compare_readers.cpp); then the agreement statistics of
// each pair of sources.
#include "recist/compare.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "explain_mistake.hpp"
#include "recist/assess.hpp"
#include "rules.hpp"

namespace recist {

using namespace compare_support;

namespace {

std::string key_of(const std::string& subject, const std::string& reader) {
  return subject + '\x1f' + reader;
}

/// The last overall response other than NE before `date` (what R10 looks back to).
std::optional<Response> last_evaluated_before(std::span<const TimepointResult> timepoints, Date date) {
  std::optional<Response> last;
  for (const TimepointResult& tp : timepoints) {
    if (!(tp.date < date)) break;
    if (tp.overall != Response::NE) last = tp.overall;
  }
  return last;
}

}  // namespace

std::string_view to_string(Discrepancy d) {
  switch (d) {
    case Discrepancy::None:
      return "NONE";
    case Discrepancy::Arithmetic:
      return "ARITHMETIC";
    case Discrepancy::WrongReference:
      return "WRONG_REFERENCE";
    case Discrepancy::AbsoluteIncrease:
      return "ABSOLUTE_5MM";
    case Discrepancy::NodalCr:
      return "NODAL_CR";
    case Discrepancy::NonTarget:
      return "NON_TARGET";
    case Discrepancy::NewLesion:
      return "NEW_LESION";
    case Discrepancy::NotEvaluable:
      return "NE_HANDLING";
    case Discrepancy::Reappearance:
      return "REAPPEARANCE";
    case Discrepancy::Confirmation:
      return "CONFIRMATION";
    case Discrepancy::FollowsTimepoints:
      return "FOLLOWS_TIMEPOINTS";
    case Discrepancy::IcpdWindow:
      return "ICPD_WINDOW";
    case Discrepancy::IcpdGrowth:
      return "ICPD_GROWTH";
    case Discrepancy::IupdReset:
      return "IUPD_RESET";
    case Discrepancy::NewLesionSum:
      return "NEW_LESION_SUM";
    case Discrepancy::Other:
      break;
  }
  return "OTHER";
}

std::string_view to_string(CompareLevel l) {
  switch (l) {
    case CompareLevel::Timepoint:
      return "timepoint";
    case CompareLevel::Bor:
      return "bor";
    case CompareLevel::ConfirmedBor:
      break;
  }
  return "confirmed_bor";
}

bool TrackComparison::agree() const {
  return std::all_of(comparisons.begin(), comparisons.end(), [](const RecordedComparison& c) { return c.agree(); });
}

bool ReaderComparison::agree() const {
  return std::all_of(timepoints.begin(), timepoints.end(), [](const ReaderTimepoint& t) { return t.agree(); }) &&
         bor_a == bor_b && confirmed_bor_a == confirmed_bor_b &&
         (pd_timing == PdTiming::Same || pd_timing == PdTiming::Neither);
}

std::size_t CompareResult::disagreements() const {
  std::size_t n = 0;
  for (const TrackComparison& t : recorded)
    n += std::count_if(t.comparisons.begin(), t.comparisons.end(),
                       [](const RecordedComparison& c) { return !c.agree(); });
  for (const ReaderComparison& r : readers) {
    n += std::count_if(r.timepoints.begin(), r.timepoints.end(), [](const ReaderTimepoint& t) { return !t.agree(); });
    n += (r.bor_a != r.bor_b) + (r.confirmed_bor_a != r.confirmed_bor_b) +
         (r.pd_timing != PdTiming::Same && r.pd_timing != PdTiming::Neither);
  }
  return n;
}

std::vector<RecordedTimepoint> recorded_timepoints(const Track& track, const RecordedTrack* recorded) {
  if (recorded) return recorded->timepoints;
  std::vector<RecordedTimepoint> out;
  for (std::size_t k = 1; k < track.assessments.size(); ++k) {
    const Assessment& a = track.assessments[k];
    if (a.reported) out.push_back({a.date, a.visit, a.reported});
  }
  return out;
}

TrackComparison compare_recorded(const Track& track, const TrackResult& computed,
                                 std::span<const RecordedTimepoint> recorded, const RecordedBest* best,
                                 const Profile& profile) {
  TrackComparison out;
  out.subject = track.subject;
  out.reader = track.reader;
  out.best_recorded = best != nullptr;
  out.computed_pd_date = computed.best.pd_date;
  if (!computed.start_date || !computed.baseline) return out;
  const Date start = *computed.start_date;

  const rules::BaselineCheck check = rules::check_baseline_detail(track, profile);
  std::map<Date, std::size_t> assessment_at;  // follow-up date → index into track.assessments
  for (std::size_t k = 1; k < track.assessments.size(); ++k) assessment_at[track.assessments[k].date] = k;
  std::map<Date, const TimepointResult*> computed_at;
  for (const TimepointResult& tp : computed.timepoints) computed_at[tp.date] = &tp;

  std::vector<std::string> differing_dates;
  for (const RecordedTimepoint& r : recorded) {
    if (!r.response) continue;
    RecordedComparison c;
    c.date = r.date;
    c.visit = r.visit;
    c.day = r.date.days_after(start);
    c.recorded = *r.response;
    auto found = computed_at.find(r.date);
    if (found == computed_at.end()) {
      c.category = Discrepancy::Other;
      c.explanation = "no follow-up assessment on " + r.date.to_string() + " in the measurements";
    } else {
      const TimepointResult& tp = *found->second;
      c.computed = tp.overall;
      if (c.visit.empty()) c.visit = tp.visit;
      if (tp.overall != c.recorded) {
        Context ctx{tp,
                    lesions_at(track, check, track.assessments[assessment_at.at(r.date)], profile),
                    computed.baseline->sum.value_or(Millimetres()),
                    tp.nadir.value_or(Millimetres()),
                    tp.target.value_or(Response::NA),
                    tp.non_target.value_or(Response::NA),
                    tp.new_lesions == NewLesions::Yes,
                    false};
        ctx.kept_pr = tp.overall == Response::PR && !tp.backdated_pd &&
                      rules::overall_response(ctx.target, ctx.non_target, ctx.new_yes) == Response::SD;
        ctx.after_cr = last_evaluated_before(computed.timepoints, tp.date) == Response::CR;
        std::tie(c.category, c.explanation) = explain_timepoint(ctx, c.recorded);
      }
    }
    if (!c.agree()) differing_dates.push_back(r.date.to_string());
    out.comparisons.push_back(std::move(c));
  }

  const std::vector<TimepointResult> recorded_tps = as_timepoints(recorded, start);
  const BestResponse derived = best_response(recorded_tps, start, profile);
  if (!recorded_tps.empty()) out.recorded_pd_date = derived.pd_date;
  if (recorded_tps.empty() && !best) return out;
  for (CompareLevel level : {CompareLevel::Bor, CompareLevel::ConfirmedBor}) {
    std::optional<Response> value =
        best ? (level == CompareLevel::Bor ? best->bor : best->confirmed_bor) : std::optional(level_of(derived, level));
    if (!value) continue;
    RecordedComparison c;
    c.level = level;
    c.recorded = *value;
    c.computed = level_of(computed.best, level);
    if (c.recorded != *c.computed) {
      const bool follows = !recorded_tps.empty() && level_of(derived, level) == c.recorded;
      if (follows && !differing_dates.empty()) {
        c.category = Discrepancy::FollowsTimepoints;
        c.explanation = "the recorded " + code(c.recorded) +
                        " follows by R14–R15 from the recorded time-point responses, which differ from the "
                        "recomputed ones on " +
                        join(differing_dates);
      } else if (auto e = best_rule_mistake(recorded_tps.empty() ? computed.timepoints : recorded_tps, start, profile,
                                            level, c.recorded)) {
        std::tie(c.category, c.explanation) = *e;
      } else {
        c.category = Discrepancy::Other;
        c.explanation = "recorded " + code(c.recorded) + ", recomputed " + code(*c.computed) + ": " +
                        best_reasons(computed.best, level);
      }
    }
    out.comparisons.push_back(std::move(c));
  }
  return out;
}

CompareResult compare(std::span<const Track> tracks, std::span<const RecordedTrack> recorded,
                      std::span<const RecordedBest> best, const Profile& profile) {
  CompareResult out;
  std::map<std::string, const RecordedTrack*> recorded_by_key;
  for (const RecordedTrack& r : recorded) recorded_by_key[key_of(r.subject, r.reader)] = &r;
  std::map<std::string, const RecordedBest*> best_by_key;
  for (const RecordedBest& b : best) best_by_key[key_of(b.subject, b.reader)] = &b;

  // Every track's responses, by subject, for the reader pairs.
  std::map<std::string, std::vector<TrackResult>> by_subject;
  std::set<std::string> measured;
  for (const Track& t : tracks) {
    TrackResult computed = assess(t, profile);
    const std::string key = key_of(t.subject, t.reader);
    measured.insert(key);
    auto rec_track = recorded_by_key.find(key);
    const std::vector<RecordedTimepoint> rec =
        recorded_timepoints(t, rec_track == recorded_by_key.end() ? nullptr : rec_track->second);
    auto rec_best = best_by_key.find(key);
    const RecordedBest* b = rec_best == best_by_key.end() ? nullptr : rec_best->second;
    if (!rec.empty() || b) out.recorded.push_back(compare_recorded(t, computed, rec, b, profile));
    by_subject[t.subject].push_back(std::move(computed));
  }
  for (const RecordedTrack& r : recorded)
    if (!measured.count(key_of(r.subject, r.reader))) by_subject[r.subject].push_back(assess(r, profile));

  for (auto& [subject, results] : by_subject) {
    std::sort(results.begin(), results.end(),
              [](const TrackResult& x, const TrackResult& y) { return reader_before(x.reader, y.reader); });
    for (std::size_t i = 0; i < results.size(); ++i)
      for (std::size_t j = i + 1; j < results.size(); ++j)
        out.readers.push_back(compare_readers(results[i], results[j]));
  }

  // Statistics: each reader's recorded against recomputed, then each pair of readers.
  using Pairs = std::vector<std::pair<Response, Response>>;
  struct Collect {
    Pairs tps, bor, confirmed;
    std::vector<PdTiming> timings;
  };
  std::map<std::string, Collect, bool (*)(const std::string&, const std::string&)> by_reader(reader_before);
  for (const TrackComparison& t : out.recorded) {
    Collect& c = by_reader[t.reader];
    for (const RecordedComparison& rc : t.comparisons) {
      if (!rc.computed) continue;
      Pairs& into = rc.level == CompareLevel::Timepoint ? c.tps : rc.level == CompareLevel::Bor ? c.bor : c.confirmed;
      into.emplace_back(rc.recorded, *rc.computed);
    }
    c.timings.push_back(timing(t.recorded_pd_date, t.computed_pd_date));
  }
  std::map<std::pair<std::string, std::string>, Collect> by_pair;
  for (const ReaderComparison& r : out.readers) {
    Collect& c = by_pair[{r.reader_a, r.reader_b}];
    for (const ReaderTimepoint& t : r.timepoints)
      if (t.a && t.b) c.tps.emplace_back(*t.a, *t.b);
    c.bor.emplace_back(r.bor_a, r.bor_b);
    c.confirmed.emplace_back(r.confirmed_bor_a, r.confirmed_bor_b);
    c.timings.push_back(r.pd_timing);
  }
  auto add = [&](PairKind kind, std::string a, std::string b, const Collect& c) {
    PairStatistics s;
    s.kind = kind;
    s.source_a = std::move(a);
    s.source_b = std::move(b);
    s.timepoints = agreement_table(c.tps);
    s.bor = agreement_table(c.bor);
    s.confirmed_bor = agreement_table(c.confirmed);
    s.confirmed_bor_discordance =
        clopper_pearson(s.confirmed_bor.n - s.confirmed_bor.agreement.count, s.confirmed_bor.n);
    s.progression = progression_discordance(c.timings);
    out.statistics.push_back(std::move(s));
  };
  for (const auto& [reader, c] : by_reader)
    add(PairKind::RecordedVsRecomputed, reader + " recorded", reader + " recomputed", c);
  std::vector<std::pair<std::string, std::string>> pairs;
  pairs.reserve(by_pair.size());
  for (const auto& [pair, c] : by_pair) pairs.push_back(pair);
  std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
    if (x.first != y.first) return reader_before(x.first, y.first);
    return reader_before(x.second, y.second);
  });
  for (const auto& pair : pairs) add(PairKind::ReaderVsReader, pair.first, pair.second, by_pair[pair]);
  return out;
}

}  // namespace recist
