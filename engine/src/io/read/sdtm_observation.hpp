#pragma once
// What the TR records of one lesion at one visit mean (R7, R11, R12), whatever the file format.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recist/lesion.hpp"
#include "sdtm_terms.hpp"

namespace recist::io {

/// One TR record of a lesion, as read.
struct TrRow {
  std::int64_t record = 0;
  std::uint32_t lesion = 0;
  std::uint32_t index = 0;   ///< Its place in the TR table (to compare duplicates).
  std::int32_t defect = -1;  ///< Why its diameter could not be read (PendingTrack::defects), reported only if read.
  bool fragment = false;
  bool imputed = false;  ///< Its date was imputed (impute-partial-dates = admiral).
  TrTest test = TrTest::LDiam;
  TrValue value = TrValue::Number;
  std::optional<Millimetres> mm;
  std::string visit_key;
  std::optional<Date> date;
};

/// What one lesion shows at one visit: its TR records, by kind.
struct LesionVisit {
  std::uint32_t lesion = 0;
  const TrRow* diameter = nullptr;      ///< LDIAM (LPERP for a node) or DIAMETER.
  const TrRow* off_axis = nullptr;      ///< LDIAM of a node, LPERP of another lesion: not read.
  const TrRow* state = nullptr;         ///< TUMSTATE or LNSTATE.
  std::vector<const TrRow*> fragments;  ///< Diameters of the fragments of a split target.
  const TrRow* generic = nullptr;       ///< DIAMETER: read only when the RECIST axis test is absent.
  bool reported = false;                ///< An error of its records was reported: not observed.
};

/// Why a lesion's records at a visit give no observation: the record and variable at fault.
struct VisitProblem {
  const TrRow* row = nullptr;
  std::string variable;
  std::string message;
};

/// The observation of `lesion` at one visit, or nullopt with `problem` set.
std::optional<Observation> observe_lesion(const Lesion& lesion, const LesionVisit& visit, VisitProblem* problem);

}  // namespace recist::io
