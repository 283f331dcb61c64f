// The dates of a track against what the file and the protocol say of them (issue 30): a follow-up
// dated before the visit the file calls baseline (a wrong year turns the true baseline into a
// follow-up, silently, since the earliest assessment is the baseline: SPEC §1), a baseline outside
// the protocol's screening window, a missing start date, and gaps in the schedule.
#include <cctype>

#include "rules.hpp"

namespace recist::rules {
namespace {

/// A visit label that names the baseline: BASELINE or SCREENING (any case), alone or first
/// ("SCREENING 1", "Baseline visit").
bool names_baseline(std::string_view visit) {
  auto starts = [&](std::string_view word) {
    if (visit.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
      if (std::toupper(static_cast<unsigned char>(visit[i])) != word[i]) return false;
    return visit.size() == word.size() || !std::isalnum(static_cast<unsigned char>(visit[word.size()]));
  };
  return starts("BASELINE") || starts("SCREENING");
}

std::string visit_text(const Assessment& a) {
  return a.visit.empty() ? a.date.to_string() : a.date.to_string() + " (visit " + a.visit + ")";
}

}  // namespace

void check_schedule(const Track& track, const Profile& profile, std::vector<Finding>* findings) {
  if (track.assessments.empty()) return;
  const Assessment& first = track.assessments.front();
  if (!names_baseline(first.visit)) {
    for (std::size_t k = 1; k < track.assessments.size(); ++k) {
      const Assessment& named = track.assessments[k];
      if (!names_baseline(named.visit)) continue;
      findings->push_back({Severity::Error, "BASELINE_NOT_FIRST", "",
                           "the assessment of " + visit_text(first) + " is dated before " + named.date.to_string() +
                               ", the visit the file calls baseline (" + named.visit +
                               "); the earliest assessment is the baseline "
                               "(SPEC §1), so " +
                               named.date.to_string() + " is assessed as a follow-up: check the date (a wrong year?)"});
      break;
    }
  }
  if (profile.baseline_window_days > 0) {
    if (!track.start_date) {
      findings->push_back({Severity::Warning, "NO_START_DATE", "",
                           "no start_date: days are counted from the baseline " + first.date.to_string() +
                               " (SPEC §1), not from the first dose (profile baseline-window-days is set, so the "
                               "protocol's dates are expected)"});
    } else {
      const std::int32_t before = track.start_date->days_after(first.date);
      if (before > profile.baseline_window_days)
        findings->push_back({Severity::Warning, "BASELINE_OUTSIDE_WINDOW", "",
                             "the baseline " + first.date.to_string() + " is " + std::to_string(before) +
                                 " days before the start date " + track.start_date->to_string() +
                                 ", more than the protocol's " + std::to_string(profile.baseline_window_days) +
                                 " (profile baseline-window-days)"});
      else if (before < 0)
        findings->push_back({Severity::Warning, "BASELINE_AFTER_START", "",
                             "the baseline " + first.date.to_string() + " is " + std::to_string(-before) +
                                 " days after the start date " + track.start_date->to_string() +
                                 ": a baseline is assessed before treatment starts"});
    }
  }
  if (profile.assessment_interval_days > 0) {
    for (std::size_t k = 1; k < track.assessments.size(); ++k) {
      const Date from = track.assessments[k - 1].date, to = track.assessments[k].date;
      const std::int32_t gap = to.days_after(from);
      if (gap > 2 * profile.assessment_interval_days)
        findings->push_back({Severity::Warning, "ASSESSMENT_GAP", "",
                             "no assessment for " + std::to_string(gap) + " days between " + from.to_string() +
                                 " and " + to.to_string() + ", more than twice the schedule's " +
                                 std::to_string(profile.assessment_interval_days) +
                                 " days (profile assessment-interval-days)"});
    }
  }
}

}  // namespace recist::rules
