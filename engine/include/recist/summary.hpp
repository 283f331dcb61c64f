#pragma once
// The trial summary of R18: per reader, counts of each best response, ORR and DCR with exact
// Clopper–Pearson intervals. Built incrementally so a batch can stream tracks through it.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "recist/profile.hpp"
#include "recist/result.hpp"

namespace recist {

/// k of n with an exact two-sided Clopper–Pearson interval.
struct Proportion {
  int count = 0;
  int n = 0;
  double rate = 0;     ///< count / n (0 when n is 0).
  double ci_low = 0;   ///< Lower bound; 0 when count is 0.
  double ci_high = 0;  ///< Upper bound; 1 when count is n.
};

/// Exact Clopper–Pearson interval for k successes out of n at the given confidence level.
Proportion clopper_pearson(int k, int n, double confidence = 0.95);

/// Counts of best responses, indexed by Response (CR, PR, SD, NON-CR/NON-PD, PD, NE).
using ResponseCounts = std::array<int, 6>;

/// Summary of one best-response kind (confirmed or unconfirmed) for one reader.
struct ResponseSummary {
  ResponseCounts counts{};
  Proportion orr;  ///< (CR + PR) / N.
  Proportion dcr;  ///< (CR + PR + SD + NON-CR/NON-PD) / N.
};

/// Counts of iBOR, indexed by IResponse (iCR … iNE), and iORR, iDCR (issue 19).
struct IResponseSummary {
  std::array<int, 7> counts{};
  Proportion orr;  ///< (iCR + iPR) / N.
  Proportion dcr;  ///< (iCR + iPR + iSD + NON-iCR/NON-iUPD) / N.
};

/// One reader's summary.
struct ReaderSummary {
  std::string reader;
  int tracks = 0;  ///< Tracks with a baseline, eligible or not.
  int n = 0;       ///< Tracks with a baseline that pass R5: the denominator of ORR and DCR.
  std::vector<std::string> failing_eligibility;  ///< Subjects failing R5, listed apart.
  ResponseSummary confirmed;
  ResponseSummary unconfirmed;
  /// iRECIST, when the profile's criteria ask for it (same N).
  std::optional<IResponseSummary> i_confirmed;
  std::optional<IResponseSummary> i_unconfirmed;
};

/// The whole trial, readers in alphabetical order.
struct TrialSummary {
  bool primary_is_confirmed = true;  ///< From Profile::require_confirmation.
  std::vector<ReaderSummary> readers;
};

/// Accumulates track results one at a time.
class SummaryBuilder {
 public:
  explicit SummaryBuilder(const Profile& profile)
      : require_confirmation_(profile.require_confirmation), irecist_(profile.criteria != Criteria::Recist) {}
  void add(const TrackResult& track);
  TrialSummary finish() const;

 private:
  struct Tally {
    int tracks = 0;
    std::vector<std::string> failing;
    ResponseCounts confirmed{};
    ResponseCounts unconfirmed{};
    std::array<int, 7> i_confirmed{};
    std::array<int, 7> i_unconfirmed{};
  };
  bool require_confirmation_;
  bool irecist_;
  std::map<std::string, Tally> by_reader_;
};

}  // namespace recist
