// Best overall responses by admiralonco's conventions (profile `convention = admiralonco`):
// derive_param_bor (unconfirmed) and derive_param_confirmed_bor (confirmed) of pharmaverse/
// admiralonco, R/derive_param_bor.R and R/derive_param_confirmed_bor.R, read beside their
// "Details". Where admiralonco differs from our SPEC (best_response.cpp, R14–R16) the code says
// "differs:" and names the source. The time-point responses themselves (R6–R13) are unchanged.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "recist/assess.hpp"
#include "rules.hpp"

namespace recist::rules {
namespace {

constexpr const char* kBor = "admiralonco derive_param_bor";
constexpr const char* kCbor = "admiralonco derive_param_confirmed_bor";

/// The records a best response is chosen from: admiralonco's `filter_pd` keeps the time points
/// up to the first PD inclusive (`source_pd`, here the first PD time point), or all of them when
/// `source_pd = NULL`; a MISSING row is no assessment at all (admiralonco takes MISSING from ADSL,
/// for a subject without records).
std::vector<const TimepointResult*> source_records(std::span<const TimepointResult> timepoints,
                                                   const Profile& profile, Reasons* reasons) {
  std::vector<const TimepointResult*> out;
  for (const TimepointResult& tp : timepoints) {
    if (tp.overall == Response::Missing) {
      reasons->add() << "MISSING on " << tp.date << ": no assessment, left out (admiralonco)";
      continue;
    }
    out.push_back(&tp);
    // differs: with `source-pd = none` (source_pd = NULL) time points after a PD still count,
    // where the SPEC's window always ends at the first PD (R14).
    if (tp.overall == Response::PD && profile.source_pd == SourcePd::FirstPd) break;
  }
  if (out.size() < timepoints.size() && profile.source_pd == SourcePd::FirstPd && !out.empty() &&
      out.back()->overall == Response::PD)
    reasons->add() << "records end at the first PD on " << out.back()->date << " (admiralonco source_pd)";
  return out;
}

/// Whether a time point is at least `ref_start_window` (our sd-min-days) after the reference date:
/// "ADT >= reference_date + ref_start_window".
bool in_start_window(const TimepointResult& tp, const Profile& profile) { return tp.day >= profile.sd_min_days; }

/// The record chosen: the lowest order, and of those the first by date ("If the best response is
/// not unique, the first one (with respect to ADT) is selected"). `order` gives a record's order
/// and the response it stands for, or nullopt when it has no place in the order.
struct Choice {
  int order = 0;
  Response response = Response::NE;
  const TimepointResult* record = nullptr;
};
template <class Order>
std::optional<Choice> choose(const std::vector<const TimepointResult*>& records, Order&& order) {
  std::optional<Choice> best;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::optional<std::pair<int, Response>> o = order(i);
    if (o && (!best || o->first < best->order)) best = Choice{o->first, o->second, records[i]};
  }
  return best;
}

/// derive_param_bor's order: CR 1, PR 2, SD 3, NON-CR/NON-PD 4, PD 5, NE 6, whatever the date for
/// CR, PR and PD; an SD or NON-CR/NON-PD before ref_start_window is NE ("Details", notes 1–3, as
/// R14). ND has no place (its tmp_order is NA), so it is never the BOR.
std::optional<std::pair<int, Response>> bor_order(const TimepointResult& tp, const Profile& profile) {
  switch (tp.overall) {
    case Response::CR: return std::pair{1, Response::CR};
    case Response::PR: return std::pair{2, Response::PR};
    case Response::SD:
      return in_start_window(tp, profile) ? std::pair{3, Response::SD} : std::pair{6, Response::NE};
    case Response::NonCrNonPd:
      return in_start_window(tp, profile) ? std::pair{4, Response::NonCrNonPd} : std::pair{6, Response::NE};
    case Response::PD: return std::pair{5, Response::PD};
    case Response::NE: return std::pair{6, Response::NE};
    default: return std::nullopt;
  }
}

/// derive_param_confirmed_bor's potential confirmed responses: whether the CR or PR at `first` is
/// confirmed, and by which record; else why not.
///  - CR: a CR at least ref_confirm (confirm-min-days) after it; every record up to that one CR
///    or NE, at most max_nr_ne NE (as R15).
///  - PR: a CR or PR at least ref_confirm after it; every record up to that one CR, PR, SD or NE,
///    at most max_nr_ne NE, at most one SD with accept_sd (else none), and no PR after a CR.
std::optional<std::size_t> confirmation(const std::vector<const TimepointResult*>& records, std::size_t first,
                                        const Profile& profile, std::string* why) {
  const TimepointResult& start = *records[first];
  const bool cr = start.overall == Response::CR;
  auto what = [&] { return std::string(to_string(start.overall)) + " on " + start.date.to_string() + " not confirmed: "; };
  // The "first_cond" of filter_confirmation: the first later record that may confirm it.
  std::optional<std::size_t> by;
  for (std::size_t j = first + 1; j < records.size() && !by; ++j) {
    const Response r = records[j]->overall;
    const bool may_confirm = r == Response::CR || (!cr && r == Response::PR);
    if (may_confirm && records[j]->date.days_after(start.date) >= profile.confirm_min_days) by = j;
  }
  if (!by) {
    *why = what() + "no later " + (cr ? "CR" : "CR or PR") + " at least " + std::to_string(profile.confirm_min_days) +
           " days after it (" + kCbor + ")";
    return std::nullopt;
  }
  // differs: one SD may stand before the confirmation of a PR with accept_sd, where R15 lets none.
  const int max_sd = !cr && profile.accept_sd ? 1 : 0;
  int ne = 0, sd = 0;
  std::optional<Date> cr_seen;
  for (std::size_t j = first + 1; j <= *by; ++j) {
    const TimepointResult& tp = *records[j];
    const Response r = tp.overall;
    const bool allowed = r == Response::CR || r == Response::NE || (!cr && (r == Response::PR || r == Response::SD));
    if (!allowed) {
      *why = what() + "followed by " + std::string(to_string(r)) + " on " + tp.date.to_string() + " (" + kCbor + ")";
      return std::nullopt;
    }
    if (r == Response::NE && ++ne > profile.max_ne_between) {
      *why = what() + std::to_string(ne) + " NE before its confirmation, more than max_nr_ne " +
             std::to_string(profile.max_ne_between) + " (" + kCbor + ")";
      return std::nullopt;
    }
    if (r == Response::SD && ++sd > max_sd) {
      *why = what() + std::to_string(sd) + " SD before its confirmation, more than the " + std::to_string(max_sd) +
             " accept_sd lets stand (" + kCbor + ")";
      return std::nullopt;
    }
    // differs: a PR after a CR breaks the confirmation of a PR ("there is no PR assessment after
    // a CR assessment in the confirmation period"), where R15 takes CR and PR alike.
    if (r == Response::PR && cr_seen) {
      *why = what() + "PR on " + tp.date.to_string() + " after CR on " + cr_seen->to_string() +
             " in its confirmation period (" + kCbor + ")";
      return std::nullopt;
    }
    if (r == Response::CR && !cr_seen) cr_seen = tp.date;
  }
  return by;
}

/// signal_crpr, called by derive_param_confirmed_bor: a warning for a CR followed by a PR.
void warn_cr_followed_by_pr(const std::vector<const TimepointResult*>& records, BestResponse* out) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i]->overall != Response::CR) continue;
    for (std::size_t j = i + 1; j < records.size(); ++j) {
      if (records[j]->overall != Response::PR) continue;
      out->findings.push_back({Severity::Warning, "CR_FOLLOWED_BY_PR", "",
                               "CR on " + records[i]->date.to_string() + " followed by PR on " +
                                   records[j]->date.to_string() +
                                   ": neither is confirmed by the other (admiralonco signal_crpr: "
                                   "\"Dataset contains CR records followed by PR\"); review the CR"});
      return;
    }
  }
}

