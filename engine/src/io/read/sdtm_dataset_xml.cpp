// SDTM datasets written as CDISC Dataset-XML 1.0 (FORMATS.md §3): an ODM document whose
// ClinicalData (or ReferenceData) holds one ItemGroupData per record and one ItemData
// (ItemOID, Value) per non-null value. pugixml does not resolve namespaces, so elements and
// attributes are matched on their local names, whatever prefix the file uses.
#include <algorithm>
#include <cstring>
#include <pugixml.hpp>
#include <unordered_map>
#include <vector>

#include "reader_support.hpp"
#include "recist/io/read/sdtm.hpp"

namespace recist::io {
namespace {

std::string_view local_name(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon ? colon + 1 : name;
}

/// The attribute of `node` with local name `name` (any prefix), or an empty attribute.
pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_attribute a : node.attributes())
    if (local_name(a.name()) == name) return a;
  return {};
}

/// The part of an OID after its last '.', upper case: IT.TR.TRTESTCD → TRTESTCD, IG.TR → TR.
std::string oid_suffix(std::string_view oid) {
  const std::size_t dot = oid.rfind('.');
  return upper(trim(dot == std::string_view::npos ? oid : oid.substr(dot + 1)));
}

/// The 1-based line of a byte offset.
std::int64_t line_of(std::string_view text, std::ptrdiff_t offset) {
  const std::size_t end = std::min(text.size(), static_cast<std::size_t>(std::max<std::ptrdiff_t>(offset, 0)));
  return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
}

}  // namespace

bool read_sdtm_dataset_xml(std::string_view text, SdtmTable* table, Dataset* out, const ReadOptions& options) {
  ErrorSink errors(table->file, options, out);
  table->format = "Dataset-XML";
  if (const std::size_t nul = find_xml_nul(text); nul != std::string_view::npos) {
    errors.fatal(line_of(text, static_cast<std::ptrdiff_t>(nul)), "",
                 "not well-formed XML: a NUL character, which XML 1.0 does not allow");
    return false;
  }
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    errors.fatal(line_of(text, parsed.offset), "", std::string("not well-formed XML: ") + parsed.description());
    return false;
  }
  const pugi::xml_node root = doc.document_element();
  if (local_name(root.name()) != "ODM") {
    errors.fatal(line_of(text, root.offset_debug()), "",
                 "root element <" + std::string(root.name()) + ">: a CDISC Dataset-XML <ODM> document was expected");
    return false;
  }
  std::unordered_map<std::string, std::size_t> column;
  std::int64_t ordinal = 0;
  std::vector<std::string> values;  // of the current record, by variable
  std::vector<bool> seen;
  for (pugi::xml_node data : root.children()) {
    const std::string_view kind = local_name(data.name());
    if (kind != "ClinicalData" && kind != "ReferenceData") continue;
    for (pugi::xml_node group : data.children()) {
      if (local_name(group.name()) != "ItemGroupData") continue;
      ++ordinal;
      SdtmTable::Record r;
      // The record number is the file's own ItemGroupDataSeq when it gives one (a positive
      // number: errors name lines and records from 1).
      r.number = attribute(group, "ItemGroupDataSeq").as_llong(ordinal);
      if (r.number < 1) r.number = ordinal;
      const std::string dataset = oid_suffix(attribute(group, "ItemGroupOID").as_string());
      if (table->dataset.empty()) {
        table->dataset = dataset;
      } else if (dataset != table->dataset) {
        errors.fatal(r.number, "ItemGroupOID",
                     "dataset \"" + dataset + "\" after \"" + table->dataset + "\": one dataset per file was expected");
        return false;
      }
      for (pugi::xml_node item : group.children()) {
        if (local_name(item.name()) != "ItemData") continue;
        const pugi::xml_attribute oid = attribute(item, "ItemOID");
        const std::string name = oid_suffix(oid.as_string());
        if (name.empty()) {
          r.malformed = true;
          errors.add(
              r.number, "ItemOID",
              "an <ItemData> without an ItemOID (line " + std::to_string(line_of(text, item.offset_debug())) + ")", "");
          continue;
        }
        auto [it, added] = column.try_emplace(name, table->variables.size());
        if (added) table->variables.push_back(name);
        if (values.size() <= it->second) {
          values.resize(it->second + 1);
          seen.resize(it->second + 1);
        }
        if (seen[it->second]) {
          r.malformed = true;
          errors.add(r.number, name, "variable " + name + " appears twice in one record", "");
          continue;
        }
        seen[it->second] = true;
        values[it->second] = std::string(trim(attribute(item, "Value").as_string()));
      }
      r.assign(values);
      values.assign(values.size(), std::string());
      seen.assign(seen.size(), false);
      table->records.push_back(std::move(r));
      if (errors.stopped()) return false;
    }
  }
  return true;
}

}  // namespace recist::io
