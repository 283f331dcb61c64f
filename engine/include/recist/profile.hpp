#pragma once
// The assessment profile: the protocol's parameters, with the defaults of SPEC §3 and §5.
// A plain options struct (leveldb-style); the CLI fills it from `--profile FILE.ini` and flags.

#include <cstdint>
#include <string>
#include <vector>

#include "recist/millimetres.hpp"

namespace recist {

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
};

}  // namespace recist
