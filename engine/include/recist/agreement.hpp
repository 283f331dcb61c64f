#pragma once
// Agreement statistics between two sources of responses: the confusion matrix over the
// response codes, overall agreement with its exact interval, Cohen's kappa with its large-sample
// interval, and the progression-date discordance rates of blinded independent central review
// (BICR) audits. Pure functions over counts; thread-safe.

#include <array>
#include <optional>
#include <span>
#include <utility>

#include "recist/iresponse.hpp"
#include "recist/response.hpp"
#include "recist/summary.hpp"

namespace recist {

/// The codes a confusion matrix is laid out over, in this order.
inline constexpr std::array<Response, 6> kAgreementCodes = {Response::CR,         Response::PR, Response::SD,
                                                            Response::NonCrNonPd, Response::PD, Response::NE};

/// Counts of (source A, source B) pairs: counts[i][j] is A = kAgreementCodes[i], B = kAgreementCodes[j].
using ConfusionMatrix = std::array<std::array<int, kAgreementCodes.size()>, kAgreementCodes.size()>;

/// Cohen's kappa with its 95% interval. `value` is null when kappa is undefined: no pairs, or the
/// expected agreement is 1 (both sources used one and the same code for every pair).
struct Kappa {
  std::optional<double> value;
  double se = 0;       ///< Fleiss–Cohen–Everitt (1969) large-sample standard error (non-null variance).
  double ci_low = 0;   ///< value − 1.96·se, clipped to [−1, 1].
  double ci_high = 0;  ///< value + 1.96·se, clipped to [−1, 1].
};

/// Kappa of a confusion matrix. With p_ij = n_ij/n, row and column margins p_i., p_.j,
/// p_o = Σ p_ii, p_e = Σ p_i.·p_.i and κ = (p_o − p_e)/(1 − p_e):
/// var(κ) = [Σ_i p_ii (1 − (p_i. + p_.i)(1 − κ))² + (1 − κ)² Σ_{i≠j} p_ij (p_.i + p_j.)²
///           − (κ − p_e(1 − κ))²] / (n (1 − p_e)²).
Kappa cohen_kappa(const ConfusionMatrix& counts);

/// The agreement of two sources over a set of paired responses.
struct AgreementTable {
  ConfusionMatrix counts{};
  int n = 0;
  Proportion agreement;  ///< Pairs on the diagonal, with the exact Clopper–Pearson 95% interval.
  Kappa kappa;
};

/// Builds the table of paired responses (A, B). A pair with a code outside kAgreementCodes is
/// ignored.
AgreementTable agreement_table(std::span<const std::pair<Response, Response>> pairs);

/// iRECIST's codes (Seymour 2017, table 2) for its confusion matrix, in this order.
inline constexpr std::array<IResponse, 7> kIAgreementCodes = {
    IResponse::iCR,  IResponse::iPR,  IResponse::iSD, IResponse::NonICrNonIUpd,
    IResponse::iUPD, IResponse::iCPD, IResponse::iNE};
/// Counts of (A, B) pairs of iRECIST codes: counts[i][j] is A = kIAgreementCodes[i], B = kIAgreementCodes[j].
using IConfusionMatrix = std::array<std::array<int, kIAgreementCodes.size()>, kIAgreementCodes.size()>;

/// Kappa of an iRECIST confusion matrix, by the formula above.
Kappa cohen_kappa(const IConfusionMatrix& counts);

/// The agreement of two sources over paired iRECIST responses.
struct IAgreementTable {
  IConfusionMatrix counts{};
  int n = 0;
  Proportion agreement;  ///< Pairs on the diagonal, with the exact Clopper–Pearson 95% interval.
  Kappa kappa;
};

/// Builds the table of paired iRECIST responses (A, B).
IAgreementTable agreement_table(std::span<const std::pair<IResponse, IResponse>> pairs);

/// How the dates of first progression of two sources A and B of one subject compare.
enum class PdTiming { Same, AEarlier, ALater, AOnly, BOnly, Neither };
/// "SAME", "A_EARLIER", "A_LATER", "A_ONLY", "B_ONLY", "NEITHER".
std::string_view to_string(PdTiming t);

/// The progression discordance of A against B over subjects (Amit et al., Eur J Cancer
/// 2011;47:1772–8), with a = Same, b = AEarlier, c = ALater, d = AOnly, e = BOnly:
/// early discrepancy rate EDR = (b + d)/(a + b + c + d), A's PD calls that come earlier than B's or
/// without PD by B, among all of A's PD calls; late discrepancy rate LDR = (c + e)/(b + c + d + e),
/// A's PD later than B's or missing, among all discordant subjects. Each with its exact interval.
struct ProgressionDiscordance {
  std::array<int, 6> counts{};  ///< By PdTiming.
  Proportion edr;
  Proportion ldr;
};

ProgressionDiscordance progression_discordance(std::span<const PdTiming> timings);

}  // namespace recist
