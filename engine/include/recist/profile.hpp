#pragma once
// The assessment profile: the protocol's parameters, with the defaults of SPEC §3 and §5.
// A plain options struct (leveldb-style); the CLI fills it from `--profile FILE.ini` and flags.

#include <cstdint>
#include <string>
#include <vector>

#include "recist/millimetres.hpp"

namespace recist {

/// Which criteria the results carry (issue 19): RECIST 1.1 alone, or iRECIST (Seymour et al.,
/// Lancet Oncol 2017) as well, over the same observations.
enum class Criteria { Recist, Irecist, Both };

/// Whose conventions derive the best overall responses (R14–R17): our SPEC, or admiralonco's
/// `derive_param_bor` and `derive_param_confirmed_bor` (README "admiralonco convention").
enum class Convention { Recist, Admiralonco };

/// admiralonco's `source_pd`: the best responses count the time points up to the first PD, or
/// all of them (`source_pd = NULL`).
enum class SourcePd { FirstPd, None };

/// Every protocol-dependent parameter of the rules.
struct Profile {
  /// R15: a CR or PR is confirmed by a later one at least this many days after it.
  std::int32_t confirm_min_days = 28;
  /// R14: SD and NON-CR/NON-PD count only at an assessment at least this many days after
  /// `start_date`.
  std::int32_t sd_min_days = 42;
  /// R15: at most this many NE time points may stand between a response and its confirmation.
  std::int32_t max_ne_between = 1;
  /// R7: the diameter given to a target that is present but too small to measure.
  Millimetres too_small_mm = Millimetres::from_mm(5);
  /// R3: sites whose lesions may not be targets (upper case), e.g. "BRAIN" for NCT07289048.
  std::vector<std::string> exclude_target_sites;
  /// R9a: once a PR is confirmed, a later time point that would only be SD stays PR.
  bool keep_confirmed_pr = true;
  /// R18: whether the protocol's primary response needs confirmation (picks the primary ORR).
  bool require_confirmation = true;
  /// Issue 30: the protocol's screening window: a baseline more than this many days before
  /// `start_date` is a warning, and so is a track without `start_date` (0: not checked).
  /// NCT07289048: 28.
  std::int32_t baseline_window_days = 0;
  /// Issue 30: the protocol's days between assessments; a gap of more than twice this is a
  /// warning (0: no schedule). NCT07289048: 42 (every 6 weeks).
  std::int32_t assessment_interval_days = 0;
  /// Issue 19: `criteria` (default RECIST 1.1 only).
  Criteria criteria = Criteria::Recist;
  /// iRECIST: an iUPD is confirmed (iCPD) by an assessment this many days after it at the
  /// earliest (Seymour 2017: 4 weeks) …
  std::int32_t icpd_min_days = 28;
  /// … and at the latest (8 weeks); a later one leaves the iUPD unconfirmed.
  std::int32_t icpd_max_days = 56;
  /// `convention` (default our SPEC). The three parameters below are admiralonco's arguments,
  /// used under `Convention::Admiralonco` only.
  Convention convention = Convention::Recist;
  /// admiralonco `accept_sd`: one SD may stand between a PR and its confirmation.
  bool accept_sd = false;
  /// admiralonco `missing_as_ne`: a track without assessment has best response NE, not MISSING.
  bool missing_as_ne = false;
  /// admiralonco `source_pd`.
  SourcePd source_pd = SourcePd::FirstPd;
  /// `impute-partial-dates = admiral` (issue 28): SDTM dates without a day are the last day of
  /// the month, flagged (ADTF = D); by default partial dates are errors (SPEC 4.3).
  bool impute_partial_dates = false;
};

}  // namespace recist
