#pragma once
// Writers of the computed responses as CDISC datasets (SPEC 4.3): SDTM RS and ADaM-style ADRS, and
// the CDISC conventions they share with the SDTM reader's mapping.

#include <cstdint>
#include <memory>
#include <string_view>

#include "recist/io/write/writers.hpp"

namespace recist::io {

/// The CDISC evaluator (EVAL codelist) of a track's reader: INVESTIGATOR, ADJUDICATION COMMITTEE
/// or INDEPENDENT ASSESSOR, the role of any other named reader.
std::string_view evaluator_role(std::string_view reader);

/// CDISC study day (--DY, ADY) of a date `days` after the reference date: no day 0.
std::int32_t cdisc_study_day(std::int32_t days);

/// SDTM RS rows of the computed responses (SPEC 4.3), CSV: TRGRESP, NTRGRESP, NEWLIND, NEWLPROG
/// and OVRLRESP per time point and BESTRESP per track, RSEVAL the reader's role and RSEVALID
/// "RECIST ENGINE".
std::unique_ptr<ResultWriter> make_sdtm_rs_writer();

/// ADaM-style ADRS, CSV: PARAMCD OVR per time point, BOR and CBOR per track, with AVALC, AVAL,
/// ADT, ADY (CDISC study day) and DAY (SPEC day, date − start_date).
std::unique_ptr<ResultWriter> make_adrs_writer();

}  // namespace recist::io
