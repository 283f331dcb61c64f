// iRECIST best overall response, iBOR (Seymour 2017, table 3): the best time point from the first
// follow-up up to the first iCPD; an iUPD later followed by iSD, iPR or iCR does not block the
// better response. iCR and iPR are confirmed as RECIST 1.1 R15 (find_confirmation), an iUPD
// between them breaking the confirmation as a PD does.
#include <algorithm>

#include "irecist_rules.hpp"
#include "recist/irecist.hpp"
#include "rules.hpp"

namespace recist {
namespace {

/// Table 3 without a (confirmed) iCR/iPR: the best of iSD and NON-iCR/NON-iUPD at ≥ sd_min_days
/// (R14), an unconfirmed iCR/iPR counting as iSD when `cr_pr_as_sd`; else iCPD if any (examples 6
/// and 7), else iUPD if any (example 8), else iNE.
IResponse stable_or_progression(std::span<const IrecistTimepoint> window, bool cr_pr_as_sd, const Profile& profile) {
  std::optional<IResponse> best;
  bool any_icpd = false, any_iupd = false;
  for (const IrecistTimepoint& tp : window) {
    IResponse r = tp.overall;
    any_icpd |= r == IResponse::iCPD;
    any_iupd |= r == IResponse::iUPD;
    if (cr_pr_as_sd && (r == IResponse::iCR || r == IResponse::iPR)) r = IResponse::iSD;
    if ((r != IResponse::iSD && r != IResponse::NonICrNonIUpd) || tp.day < profile.sd_min_days) continue;
    if (!best || r < *best) best = r;
  }
  if (best) return *best;
  return any_icpd ? IResponse::iCPD : any_iupd ? IResponse::iUPD : IResponse::iNE;
}

}  // namespace

IrecistBest irecist_best_response(std::span<const IrecistTimepoint> timepoints, const Profile& profile) {
  IrecistBest out;
  std::size_t end = timepoints.size();
  for (std::size_t i = 0; i < timepoints.size(); ++i) {
    if (timepoints[i].overall == IResponse::iUPD && !out.first_iupd_date) out.first_iupd_date = timepoints[i].date;
    if (timepoints[i].overall == IResponse::iCPD) {
      end = i + 1;
      out.icpd_date = timepoints[i].date;
      break;
    }
  }
  const auto window = timepoints.first(end);
  if (window.empty()) {
    out.reasons.push_back("no follow-up assessment: iBOR iNE (Seymour 2017, table 3)");
    return out;
  }
  if (end < timepoints.size())
    out.reasons.add() << "window ends at the iCPD on " << *out.icpd_date << "; " << (timepoints.size() - end)
                      << " later time point(s) do not count";

  // Unconfirmed: the best iCR/iPR anywhere in the window, whatever iUPD came before (table 3,
  // examples 2-4).
  for (const IrecistTimepoint& tp : window) {
    if (tp.overall != IResponse::iCR && tp.overall != IResponse::iPR) continue;
    if (!out.first_response_date) {
      out.first_response_date = tp.date;
      out.ibor = tp.overall;
    }
    out.ibor = std::min(out.ibor, tp.overall);
  }
  if (!out.first_response_date) out.ibor = stable_or_progression(window, false, profile);
  out.reasons.add() << "unconfirmed iBOR " << to_string(out.ibor) << " (Seymour 2017, table 3)";

  // Confirmed: R15 over the same window read as RECIST 1.1 codes.
  std::vector<TimepointResult> as_r(window.size());
  for (std::size_t i = 0; i < window.size(); ++i) {
    as_r[i].date = window[i].date;
    as_r[i].day = window[i].day;
    as_r[i].overall = rules::as_recist(window[i].overall);
  }
  for (Response level : {Response::CR, Response::PR}) {
    for (std::size_t i = 0; i < as_r.size() && !out.confirmation_date; ++i) {
      const Response r = as_r[i].overall;
      if (!(r == Response::CR || (level == Response::PR && r == Response::PR))) continue;
      if (auto j = rules::find_confirmation(as_r, i, level, profile, nullptr)) {
        out.confirmed_ibor = level == Response::CR ? IResponse::iCR : IResponse::iPR;
        out.confirmation_date = as_r[*j].date;
        out.reasons.add() << "confirmed iBOR " << to_string(out.confirmed_ibor) << ": " << to_string(window[i].overall)
                          << " on " << window[i].date << " confirmed by " << to_string(window[*j].overall) << " on "
                          << window[*j].date << ", " << window[*j].date.days_after(window[i].date)
                          << " days later (R15)";
      }
    }
  }
  if (!out.confirmation_date) {
    out.confirmed_ibor = stable_or_progression(window, true, profile);
    out.reasons.add() << "confirmed iBOR " << to_string(out.confirmed_ibor)
                      << std::string_view(out.first_response_date
                                              ? ": no iCR/iPR confirmed (R15: a later one at least confirm-min-days "
                                                "after, no iSD, iUPD or second NE between); it counts as iSD at "
                                                "the SD minimum"
                                              : "")
                      << " (Seymour 2017, table 3)";
  }
  return out;
}

namespace rules {

Response as_recist(IResponse r) {
  switch (r) {
    case IResponse::iCR:
      return Response::CR;
    case IResponse::iPR:
      return Response::PR;
    case IResponse::iSD:
      return Response::SD;
    case IResponse::NonICrNonIUpd:
      return Response::NonCrNonPd;
    case IResponse::iUPD:
    case IResponse::iCPD:
      return Response::PD;
    default:
      return Response::NE;
  }
}

}  // namespace rules

}  // namespace recist
