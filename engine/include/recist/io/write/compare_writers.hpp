#pragma once
// Writers of `recist compare` (issue 5): a table for people (disagreements first, grouped by
// subject, then the agreement statistics), a CSV of every comparison, and JSON
// (schemas/compare.schema.json).

#include <span>
#include <string>

#include "recist/compare.hpp"
#include "recist/io/input_error.hpp"
#include "recist/io/write/writers.hpp"
#include "recist/irecist_compare.hpp"
#include "recist/profile.hpp"

namespace recist::io {

/// The columns of the compare CSV, one row per comparison.
inline constexpr std::string_view kCompareCsvColumns[] = {"kind",    "subject", "source_a", "source_b",
                                                          "level",   "date",    "visit",    "value_a",
                                                          "value_b", "agree",   "category", "explanation"};

/// Appends the comparison in `format` (table, csv; json for any other) to `out`; `errors` are the
/// inputs' errors.
void write_compare(const CompareResult& result, OutputFormat format, const Profile& profile,
                   std::span<const InputError> errors, std::string* out);

/// The same with the iRECIST part (`irecist`, when not null): a JSON member "irecist", CSV rows of
/// kind "irecist", a table section after the RECIST 1.1 agreement (README, iRECIST).
void write_compare(const CompareResult& result, const IrecistCompareResult* irecist, OutputFormat format,
                   const Profile& profile, std::span<const InputError> errors, std::string* out);

}  // namespace recist::io