/// The best response of a track with no record: MISSING, or NE with missing_as_ne.
/// differs: under R14 a track without follow-up is NE.
Response no_record(const Profile& profile) { return profile.missing_as_ne ? Response::NE : Response::Missing; }

}  // namespace

BestResponse admiralonco_best_response(std::span<const TimepointResult> timepoints, const Profile& profile) {
  BestResponse out;
  const std::vector<const TimepointResult*> records = source_records(timepoints, profile, &out.reasons);

  // derive_param_bor.
  if (auto c = choose(records, [&](std::size_t i) { return bor_order(*records[i], profile); })) {
    out.bor = c->response;
    out.bor_date = c->record->date;
    out.reasons.add() << "BOR " << out.bor << " from " << c->record->overall << " on " << c->record->date
                      << ": the first of the best, CR > PR > SD > NON-CR/NON-PD > PD > NE, SD and NON-CR/NON-PD "
                      << "from day " << profile.sd_min_days << " (" << std::string_view(kBor) << ")";
  } else {
    out.bor = no_record(profile);
    out.reasons.add() << "BOR " << out.bor << ": no response record (" << std::string_view(kBor) << ")";
  }

  // derive_param_confirmed_bor: every record's place in its order, the best taken.
  warn_cr_followed_by_pr(records, &out);
  std::vector<std::optional<std::size_t>> confirmed_by(records.size());
  auto cbor_order = [&](std::size_t i) -> std::optional<std::pair<int, Response>> {
    const TimepointResult& tp = *records[i];
    const Response r = tp.overall;
    // differs: only a PR record can be a confirmed PR, so a CR followed by a PR is SD at best,
    // where R15–R16 make it a confirmed PR.
    if (confirmed_by[i]) return std::pair{r == Response::CR ? 1 : 2, r};
    const bool early = !in_start_window(tp, profile);
    switch (r) {
      case Response::CR:
      case Response::PR:
      case Response::SD: return early ? std::pair{6, Response::NE} : std::pair{3, Response::SD};
      case Response::NonCrNonPd: return early ? std::pair{6, Response::NE} : std::pair{4, Response::NonCrNonPd};
      case Response::PD: return std::pair{5, Response::PD};
      case Response::NE: return std::pair{6, Response::NE};
      // differs: ND ("not done") is a best response of its own, after NE; the SPEC has no ND.
      case Response::ND: return std::pair{7, Response::ND};
      default: return std::nullopt;
    }
  };
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i]->overall != Response::CR && records[i]->overall != Response::PR) continue;
    std::string why;
    confirmed_by[i] = confirmation(records, i, profile, &why);
    if (!confirmed_by[i]) out.reasons.push_back(why);
  }
  if (auto c = choose(records, cbor_order)) {
    out.confirmed_bor = c->response;
    out.confirmed_bor_date = c->record->date;
    const std::size_t at = static_cast<std::size_t>(std::find(records.begin(), records.end(), c->record) - records.begin());
    if (confirmed_by[at]) {
      const TimepointResult& by = *records[*confirmed_by[at]];
      out.confirmation_date = by.date;
      out.reasons.add() << "confirmed BOR " << out.confirmed_bor << ": " << c->record->overall << " on "
                        << c->record->date << " confirmed by " << by.overall << " on " << by.date << ", "
                        << by.date.days_after(c->record->date) << " days later (" << std::string_view(kCbor) << ")";
    } else {
      out.reasons.add() << "confirmed BOR " << out.confirmed_bor << " from " << c->record->overall << " on "
                        << c->record->date << " (" << std::string_view(kCbor) << ")";
    }
  } else {
    out.confirmed_bor = no_record(profile);
    out.reasons.add() << "confirmed BOR " << out.confirmed_bor << ": no response record (" << std::string_view(kCbor)
                      << ")";
  }

  // R17, as under the SPEC: over the time points up to the first PD.
  add_per_track_values(timepoints, &out);
  return out;
}

}  // namespace recist::rules
