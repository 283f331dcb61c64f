#pragma once
// CDISC SDTM input (SPEC 4.3; the mapping table is schemas/sdtm-mapping.md).
//
// Reading is two steps. A physical reader turns one domain file (CSV, SAS XPORT v5 or CDISC
// Dataset-XML 1.0) into an SdtmTable: the variable names and, per record, the values as text with
// the record's line (CSV) or record number (XPT, XML). map_sdtm() then builds the tracks from the
// TU, TR, RS (and optional DM, SUPPTU) tables whatever their format, so the three formats give the
// same tracks. Errors name the file, the line or record, the variable, what was found and what was
// expected; a track with bad data is left out and the others are read (unless --strict).
//
// The writers of SDTM RS and ADRS are in recist/io/write/sdtm_writers.hpp.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recist/io/dataset.hpp"
#include "recist/io/input_error.hpp"

namespace recist::io {

/// The domains read: tumour identification, tumour results, disease response, demographics and
/// the supplemental qualifiers of TU.
enum class SdtmDomain { TU, TR, RS, DM, SUPPTU };

/// "TU", "TR", "RS", "DM", "SUPPTU".
std::string_view to_string(SdtmDomain d);

/// One domain file as read: upper-case variable names and text values (empty for null).
struct SdtmTable {
  /// One record (observation); `number` is its line (CSV) or record number (XPT, XML). The values
  /// are packed in one string (a few allocations per record, not one per value).
  struct Record {
    std::int64_t number = 0;
    bool malformed = false;  ///< The physical reader reported it (e.g. a wrong field count).
    /// The value of variable `i`; "" when null or beyond the values given.
    std::string_view value(std::size_t i) const {
      if (i >= ends.size()) return {};
      const std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
      return std::string_view(text).substr(begin, ends[i] - begin);
    }
    /// Appends the value of the next variable.
    void push(std::string_view v) {
      text.append(v);
      ends.push_back(static_cast<std::uint32_t>(text.size()));
    }
    /// Sets all the values at once, in variable order.
    void assign(const std::vector<std::string>& values) {
      text.clear();
      ends.clear();
      for (const std::string& v : values) push(v);
    }
    std::string text;                 ///< The values, one after the other.
    std::vector<std::uint32_t> ends;  ///< Where each value ends in `text`.
  };
  std::string file;     ///< Names the file in errors.
  std::string format;   ///< "CSV", "SAS XPORT" or "Dataset-XML", for messages.
  std::string dataset;  ///< The dataset name the file states (XPT member, ItemGroupOID), or "".
  std::vector<std::string> variables;
  std::vector<Record> records;

  /// The index of a variable, or -1.
  int find(std::string_view name) const;
};

/// Reads an SDTM dataset written as CSV (a header of variable names). Errors go to `out`; false
/// when the file cannot be read as a whole (out->fatal is then set).
bool read_sdtm_csv(std::string_view text, SdtmTable* table, Dataset* out, const ReadOptions& options);

/// Reads an SDTM dataset written as SAS XPORT (v5 or v8, one member) with ReadStat. False (fatal)
/// when unreadable, when the file holds more than one member, or when built without ReadStat.
bool read_sdtm_xpt(const std::string& path, SdtmTable* table, Dataset* out, const ReadOptions& options);

/// Reads an SDTM dataset written as CDISC Dataset-XML 1.0 (one ItemGroupOID per file); a
/// variable's name is the part of its ItemOID after the last '.' (IT.TR.TRTESTCD → TRTESTCD).
bool read_sdtm_dataset_xml(std::string_view text, SdtmTable* table, Dataset* out, const ReadOptions& options);

/// The domain tables of one SDTM input; TU and TR are required, the others optional.
struct SdtmTables {
  std::optional<SdtmTable> tu, tr, rs, dm, supptu;
};

/// Builds the tracks of SPEC §1 from SDTM tables (SPEC 4.3): one per (USUBJID, evaluator), in the
/// order they first appear in TU; assessments grouped by VISITNUM and dated by the earliest scan
/// of the visit; RS OVRLRESP as the reported responses; DM RFXSTDTC as the start date. Errors are
/// appended to `out`.
void map_sdtm(const SdtmTables& tables, const ReadOptions& options, Dataset* out);

/// Reads a folder holding tu, tr (rs, dm, supptu) files named DOMAIN.csv, DOMAIN.xpt or DOMAIN.xml
/// (any case), each domain in one of the three formats.
Dataset read_sdtm_directory(const std::string& dir, const ReadOptions& options);

/// When `text` (the start of a file) is an SDTM dataset rather than a native file, a description
/// such as "an SDTM dataset in SAS XPORT format"; else "".
std::string describe_sdtm_file(std::string_view text);

/// The fatal error for one SDTM dataset given alone: a track needs TU and TR, so the folder that
/// holds them is the input.
Dataset sdtm_single_file(const std::string& file, std::string_view text);

}  // namespace recist::io
