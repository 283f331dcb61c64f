#pragma once
// What the engine returns for a track: findings beside results, and the reasons of every decision
// (sums, nadir, percentages, the rule that fired) so that a reader or an auditor can follow each
// response by hand. Value types.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recist/date.hpp"
#include "recist/irecist_result.hpp"
#include "recist/millimetres.hpp"
#include "recist/reasons.hpp"
#include "recist/response.hpp"

namespace recist {

enum class Severity { Error, Warning };
std::string_view to_string(Severity s);

/// A rule violation or data problem of a track (R1–R5, R16): a stable code, the lesion it is about
/// (empty for the whole track) and a plain message.
struct Finding {
  Severity severity = Severity::Error;
  std::string code;
  std::string lesion;
  std::string message;
};

/// The baseline of a track.
struct BaselineSummary {
  Date date;
  std::optional<Millimetres> sum;  ///< Null when the track has no target lesion.
  int targets = 0;
  int non_targets = 0;
};

/// One follow-up time point (SPEC 5.1 TP).
struct TimepointResult {
  // Provided, so that a value-initialised time point (emplace_back()) is built from the member
  // initialisers alone rather than zero-filled first: a batch makes millions.
  TimepointResult() noexcept {}
  Date date;
  std::string visit;
  std::int32_t day = 0;  ///< date − start_date.
  bool date_imputed = false;  ///< The date was imputed (ADTF = D, issue 28).
  std::optional<Millimetres> sum;  ///< Sum of the evaluated targets.
  std::optional<std::int64_t> pct_from_baseline;  ///< Tenths of a percent.
  std::optional<Millimetres> nadir;
  std::optional<std::int64_t> pct_from_nadir;  ///< Tenths of a percent.
  /// Component responses; null for a recorded time point (SPEC 4.2), which has only `overall`.
  std::optional<Response> target;
  std::optional<Response> non_target;
  std::optional<NewLesions> new_lesions;
  Response overall = Response::NE;
  std::optional<Response> reported;
  bool all_targets_evaluated = true;
  bool backdated_pd = false;  ///< PD dated here because an equivocal new lesion was confirmed later.
  Reasons reasons;
};

/// Best overall response and the per-track values of R14–R17.
struct BestResponse {
  Response bor = Response::NE;            ///< R14, unconfirmed.
  Response confirmed_bor = Response::NE;  ///< R15–R16.
  /// `convention = admiralonco`: the date of the time point each best response was taken from
  /// (admiralonco's ADT of the BOR and CBOR records); null for MISSING, and under our SPEC.
  std::optional<Date> bor_date;
  std::optional<Date> confirmed_bor_date;
  std::optional<Date> first_response_date;
  std::optional<Date> confirmation_date;
  std::optional<Date> pd_date;
  std::optional<std::int64_t> best_pct_change;  ///< Tenths of a percent.
  std::optional<std::int32_t> duration_of_response_days;
  bool duration_of_response_censored = false;
  Reasons reasons;
  std::vector<Finding> findings;  ///< The R16 warning.
};

/// Everything the engine says about one track.
struct TrackResult {
  std::string subject;
  std::string reader;
  std::optional<Date> start_date;
  std::optional<BaselineSummary> baseline;
  std::vector<Finding> findings;
  std::vector<TimepointResult> timepoints;
  BestResponse best;
  /// R5: the track has at least one valid target lesion.
  bool has_measurable_target = false;
  /// iRECIST beside RECIST 1.1, when the profile's criteria ask for it (issue 19).
  Boxed<IrecistResult> irecist;

  bool has_error_finding() const;
};

}  // namespace recist
