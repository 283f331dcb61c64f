// iRECIST in `recist compare` (issue 29): each recorded i-response is matched with the recomputed
// time point of the same date (else of the same visit label: iRECIST records may keep a schedule
// of their own) and compared; a disagreement gets an iRECIST category when iRECIST's own rule
// decides it (the 4-8 week window, further growth, the reset, the new-lesion sum), else the
// RECIST 1.1 category that compare_recorded() gives the same code read as RECIST 1.1 (iUPD and
// iCPD as PD). The recorded iBOR is derived from the recorded time points (Seymour 2017, table 3).
#include "recist/irecist_compare.hpp"

#include <algorithm>
#include <map>

#include "compare_support.hpp"
#include "irecist_rules.hpp"
#include "recist/assess.hpp"
#include "recist/irecist.hpp"

namespace recist {

using namespace compare_support;

namespace {

std::string icode(IResponse r) {
  return std::string(to_string(r));
}

bool is_progression(IResponse r) {
  return r == IResponse::iUPD || r == IResponse::iCPD;
}

bool mentions(const Reasons& r, std::string_view text) {
  return r.joined_text().find(text) != std::string_view::npos;
}

/// The sentences of `r` that mention any of `texts`, joined by "; ".
std::string sentences_with(const Reasons& r, std::initializer_list<std::string_view> texts) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i)
    for (std::string_view t : texts)
      if (r[i].find(t) != std::string_view::npos) {
        out.emplace_back(r[i]);
        break;
      }
  return join(out, "; ");
}

/// Why the recorded `recorded` differs from the recomputed time point `k` of `computed`.
std::pair<Discrepancy, std::string> explain(const Track& track, const TrackResult& recist,
                                            const IrecistResult& computed, std::size_t k, IResponse recorded,
                                            const Profile& profile) {
  const IrecistTimepoint& tp = computed.timepoints[k];
  const IResponse c = tp.overall;
  const std::string head = "recorded " + icode(recorded) + ", recomputed " + icode(c) + ": ";
  const bool open_before = k > 0 && (computed.timepoints[k - 1].overall == IResponse::iUPD ||
                                     (tp.iupd_reference && *tp.iupd_reference != tp.date));
  if (is_progression(recorded) && is_progression(c)) {
    // iUPD against iCPD: confirmed or not (Seymour 2017, table 2).
    const bool early_before = k > 0 && mentions(computed.timepoints[k - 1].reasons, "disregarded for confirmation");
    if (mentions(tp.reasons, "icpd-min-days") || mentions(tp.reasons, "icpd-max-days") ||
        mentions(tp.reasons, "disregarded for confirmation") || early_before)
      return {Discrepancy::IcpdWindow, head + "the confirmation window (icpd-min-days " +
                                           std::to_string(profile.icpd_min_days) + " to " +
                                           std::to_string(profile.icpd_max_days) +
                                           " days; a scan sooner than that is disregarded, iRECIST FAQ): " +
                                           sentences_with(tp.reasons, {"days", "disregarded"}) +
                                           (early_before ? "; the scan before was disregarded for confirmation" : "")};
    // What grew or did not: the new-lesion targets' sum alone is iRECIST's own sum (table 1).
    std::vector<std::string> growth;
    for (std::size_t i = 0; i < tp.reasons.size(); ++i) {
      const std::string_view sentence = tp.reasons[i];
      for (std::string_view t : {"mm more", "increase", "not there at the iUPD", "now PD", "grows"})
        if (sentence.find(t) != std::string_view::npos) {
          growth.emplace_back(sentence);
          break;
        }
    }
    if (!growth.empty() && std::all_of(growth.begin(), growth.end(), [](const std::string& g) {
          return g.find("new-lesion target sum") != std::string::npos;
        }))
      return {Discrepancy::NewLesionSum, head + join(growth, "; ")};
    return {Discrepancy::IcpdGrowth, head +
                                         "whether progression grew further since the iUPD (Seymour 2017, table 2): " +
                                         (growth.empty() ? tp.reasons.joined("; ") : join(growth, "; "))};
  }
  if (is_progression(recorded) != is_progression(c) && open_before)
    return {Discrepancy::IupdReset,
            head + "whether the open iUPD is reset (Seymour 2017; iRECIST FAQ scenarios B and F): " +
                sentences_with(tp.reasons, {"reset", "remains iUPD", "iUPD"})};
  if (is_progression(recorded) != is_progression(c) && mentions(tp.reasons, "PD from its nadir"))
    return {Discrepancy::NewLesionSum, head + sentences_with(tp.reasons, {"new-lesion target sum"})};
  // Otherwise a RECIST 1.1 matter: the components iRECIST takes from RECIST 1.1 (table 2).
  const std::vector<RecordedTimepoint> as_recorded = {
      RecordedTimepoint{tp.date, tp.visit, rules::as_recist(recorded), std::nullopt}};
  const TrackComparison r = compare_recorded(track, recist, as_recorded, nullptr, profile);
  if (!r.comparisons.empty() && !r.comparisons.front().agree())
    return {r.comparisons.front().category, head + "read as RECIST 1.1 (" + code(rules::as_recist(recorded)) +
                                                " against " +
                                                code(r.comparisons.front().computed.value_or(Response::NE)) +
                                                "): " + r.comparisons.front().explanation};
  return {Discrepancy::Other, head + tp.reasons.joined("; ")};
}

