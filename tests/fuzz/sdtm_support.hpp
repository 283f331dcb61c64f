#pragma once
// The SDTM targets fuzz one physical reader each; map_sdtm() then builds tracks from the fuzzed
// table and, for the domains the input does not give, the hand-written example tables of
// data/sdtm/recist-demo, so the mapping (SPEC 4.3) is fuzzed too.

#include <optional>
#include <string>
#include <string_view>

#include "recist/io/read/sdtm.hpp"

namespace recist::fuzz {

/// The tables of data/sdtm/recist-demo (TU, TR, RS, DM), read once.
const io::SdtmTables& demo_tables();

/// The slot of `tables` for the domain a file states ("TU", "TR" …, any case); TR for another.
std::optional<io::SdtmTable>& slot_of(io::SdtmTables& tables, std::string_view dataset);

/// Maps `tables` (TU and TR present) and checks what comes out like a reader's Dataset, with
/// the physical readers' errors in `read` before the mapping's.
void map_and_check(const io::SdtmTables& tables, io::Dataset read, const io::ReadOptions& options);

}  // namespace recist::fuzz
