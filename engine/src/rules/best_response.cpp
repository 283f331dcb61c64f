// Best overall response: R14 (unconfirmed), R15–R16 (confirmed), R17 (per-track values);
// guideline §4.4 and table 3.
#include <algorithm>

#include "recist/assess.hpp"
#include "rules.hpp"

namespace recist {
namespace rules {

std::optional<std::size_t> find_confirmation(std::span<const TimepointResult> window, std::size_t first,
                                             Response level, const Profile& profile, std::string* why) {
  const TimepointResult& start = window[first];
  auto what = [&] { return std::string(to_string(start.overall)) + " on " + start.date.to_string(); };
  int ne_between = 0;
  for (std::size_t j = first + 1; j < window.size(); ++j) {
    const TimepointResult& tp = window[j];
    const Response r = tp.overall;
    const bool as_good = level == Response::CR ? r == Response::CR : (r == Response::CR || r == Response::PR);
    const std::int32_t gap = tp.date.days_after(start.date);
    if (as_good) {
      if (gap >= profile.confirm_min_days) return j;
      continue;  // too early to confirm, but does not break the sequence
    }
    if (r == Response::NE && ++ne_between <= profile.max_ne_between) continue;
    if (!why) return std::nullopt;
    if (r == Response::NE) {
      *why = what() + " not confirmed at " + std::string(to_string(level)) + " level: " +
             std::to_string(ne_between) + " NE time points before a confirmation, more than the " +
             std::to_string(profile.max_ne_between) + " allowed (R15)";
    } else {
      *why = what() + " not confirmed at " + std::string(to_string(level)) + " level: followed by " +
             std::string(to_string(r)) + " on " + tp.date.to_string() + " before a confirmation (R15)";
    }
    return std::nullopt;
  }
  if (!why) return std::nullopt;
  *why = what() + " not confirmed at " + std::string(to_string(level)) + " level: no later " +
         (level == Response::CR ? "CR" : "PR or CR") + " at least " + std::to_string(profile.confirm_min_days) +
         " days after it (R15)";
  return std::nullopt;
}

void add_per_track_values(std::span<const TimepointResult> timepoints, BestResponse* out) {
  std::size_t end = timepoints.size();
  for (std::size_t i = 0; i < timepoints.size(); ++i) {
    const TimepointResult& tp = timepoints[i];
    if (!out->first_response_date && (tp.overall == Response::CR || tp.overall == Response::PR))
      out->first_response_date = tp.date;
    if (tp.overall == Response::PD) {
      out->pd_date = tp.date;
      end = i + 1;
      break;
    }
  }
  for (const TimepointResult& tp : timepoints.first(end)) {
    if (!tp.all_targets_evaluated || !tp.pct_from_baseline) continue;
    if (!out->best_pct_change || *tp.pct_from_baseline < *out->best_pct_change) out->best_pct_change = tp.pct_from_baseline;
  }
  if (out->first_response_date) {
    const Date end_date = out->pd_date ? *out->pd_date : timepoints.back().date;
    out->duration_of_response_days = end_date.days_after(*out->first_response_date);
    out->duration_of_response_censored = !out->pd_date;
    out->reasons.add() << "duration of response " << *out->duration_of_response_days << " days from "
                       << *out->first_response_date
                       << std::string_view(out->pd_date ? " to PD on " : ", censored at the last assessment on ")
                       << end_date << " (R17)";
  }
}

}  // namespace rules

namespace {

/// R14's order: CR > PR > SD > NON-CR/NON-PD; lower is better.
int rank(Response r) {
  switch (r) {
    case Response::CR: return 0;
    case Response::PR: return 1;
    case Response::SD: return 2;
    case Response::NonCrNonPd: return 3;
    default: return 9;
  }
}


/// The best of the stable-disease-like responses (SD, NON-CR/NON-PD, and unconfirmed CR/PR counted
/// as SD) that meet the minimum duration; the fallback of R14/R15 is PD if any, else NE.
Response stable_or_fallback(std::span<const TimepointResult> window, bool cr_pr_as_sd, const Profile& profile,
                            Reasons* reasons, const char* label) {
  std::optional<Response> best;
  bool any_pd = false;
  for (const TimepointResult& tp : window) {
    Response r = tp.overall;
    if (r == Response::PD) any_pd = true;
    if (cr_pr_as_sd && (r == Response::CR || r == Response::PR)) r = Response::SD;
    if (r != Response::SD && r != Response::NonCrNonPd) continue;
    if (tp.day < profile.sd_min_days) {
      reasons->add() << std::string_view(label) << ": " << tp.overall << " on " << tp.date << " (day " << tp.day << ") is before the "
                     << profile.sd_min_days << "-day minimum for " << r << " (R14)";
      continue;
    }
    if (!best || rank(r) < rank(*best)) best = r;
  }
  if (best) return *best;
  return any_pd ? Response::PD : Response::NE;
}

}  // namespace

BestResponse best_response(std::span<const TimepointResult> timepoints, Date start_date, const Profile& profile) {
  (void)start_date;  // days are carried by each time point (date − start_date)
  if (profile.convention == Convention::Admiralonco) return rules::admiralonco_best_response(timepoints, profile);
  BestResponse out;
  // The window: from the first follow-up to the first PD inclusive.
  std::size_t end = timepoints.size();
  for (std::size_t i = 0; i < timepoints.size(); ++i) {
    if (timepoints[i].overall == Response::PD) {
      end = i + 1;
      out.pd_date = timepoints[i].date;
      break;
    }
  }
  const std::span<const TimepointResult> window = timepoints.first(end);
  if (window.empty()) {
    out.reasons.push_back("no follow-up assessment: best overall response NE (R14)");
    return out;
  }
  if (end < timepoints.size())
    out.reasons.add() << "window ends at the first PD on " << *out.pd_date << "; " << (timepoints.size() - end)
                      << " later time point(s) do not count";

  // R14: unconfirmed.
  std::optional<Response> best_response;
  for (const TimepointResult& tp : window) {
    if (tp.overall == Response::CR || tp.overall == Response::PR) {
      if (!best_response || rank(tp.overall) < rank(*best_response)) best_response = tp.overall;
      if (!out.first_response_date) out.first_response_date = tp.date;
    }
  }
  if (best_response) {
    out.bor = *best_response;
    out.reasons.add() << "unconfirmed BOR " << out.bor << ": best time point in the window (R14)";
  } else {
    out.bor = stable_or_fallback(window, false, profile, &out.reasons, "unconfirmed");
    out.reasons.add() << "unconfirmed BOR " << out.bor << " (R14)";
  }

  // R15–R16: confirmed.
  std::vector<std::string> not_confirmed;
  for (Response level : {Response::CR, Response::PR}) {
    for (std::size_t i = 0; i < window.size() && out.confirmed_bor == Response::NE && !out.confirmation_date; ++i) {
      const Response r = window[i].overall;
      const bool candidate = level == Response::CR ? r == Response::CR : (r == Response::CR || r == Response::PR);
      if (!candidate) continue;
      std::string why;
      if (auto j = rules::find_confirmation(window, i, level, profile, &why)) {
        out.confirmed_bor = level;
        out.confirmation_date = window[*j].date;
        out.reasons.add() << "confirmed BOR " << level << ": " << r << " on " << window[i].date << " confirmed by "
                          << window[*j].overall << " on " << window[*j].date << ", "
                          << window[*j].date.days_after(window[i].date) << " days later (R15)";
      } else if (level == Response::PR || r == Response::CR) {
        if (std::find(not_confirmed.begin(), not_confirmed.end(), why) == not_confirmed.end())
          not_confirmed.push_back(why);
      }
    }
    if (out.confirmation_date) break;
  }
  if (!out.confirmation_date) {
    for (const std::string& why : not_confirmed) out.reasons.push_back(why);
    out.confirmed_bor = stable_or_fallback(window, true, profile, &out.reasons, "confirmed");
    out.reasons.add() << "confirmed BOR " << out.confirmed_bor
                      << std::string_view(not_confirmed.empty()
                                              ? ""
                                              : ": an unconfirmed CR/PR counts as SD when it meets the SD minimum")
                      << " (R15)";
  } else if (out.confirmed_bor == Response::PR) {
    for (std::size_t i = 0; i < window.size(); ++i) {
      if (window[i].overall != Response::CR) continue;
      auto later_pr = std::find_if(window.begin() + i + 1, window.end(),
                                   [](const TimepointResult& t) { return t.overall == Response::PR; });
      if (later_pr == window.end()) continue;
      out.findings.push_back({Severity::Warning, "CR_FOLLOWED_BY_PR", "",
                              "CR on " + window[i].date.to_string() + " followed by PR on " +
                                  later_pr->date.to_string() +
                                  ": confirmed BOR is PR, but by table 3 footnote a a true CR followed by "
                                  "disease is PD; review the first CR (R16)"});
      out.reasons.push_back("R16: CR followed by PR, see the warning");
      break;
    }
  }

  rules::add_per_track_values(timepoints, &out);
  return out;
}

}  // namespace recist
