#pragma once
// A problem in an input file, located so that a user can find and fix it (SPEC 5.1 ERROR).

#include <cstdint>
#include <string>
#include <vector>

namespace recist::io {

/// One input problem: the file, the line (or record number for XPT/XML; 0 for the whole file),
/// the column or variable (empty when not one column), and what was found and expected.
struct InputError {
  std::string file;
  std::int64_t line = 0;
  std::string column;
  std::string message;
  std::string subject;  ///< The subject whose track the error belongs to, when known.
};

/// "FILE:LINE: column COLUMN: MESSAGE", the one-line form for standard error.
std::string to_string(const InputError& e);

/// Reading options shared by all readers.
struct ReadOptions {
  /// Stop at the first error (SPEC §5 `--strict`).
  bool strict = false;
  /// Report at most this many errors per file; the last one says how many more were found.
  std::size_t max_errors = 100;
  /// `convention = admiralonco`: recorded responses (SPEC 4.2) may also be ND or MISSING.
  bool admiralonco_codes = false;
  /// `impute-partial-dates = admiral`: an SDTM date without its day ("2014-02") is the last day of
  /// its month, flagged, as admiral's derive_vars_dt(highest_imputation = "D", date_imputation =
  /// "last") in admiralonco's ADRS template; otherwise partial dates are errors (SPEC 4.3).
  bool impute_partial_dates = false;
  /// `--criteria irecist|both` (issue 29): the native `reported` and recorded `response` columns
  /// also take iRECIST codes, and SDTM RS records of RSCAT iRECIST are read; else all as before.
  bool irecist_codes = false;
};

}  // namespace recist::io
