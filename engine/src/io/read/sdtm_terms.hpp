#pragma once
// The vocabulary of the SDTM input (SPEC 4.3, schemas/sdtm-mapping.md): the controlled terms read,
// the messages that list them, and the text forms of numbers and dates.

#include <optional>
#include <string>
#include <string_view>

#include "recist/date.hpp"
#include "recist/lesion.hpp"
#include "recist/millimetres.hpp"

namespace recist::io {

/// RSEVALID of the RS rows the engine writes; such rows are not read back as recorded responses.
inline constexpr std::string_view kEngineEvaluator = "RECIST ENGINE";

inline constexpr std::string_view kRoleTerms = "expected TARGET, NON-TARGET or NEW";
inline constexpr std::string_view kTuTestTerms =
    "expected TUMIDENT (a lesion), TUSPLIT (a fragment of a split target), or the indicators TIND, NTIND, METIND "
    "(skipped)";
inline constexpr std::string_view kTrTestTerms =
    "expected LDIAM, LPERP, DIAMETER, TUMSTATE, LNSTATE, or the collected sums SUMDIAM, SUMNLNLD, ACNSD, PCBSD, "
    "PCNSD (skipped)";
inline constexpr std::string_view kRsTestTerms = "expected TRGRESP, NTRGRESP, NEWLIND, NEWLPROG, OVRLRESP or BESTRESP";
inline constexpr std::string_view kMethodTerms =
    "expected CT SCAN, CT, MRI, X-RAY, CHEST X-RAY, XRAY, CALIPER, PHYSICAL EXAMINATION or PHOTOGRAPHY";
inline constexpr std::string_view kDiameterTerms =
    "expected a diameter in mm, TOO SMALL TO MEASURE, MERGED or NOT EVALUABLE (or TRSTAT = NOT DONE)";
inline constexpr std::string_view kTumstateTerms =
    "expected PRESENT, ABSENT, UNEQUIVOCAL PROGRESSION (or UNEQUIVOCAL, PD), EQUIVOCAL or NOT EVALUABLE";
inline constexpr std::string_view kLnstateTerms =
    "expected PATHOLOGICAL, NON-PATHOLOGICAL (or NONPATHOLOGICAL), UNEQUIVOCAL PROGRESSION or NOT EVALUABLE";

/// The TR tests read for lesions.
enum class TrTest { LDiam, LPerp, Diameter, TumState, LnState };

/// What one TR record says, before the lesion's role tells what it means.
enum class TrValue { None, Number, TooSmall, Merged, NotDone, Present, Absent, Progression, Equivocal };

/// "a diameter", "TOO SMALL TO MEASURE", … for messages.
std::string_view name_of(TrValue v);

/// The value of a TUMSTATE or LNSTATE result (upper case), or nullopt for an unknown term.
std::optional<TrValue> state_value(TrTest test, const std::string& up);

/// The reader of a track: the evaluator identifier, else the evaluator, else INVESTIGATOR.
std::string reader_of(std::string_view eval, std::string_view evalid);

/// A visit number as canonical text ("3.0" → "3", "3.10" → "3.1"); nullopt unless a number.
std::optional<std::string> canonical_number(std::string_view v);

/// An SDTM --DTC as a date: a full YYYY-MM-DD, optionally followed by a time ("T10:30"). Partial
/// dates are an error (SPEC 4.3: no imputation).
std::optional<Date> parse_dtc(std::string_view v, std::string* why);

/// admiral's imputation of a date without its day (highest_imputation = "D", date_imputation =
/// "last"): "2014-02" → 2014-02-28. Nullopt for any other text (a year alone is not imputed).
std::optional<Date> impute_last_day(std::string_view v);

/// A numeric result printed as text (TRSTRESN) rounded half away from zero to hundredths.
std::optional<Millimetres> round_hundredths(std::string_view v);

/// A --METHOD term (CT SCAN, MRI, X-RAY, CALIPER, …).
std::optional<Method> parse_sdtm_method(std::string_view v);

}  // namespace recist::io