IResponse level_of(const IrecistBest& b, CompareLevel level) {
  return level == CompareLevel::Bor ? b.ibor : b.confirmed_ibor;
}

}  // namespace

bool IrecistTrackComparison::agree() const {
  return std::all_of(comparisons.begin(), comparisons.end(), [](const IrecistComparison& c) { return c.agree(); });
}

std::size_t IrecistCompareResult::disagreements() const {
  std::size_t n = 0;
  for (const IrecistTrackComparison& t : tracks)
    n += std::count_if(t.comparisons.begin(), t.comparisons.end(),
                       [](const IrecistComparison& c) { return !c.agree(); });
  return n;
}

std::vector<RecordedTimepoint> recorded_iresponses(const Track& track, const RecordedTrack* recorded) {
  std::vector<RecordedTimepoint> out;
  if (recorded)
    for (const RecordedTimepoint& r : recorded->timepoints)
      if (r.iresponse) out.push_back(r);
  if (!out.empty()) return out;
  out = track.recorded_i;
  for (std::size_t k = 1; k < track.assessments.size(); ++k) {
    const Assessment& a = track.assessments[k];
    if (a.reported_i) out.push_back(RecordedTimepoint{a.date, a.visit, std::nullopt, a.reported_i});
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return out;
}

IrecistTrackComparison compare_irecist_track(const Track& track, const TrackResult& recist,
                                             const IrecistResult& computed, std::span<const RecordedTimepoint> recorded,
                                             const Profile& profile) {
  IrecistTrackComparison out;
  out.subject = track.subject;
  out.reader = track.reader;
  if (!recist.start_date || !recist.baseline) return out;
  const Date start = *recist.start_date;
  std::vector<IrecistTimepoint> recorded_tps;
  std::vector<std::string> differing;
  for (const RecordedTimepoint& r : recorded) {
    if (!r.iresponse) continue;
    IrecistComparison c;
    c.date = r.date;
    c.visit = r.visit;
    c.day = r.date.days_after(start);
    c.recorded = *r.iresponse;
    IrecistTimepoint& rt = recorded_tps.emplace_back();
    rt.date = r.date;
    rt.day = *c.day;
    rt.overall = c.recorded;
    auto same_date = std::find_if(computed.timepoints.begin(), computed.timepoints.end(),
                                  [&](const IrecistTimepoint& tp) { return tp.date == r.date; });
    auto found = same_date;
    if (found == computed.timepoints.end() && !r.visit.empty() &&
        std::count_if(computed.timepoints.begin(), computed.timepoints.end(),
                      [&](const IrecistTimepoint& tp) { return tp.visit == r.visit; }) == 1)
      found = std::find_if(computed.timepoints.begin(), computed.timepoints.end(),
                           [&](const IrecistTimepoint& tp) { return tp.visit == r.visit; });
    if (found == computed.timepoints.end()) {
      c.category = Discrepancy::Other;
      c.explanation = "no measured assessment on " + r.date.to_string() +
                      (r.visit.empty() ? std::string() : " or at visit " + r.visit) +
                      ": nothing to recompute this recorded " + icode(c.recorded) + " from";
    } else {
      c.computed = found->overall;
      c.computed_date = found->date;
      if (c.visit.empty()) c.visit = found->visit;
      if (*c.computed != c.recorded) {
        std::tie(c.category, c.explanation) =
            explain(track, recist, computed, static_cast<std::size_t>(found - computed.timepoints.begin()), c.recorded,
                    profile);
        if (found != same_date)
          c.explanation = "matched by visit " + r.visit + " (recorded " + r.date.to_string() + ", measured " +
                          found->date.to_string() + "); " + c.explanation;
      }
    }
    if (!c.agree()) differing.push_back(r.date.to_string());
    out.comparisons.push_back(std::move(c));
  }
  if (recorded_tps.empty()) return out;
  const IrecistBest derived = irecist_best_response(recorded_tps, profile);
  for (CompareLevel level : {CompareLevel::Bor, CompareLevel::ConfirmedBor}) {
    IrecistComparison c;
    c.level = level;
    c.recorded = level_of(derived, level);
    c.computed = level_of(computed.best, level);
    if (c.recorded != *c.computed) {
      const std::string what = level == CompareLevel::Bor ? "iBOR" : "confirmed iBOR";
      if (!differing.empty()) {
        c.category = Discrepancy::FollowsTimepoints;
        c.explanation = "the recorded " + what + " " + icode(c.recorded) +
                        " follows by Seymour 2017 table 3 from the recorded time points, which differ from the "
                        "recomputed ones on " +
                        join(differing);
      } else {
        c.category = level == CompareLevel::ConfirmedBor ? Discrepancy::Confirmation : Discrepancy::Other;
        c.explanation = "recorded " + what + " " + icode(c.recorded) + ", recomputed " + icode(*c.computed) +
                        " from time points the recorded ones agree with (" + std::to_string(recorded_tps.size()) +
                        " recorded, " + std::to_string(computed.timepoints.size()) +
                        " measured): " + computed.best.reasons.joined("; ");
      }
    }
    out.comparisons.push_back(std::move(c));
  }
  return out;
}

IrecistCompareResult compare_irecist(std::span<const Track> tracks, std::span<const RecordedTrack> recorded,
                                     const Profile& profile) {
  IrecistCompareResult out;
  std::map<std::string, const RecordedTrack*> recorded_by_key;
  for (const RecordedTrack& r : recorded) recorded_by_key[r.subject + '\x1f' + r.reader] = &r;
  for (const Track& t : tracks) {
    auto rec = recorded_by_key.find(t.subject + '\x1f' + t.reader);
    const std::vector<RecordedTimepoint> list =
        recorded_iresponses(t, rec == recorded_by_key.end() ? nullptr : rec->second);
    if (list.empty()) continue;
    const TrackResult recist = assess(t, profile);
    const IrecistResult computed = assess_irecist(t, recist, profile);
    out.tracks.push_back(compare_irecist_track(t, recist, computed, list, profile));
  }
  using Pairs = std::vector<std::pair<IResponse, IResponse>>;
  struct Collect {
    Pairs tps, ibor, confirmed;
  };
  std::map<std::string, Collect, bool (*)(const std::string&, const std::string&)> by_reader(reader_before);
  for (const IrecistTrackComparison& t : out.tracks) {
    Collect& c = by_reader[t.reader];
    for (const IrecistComparison& ic : t.comparisons) {
      if (!ic.computed) continue;
      Pairs& into = ic.level == CompareLevel::Timepoint ? c.tps : ic.level == CompareLevel::Bor ? c.ibor : c.confirmed;
      into.emplace_back(ic.recorded, *ic.computed);
    }
  }
  for (const auto& [reader, c] : by_reader)
    out.statistics.push_back(IrecistStatistics{reader + " recorded", reader + " recomputed", agreement_table(c.tps),
                                               agreement_table(c.ibor), agreement_table(c.confirmed)});
  return out;
}

}  // namespace recist
