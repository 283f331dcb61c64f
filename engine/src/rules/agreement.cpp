// Agreement statistics of two sources of responses: confusion matrix, overall agreement
// (exact Clopper–Pearson interval), Cohen's kappa (Fleiss, Cohen & Everitt, Psychol Bull
// 1969;72:323–7, large-sample variance), and the BICR progression discordance rates (Amit et al.,
// Eur J Cancer 2011;47:1772–8).
#include "recist/agreement.hpp"

#include <algorithm>
#include <cmath>

namespace recist {
namespace {

constexpr double kZ975 = 1.959963984540054;  // the 97.5% quantile of the standard normal

/// Kappa of a square matrix of counts of any size (the formula of agreement.hpp).
template <std::size_t kCodes>
Kappa kappa_of(const std::array<std::array<int, kCodes>, kCodes>& counts) {
  Kappa k;
  double n = 0;
  for (const auto& row : counts)
    for (int c : row) n += c;
  if (n == 0) return k;
  std::array<double, kCodes> row{}, col{};
  double po = 0;
  for (std::size_t i = 0; i < kCodes; ++i) {
    for (std::size_t j = 0; j < kCodes; ++j) {
      const double p = counts[i][j] / n;
      row[i] += p;
      col[j] += p;
      if (i == j) po += p;
    }
  }
  double pe = 0;
  for (std::size_t i = 0; i < kCodes; ++i) pe += row[i] * col[i];
  // p_e = 1 only when both sources used a single, common code: kappa is 0/0, undefined.
  if (pe >= 1 - 1e-12) return k;
  const double kappa = (po - pe) / (1 - pe);
  double a = 0, b = 0;
  for (std::size_t i = 0; i < kCodes; ++i) {
    for (std::size_t j = 0; j < kCodes; ++j) {
      const double p = counts[i][j] / n;
      if (i == j) {
        const double t = 1 - (row[i] + col[i]) * (1 - kappa);
        a += p * t * t;
      } else {
        const double t = col[i] + row[j];
        b += p * t * t;
      }
    }
  }
  b *= (1 - kappa) * (1 - kappa);
  const double c = (kappa - pe * (1 - kappa)) * (kappa - pe * (1 - kappa));
  const double var = std::max(0.0, (a + b - c) / (n * (1 - pe) * (1 - pe)));
  k.value = kappa;
  k.se = std::sqrt(var);
  k.ci_low = std::clamp(kappa - kZ975 * k.se, -1.0, 1.0);
  k.ci_high = std::clamp(kappa + kZ975 * k.se, -1.0, 1.0);
  return k;
}

/// The table of paired codes, the codes laid out as `codes`.
template <class Table, class Code, std::size_t kCodes>
Table table_of(std::span<const std::pair<Code, Code>> pairs, const std::array<Code, kCodes>& codes) {
  auto index_of = [&](Code r) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < kCodes; ++i)
      if (codes[i] == r) return i;
    return std::nullopt;
  };
  Table t;
  int diagonal = 0;
  for (const auto& [a, b] : pairs) {
    const auto i = index_of(a), j = index_of(b);
    if (!i || !j) continue;
    ++t.counts[*i][*j];
    ++t.n;
    diagonal += *i == *j;
  }
  t.agreement = clopper_pearson(diagonal, t.n);
  t.kappa = kappa_of(t.counts);
  return t;
}

}  // namespace

Kappa cohen_kappa(const ConfusionMatrix& counts) {
  return kappa_of(counts);
}

Kappa cohen_kappa(const IConfusionMatrix& counts) {
  return kappa_of(counts);
}

AgreementTable agreement_table(std::span<const std::pair<Response, Response>> pairs) {
  return table_of<AgreementTable>(pairs, kAgreementCodes);
}

IAgreementTable agreement_table(std::span<const std::pair<IResponse, IResponse>> pairs) {
  return table_of<IAgreementTable>(pairs, kIAgreementCodes);
}

std::string_view to_string(PdTiming t) {
  switch (t) {
    case PdTiming::Same:
      return "SAME";
    case PdTiming::AEarlier:
      return "A_EARLIER";
    case PdTiming::ALater:
      return "A_LATER";
    case PdTiming::AOnly:
      return "A_ONLY";
    case PdTiming::BOnly:
      return "B_ONLY";
    case PdTiming::Neither:
      break;
  }
  return "NEITHER";
}

ProgressionDiscordance progression_discordance(std::span<const PdTiming> timings) {
  ProgressionDiscordance out;
  for (PdTiming t : timings) ++out.counts[static_cast<std::size_t>(t)];
  const auto& c = out.counts;
  const int same = c[0], earlier = c[1], later = c[2], a_only = c[3], b_only = c[4];
  out.edr = clopper_pearson(earlier + a_only, same + earlier + later + a_only);
  out.ldr = clopper_pearson(later + b_only, earlier + later + a_only + b_only);
  return out;
}

}  // namespace recist
