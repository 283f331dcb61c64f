#pragma once
// Independent confirmation: responses recomputed from the measurements against the
// responses a reader recorded, and reader against reader. Every disagreement carries a category
// and an explanation built from the engine's values and reasons. Rules only, no I/O; each function
// works on its arguments alone and is thread-safe.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recist/agreement.hpp"
#include "recist/profile.hpp"
#include "recist/result.hpp"
#include "recist/track.hpp"

namespace recist {

/// Why a recorded response differs from the recomputed one.
enum class Discrepancy {
  None,               ///< They agree.
  Arithmetic,         ///< The recorded response does not follow from the recorded diameters (R6, R9).
  WrongReference,     ///< PD judged from the baseline instead of the nadir, or PR from the nadir (R8, R9).
  AbsoluteIncrease,   ///< +20% from the nadir called PD without the 5 mm absolute increase (R9).
  NodalCr,            ///< A node ≥ 10 mm called CR, or nodes < 10 mm kept from CR (R9, R11).
  NonTarget,          ///< The non-target call (R11, table 1).
  NewLesion,          ///< A new lesion missed, an equivocal one treated as PD, or backdating (R12).
  NotEvaluable,       ///< NE handling (R9, R11, R13).
  Reappearance,       ///< A lesion back after a CR judged by the sum alone, or a node merely present called PD (R10).
  Confirmation,       ///< Best response: the confirmation or the minimum-duration rule (R14, R15).
  FollowsTimepoints,  ///< Best response: follows from recorded time points that differ.
  Other,              ///< None of the above explains it.
  IcpdWindow,         ///< iRECIST: the 4-8 week window of iCPD confirmation (Seymour 2017, table 2; FAQ).
  IcpdGrowth,         ///< iRECIST: whether progression grew further since the iUPD (table 2).
  IupdReset,          ///< iRECIST: whether an iUPD is reset by iSD/iPR/iCR (FAQ scenarios B and F).
  NewLesionSum,       ///< iRECIST: the new-lesion targets' own sum (table 1, table 2).
};
/// "NONE", "ARITHMETIC", "WRONG_REFERENCE", "ABSOLUTE_5MM", "NODAL_CR", "NON_TARGET", "NEW_LESION",
/// "NE_HANDLING", "REAPPEARANCE", "CONFIRMATION", "FOLLOWS_TIMEPOINTS", "OTHER", and iRECIST's
/// "ICPD_WINDOW", "ICPD_GROWTH", "IUPD_RESET", "NEW_LESION_SUM".
std::string_view to_string(Discrepancy d);

/// Which response a comparison is about.
enum class CompareLevel { Timepoint, Bor, ConfirmedBor };
/// "timepoint", "bor", "confirmed_bor".
std::string_view to_string(CompareLevel l);

/// A reader's recorded best overall responses (unconfirmed and confirmed; either may be missing).
struct RecordedBest {
  std::string subject;
  std::string reader = "INVESTIGATOR";
  std::optional<Response> bor;
  std::optional<Response> confirmed_bor;
};

/// One recorded response against the recomputed one.
struct RecordedComparison {
  CompareLevel level = CompareLevel::Timepoint;
  std::optional<Date> date;  ///< The time point's date (time points only).
  std::string visit;
  std::optional<std::int32_t> day;
  Response recorded = Response::NE;
  std::optional<Response> computed;  ///< Null when the measurements have no assessment that day.
  Discrepancy category = Discrepancy::None;
  std::string explanation;  ///< Empty when they agree.

  bool agree() const { return category == Discrepancy::None; }
};

/// Recorded against recomputed for one track.
struct TrackComparison {
  std::string subject;
  std::string reader;
  /// Whether the recorded best responses were given (RecordedBest); otherwise they are derived by
  /// R14–R15 from the recorded time-point responses.
  bool best_recorded = false;
  std::optional<Date> recorded_pd_date;  ///< First recorded PD.
  std::optional<Date> computed_pd_date;
  std::vector<RecordedComparison> comparisons;  ///< Time points by date, then BOR, confirmed BOR.

  bool agree() const;
};

/// The time-point responses a reader recorded for a measured track: from Assessment::reported,
/// or, when given, from a recorded track of the same subject and reader.
std::vector<RecordedTimepoint> recorded_timepoints(const Track& track, const RecordedTrack* recorded);

/// Compares the recorded responses of a measured track with the recomputed `computed`
/// (= assess(track, profile)). `best` are the recorded best responses when given.
TrackComparison compare_recorded(const Track& track, const TrackResult& computed,
                                 std::span<const RecordedTimepoint> recorded, const RecordedBest* best,
                                 const Profile& profile);

/// One time point of two readers, matched by visit label or by date.
struct ReaderTimepoint {
  std::optional<Date> date_a, date_b;
  std::string visit;
  std::optional<Response> a, b;  ///< Null where the reader has no time point.
  std::string explanation;       ///< Where they differ: the components that differ.

  bool agree() const { return a && b && *a == *b; }
};

/// Reader against reader for one subject.
struct ReaderComparison {
  std::string subject;
  std::string reader_a, reader_b;
  bool matched_by_visit = false;  ///< Else by date.
  std::vector<ReaderTimepoint> timepoints;
  Response bor_a = Response::NE, bor_b = Response::NE;
  Response confirmed_bor_a = Response::NE, confirmed_bor_b = Response::NE;
  std::optional<Date> pd_date_a, pd_date_b;
  PdTiming pd_timing = PdTiming::Neither;

  bool agree() const;
};

/// Compares two tracks of one subject. Time points are matched by visit label when every time
/// point of both tracks has one, else by date.
ReaderComparison compare_readers(const TrackResult& a, const TrackResult& b);

/// What kind of sources a PairStatistics compares.
enum class PairKind { RecordedVsRecomputed, ReaderVsReader };

/// The statistics of one pair of sources (A, B) over all subjects.
struct PairStatistics {
  PairKind kind = PairKind::ReaderVsReader;
  std::string source_a, source_b;  ///< "INVESTIGATOR recorded" / "INVESTIGATOR recomputed", or readers.
  AgreementTable timepoints;
  AgreementTable bor;
  AgreementTable confirmed_bor;
  Proportion confirmed_bor_discordance;  ///< Subjects whose confirmed BOR differs.
  ProgressionDiscordance progression;    ///< A against B.
};

/// The whole comparison.
struct CompareResult {
  std::vector<TrackComparison> recorded;
  std::vector<ReaderComparison> readers;
  std::vector<PairStatistics> statistics;

  /// Recorded responses that differ plus reader time points, best responses and PD dates that differ.
  std::size_t disagreements() const;
};

/// Everything: recomputes each measured track, compares it with what its reader recorded (from the
/// tracks, `recorded` tracks of the same subject and reader, and `best`), and compares the readers
/// of each subject (measured tracks by their recomputed responses, recorded-only tracks by their
/// recorded ones). Reader pairs put INVESTIGATOR first, then readers in alphabetical order.
CompareResult compare(std::span<const Track> tracks, std::span<const RecordedTrack> recorded,
                      std::span<const RecordedBest> best, const Profile& profile);

}  // namespace recist
