// An SDTM input is a folder: tu, tr (rs, dm, supptu) files named DOMAIN.csv, DOMAIN.xpt or
// DOMAIN.xml in any case. Each file is read by its physical reader, then map_sdtm() builds the
// tracks. Other files in the folder (define.xml, a README) are not read.
#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>

#include "reader_support.hpp"
#include "recist/io/files.hpp"
#include "recist/io/read/sdtm.hpp"

namespace recist::io {
namespace {

namespace fs = std::filesystem;

constexpr std::array<SdtmDomain, 5> kDomains = {SdtmDomain::TU, SdtmDomain::TR, SdtmDomain::RS, SdtmDomain::DM,
                                                SdtmDomain::SUPPTU};

std::optional<SdtmTable>& slot(SdtmTables& tables, SdtmDomain d) {
  switch (d) {
    case SdtmDomain::TU:
      return tables.tu;
    case SdtmDomain::TR:
      return tables.tr;
    case SdtmDomain::RS:
      return tables.rs;
    case SdtmDomain::DM:
      return tables.dm;
    case SdtmDomain::SUPPTU:
      break;
  }
  return tables.supptu;
}

/// Reads one domain file by its extension (csv, xpt, xml). False when unreadable.
bool read_table(const fs::path& path, const std::string& extension, SdtmTable* table, Dataset* out,
                const ReadOptions& options) {
  if (extension == "xpt") return read_sdtm_xpt(path.string(), table, out, options);
  std::string text, err;
  if (!read_file(path.string(), &text, &err)) {
    ErrorSink(table->file, options, out).fatal(0, "", err);
    return false;
  }
  return extension == "csv" ? read_sdtm_csv(text, table, out, options)
                            : read_sdtm_dataset_xml(text, table, out, options);
}

}  // namespace

Dataset read_sdtm_directory(const std::string& dir, const ReadOptions& options) {
  Dataset out;
  ErrorSink errors(dir, options, &out);
  SdtmTables tables;
  std::array<std::string, kDomains.size()> found;  // the file chosen for each domain
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  if (ec) {
    errors.fatal(0, "", "cannot list the folder: " + ec.message());
    return out;
  }
  std::sort(entries.begin(), entries.end());
  for (const fs::path& path : entries) {
    const std::string stem = upper(path.stem().string());
    const std::string extension = lower(path.extension().string());
    if (extension != ".csv" && extension != ".xpt" && extension != ".xml") continue;
    for (std::size_t i = 0; i < kDomains.size(); ++i) {
      if (stem != to_string(kDomains[i])) continue;
      if (!found[i].empty()) {
        errors.fatal(0, "",
                     "two " + stem + " datasets, " + found[i] + " and " + path.filename().string() +
                         ": one file per domain was expected");
        return out;
      }
      found[i] = path.filename().string();
    }
  }
  if (found[0].empty() || found[1].empty()) {
    std::string have;
    for (const std::string& f : found)
      if (!f.empty()) have += (have.empty() ? "" : ", ") + f;
    errors.fatal(0, "",
                 "an SDTM folder needs tu and tr datasets (tu.csv, tu.xpt or tu.xml; likewise tr; rs, dm "
                 "and supptu are optional); found " +
                     (have.empty() ? std::string("none") : have));
    return out;
  }
  bool readable = true;
  for (std::size_t i = 0; i < kDomains.size(); ++i) {
    if (found[i].empty()) continue;
    const fs::path path = fs::path(dir) / found[i];
    SdtmTable table;
    table.file = path.string();
    if (read_table(path, lower(path.extension().string()).substr(1), &table, &out, options))
      slot(tables, kDomains[i]) = std::move(table);
    else
      readable = false;
    if (options.strict && !out.errors.empty()) return out;
  }
  if (readable) map_sdtm(tables, options, &out);
  return out;
}

std::string describe_sdtm_file(std::string_view text) {
  if (text.substr(0, 20) == "HEADER RECORD*******") return "an SDTM dataset in SAS XPORT format";
  const std::string_view head = text.substr(0, 2048);
  if (head.find("<ODM") != std::string_view::npos || head.find(":ODM") != std::string_view::npos)
    return "a CDISC Dataset-XML (ODM) dataset";
  const std::string first_line = upper(head.substr(0, head.find('\n')));
  if (first_line.find("USUBJID") != std::string::npos) return "an SDTM dataset in CSV format";
  return "";
}

Dataset sdtm_single_file(const std::string& file, std::string_view text) {
  Dataset out;
  std::string what = describe_sdtm_file(text);
  out.fatal = true;
  out.errors.push_back({file, 0, "",
                        (what.empty() ? std::string("--input-format sdtm expects a folder") : "this is " + what) +
                            ": SDTM input is a folder holding tu and tr (rs, dm, supptu) datasets as "
                            "DOMAIN.csv, DOMAIN.xpt or DOMAIN.xml; give the folder (recist assess DIR)",
                        ""});
  return out;
}

}  // namespace recist::io
