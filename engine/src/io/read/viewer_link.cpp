// Lesions across time points (issue 33): the viewer lesions of all files become tracks. A lesion
// is followed by the reader's lesion map first (an explicit choice), then by Tracking Unique
// Identifier, then by Tracking Identifier plus finding site; an ambiguity is an error naming both
// candidates, never a guess. The role comes from the file, else the map, else TARGET at baseline
// and NEW later (SPEC §1), said in a warning. Which diameter counts follows R2/R6: the short axis
// of a lymph node, the longest diameter (Long Axis, Length or Diameter) of anything else.
#include <algorithm>
#include <map>
#include <set>

#include "io/read/native_terms.hpp"
#include "io/read/reader_support.hpp"
#include "io/read/viewer_rounding.hpp"
#include "io/read/viewer_terms.hpp"
#include "recist/io/read/csv.hpp"
#include "recist/io/read/viewer.hpp"

namespace recist::io {
namespace {

/// A Tracking Identifier that names the viewer's tool ("cornerstoneTools@^4.0.0:Length"), not a
/// lesion: OHIF/dcmjs write one per tool.
bool names_a_tool(const std::string& id) {
  return id.find('@') != std::string::npos && id.find(':') != std::string::npos;
}

using viewer::item_label;

/// "FILE: content item 1.5.1", where a lesion was seen.
std::string where(const ViewerLesion& v) {
  const std::string label = item_label(v.position);
  return label.empty() ? v.file : v.file + ": " + label.substr(0, label.size() - 2);
}

/// One lesion of a track while it is built.
struct Known {
  std::string id;
  std::set<std::string> uids;
  std::string tracking_id;
  std::string site;
  std::string first;  ///< Where it was first seen.
  std::size_t index = 0;
  Date last_date;
};

struct Builder {
  Track track;
  std::vector<Known> known;
  std::set<std::string> ids;
};

/// The diameter that counts (R2, R6), or an error message.
const ViewerLength* counted(const ViewerLesion& v, bool nodal, std::string* why) {
  const auto pick = [&](LengthKind kind) -> const ViewerLength* {
    const ViewerLength* found = nullptr;
    for (const ViewerLength& l : v.lengths)
      if (l.kind == kind) {
        if (found) {
          *why = "two " + std::string(to_string(kind)) + " values, content items " + found->position + " and " +
                 l.position + ": expected one per measurement group";
          return nullptr;
        }
        found = &l;
      }
    return found;
  };
  if (nodal) {  // R2: a lymph node is measured in short axis
    if (const ViewerLength* s = pick(LengthKind::ShortAxis)) return s;
    if (why->empty()) *why = "a lymph node without Short Axis: expected its short axis (R2)";
    return nullptr;
  }
  for (LengthKind k : {LengthKind::LongAxis, LengthKind::Length, LengthKind::Diameter}) {
    if (const ViewerLength* l = pick(k)) return l;
    if (!why->empty()) return nullptr;
  }
  *why =
      "only a Short Axis for a lesion that is not a lymph node: expected its longest diameter (Long Axis, Length "
      "or Diameter; R6)";
  return nullptr;
}

}  // namespace

bool read_lesion_map(std::string_view text, const std::string& file, std::vector<LesionMapEntry>* entries,
                     std::vector<InputError>* errors) {
  CsvReader reader(text);
  CsvRecord record;
  if (!reader.next(&record)) {
    errors->push_back({file, reader.error().empty() ? 1 : reader.error_line(), "",
                       reader.error().empty() ? "empty: expected a header source,lesion[,role][,site]" : reader.error(),
                       ""});
    return false;
  }
  int source = -1, lesion = -1, role = -1, site = -1;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const std::string_view name = viewer::trim(record.fields[i]);
    int* slot = name == "source"   ? &source
                : name == "lesion" ? &lesion
                : name == "role"   ? &role
                : name == "site"   ? &site
                                   : nullptr;
    if (!slot) {
      errors->push_back(
          {file, record.line, std::string(name), "unknown column: expected source, lesion, role or site", ""});
      return false;
    }
    *slot = static_cast<int>(i);
  }
  if (source < 0 || lesion < 0) {
    errors->push_back({file, record.line, source < 0 ? "source" : "lesion",
                       "missing column: the header needs source and lesion", ""});
    return false;
  }
  std::map<std::string, std::int64_t> seen;
  while (reader.next(&record)) {
    const auto field = [&](int i) {
      return i >= 0 && static_cast<std::size_t>(i) < record.fields.size() ? std::string(viewer::trim(record.fields[i]))
                                                                          : std::string();
    };
    if (record.fields.size() == 1 && field(0).empty()) continue;
    LesionMapEntry e;
    e.source = field(source);
    e.lesion = field(lesion);
    e.site = field(site);
    e.line = record.line;
    e.file = file;
    for (char& c : e.site) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (e.source.empty() || e.lesion.empty()) {
      errors->push_back({file, record.line, e.source.empty() ? "source" : "lesion", "empty: expected a value", ""});
      continue;
    }
    if (const std::string r = field(role); !r.empty()) {
      e.role = parse_role(r);
      if (!e.role) {
        errors->push_back({file, record.line, "role", "\"" + r + "\": " + std::string(kRoleExpected), ""});
        continue;
      }
    }
    if (const auto [it, fresh] = seen.emplace(e.source, record.line); !fresh) {
      errors->push_back({file, record.line, "source",
                         "\"" + e.source + "\" is mapped again (first on line " + std::to_string(it->second) +
                             "): expected one lesion per source",
                         ""});
      continue;
    }
    entries->push_back(std::move(e));
  }
  if (!reader.error().empty()) {
    errors->push_back({file, reader.error_line(), "", reader.error(), ""});
    return false;
  }
  return true;
}

ImportResult link_viewer_lesions(const std::vector<ViewerLesion>& input, const std::vector<LesionMapEntry>& map,
                                 const LinkOptions& options) {
  ImportResult out;
  const auto error = [&](const ViewerLesion& v, const std::string& m) {
    out.errors.push_back({v.file, 0, "", item_label(v.position) + m, ""});
  };
  const auto warn = [&](const ViewerLesion& v, const std::string& m) {
    out.warnings.push_back({v.file, 0, "", item_label(v.position) + m, ""});
  };
  std::map<std::string, const LesionMapEntry*> by_source;
  for (const LesionMapEntry& e : map) by_source.emplace(e.source, &e);

  // Subject and date of every lesion; the order: subject as first seen, then date, then input order.
  struct Item {
    const ViewerLesion* v;
    std::string subject;
    Date date;
    std::size_t order;
  };
  std::vector<Item> items;
  std::vector<std::string> subjects;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const ViewerLesion& v = input[i];
    std::string subject = v.patient_id.empty() ? options.subject : v.patient_id;
    std::optional<Date> date = v.study_date ? v.study_date : options.date;
    if (subject.empty()) {
      error(v, "PatientID (0010,0020) / person id is empty: expected the subject; give --subject");
      continue;
    }
    if (!date) {
      error(v, "StudyDate (0008,0020) / study startDate is empty: expected the scan date; give --date YYYY-MM-DD");
      continue;
    }
    if (std::find(subjects.begin(), subjects.end(), subject) == subjects.end()) subjects.push_back(subject);
    items.push_back({&v, subject, *date, i});
  }
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    const auto sa = std::find(subjects.begin(), subjects.end(), a.subject) - subjects.begin();
    const auto sb = std::find(subjects.begin(), subjects.end(), b.subject) - subjects.begin();
    if (sa != sb) return sa < sb;
    if (a.date != b.date) return a.date < b.date;
    // Within a date by Tracking Identifier ("Lesion1" before "Lesion2"), whatever the files' order.
    if (a.v->tracking_id != b.v->tracking_id) return a.v->tracking_id < b.v->tracking_id;
    return a.order < b.order;
  });

  std::map<std::string, Builder> builders;
  for (const Item& item : items) {
    const ViewerLesion& v = *item.v;
    Builder& b = builders[item.subject];
    if (b.track.subject.empty()) {
      b.track.subject = item.subject;
      b.track.reader = options.reader;
    }
    // The native CSV refuses control characters in ids and sites (reader_support.hpp): so does the import.
    bool printable = true;
    for (const auto& [what, text] : {std::pair<const char*, const std::string*>{"the subject", &item.subject},
                                     {"the Tracking Identifier", &v.tracking_id},
                                     {"the Tracking UID", &v.tracking_uid},
                                     {"the finding site", &v.site}})
      if (printable && find_control(*text) != std::string::npos) {
        error(v, std::string(what) + ": " + control_message(*text, find_control(*text)));
        printable = false;
      }
    if (!printable) continue;
    const bool baseline = b.track.assessments.empty() || b.track.assessments.front().date == item.date;
    const LesionMapEntry* mapped = nullptr;
    if (!v.tracking_uid.empty() && by_source.count(v.tracking_uid))
      mapped = by_source[v.tracking_uid];
    else if (!v.tracking_id.empty() && by_source.count(v.tracking_id))
      mapped = by_source[v.tracking_id];
    const std::string site = mapped && !mapped->site.empty() ? mapped->site : v.site;
    const bool lesion_name = !v.tracking_id.empty() && !names_a_tool(v.tracking_id);

    // Which lesion: the map, the Tracking UID, the Tracking Identifier + site.
    Known* lesion = nullptr;
    if (mapped) {
      for (Known& k : b.known)
        if (k.id == mapped->lesion) lesion = &k;
    } else {
      for (Known& k : b.known)
        if (!v.tracking_uid.empty() && k.uids.count(v.tracking_uid)) lesion = &k;
      if (!lesion && lesion_name) {
        std::vector<Known*> candidates;
        for (Known& k : b.known)
          if (k.tracking_id == v.tracking_id && k.site == site && k.last_date != item.date) candidates.push_back(&k);
        if (candidates.size() > 1) {
          error(v, "Tracking Identifier \"" + v.tracking_id + "\" at site " + (site.empty() ? "(none)" : site) +
                       " matches two lesions: " + candidates[0]->id + " (" + candidates[0]->first + ") and " +
                       candidates[1]->id + " (" + candidates[1]->first + "); name it in --lesion-map");
          continue;
        }
        if (candidates.size() == 1) lesion = candidates.front();
      }
    }
    if (lesion && lesion->last_date == item.date && !b.track.assessments.empty() &&
        b.track.assessments.back().date == item.date) {
      error(v, "lesion " + lesion->id + " is measured twice on " + item.date.to_string() + ": here and at " +
                   lesion->first + "; expected one measurement group per lesion and date (split it in --lesion-map)");
      continue;
    }
    // The diameter that counts, before a lesion is made for it: a lesion is never left unobserved.
    std::string why;
    const bool nodal = lesion ? b.track.lesions[lesion->index].nodal : v.nodal || site == "LYMPH NODE";
    const ViewerLength* length = counted(v, nodal, &why);
    if (!length) {
      error(v, (lesion ? "lesion " + lesion->id + ": " : std::string()) + why);
      continue;
    }
    if (!lesion) {
      Known k;
      if (mapped)
        k.id = mapped->lesion;
      else if (lesion_name && !b.ids.count(v.tracking_id))
        k.id = v.tracking_id;
      else if (!v.tracking_uid.empty())
        k.id = v.tracking_uid;
      else
        k.id = v.file + "#" + v.position;
      if (!mapped && names_a_tool(v.tracking_id))
        warn(v, "Tracking Identifier \"" + v.tracking_id + "\" names the viewer's tool, not a lesion: lesion named " +
                    k.id + " (its Tracking UID); name it in --lesion-map");
      if (b.ids.count(k.id)) {
        error(v, "lesion id " + k.id + " is already used by another source: expected a distinct id in --lesion-map");
        continue;
      }
      Lesion l;
      l.id = k.id;
      l.site = site.empty() ? "UNSPECIFIED" : site;
      l.nodal = v.nodal || l.site == "LYMPH NODE";
      if (site.empty())
        warn(v, "no finding site: lesion " + k.id + " has site UNSPECIFIED; give its site in --lesion-map");
      if (mapped && mapped->role)
        l.role = *mapped->role;
      else if (v.role)
        l.role = *v.role;
      else {
        l.role = baseline ? LesionRole::Target : LesionRole::New;
        warn(v, "no lesion role in the file or the lesion map: lesion " + k.id + " taken as " +
                    std::string(to_string(l.role)) + " (SPEC §1); check it, or give its role in --lesion-map");
      }
      if (!baseline && l.role != LesionRole::New)
        warn(v, "lesion " + k.id + " is first seen after baseline but its role is " + std::string(to_string(l.role)) +
                    ": RECIST 1.1 §4.3 fixes roles at baseline; check it");
      k.tracking_id = v.tracking_id;
      k.site = site;
      k.first = where(v);
      k.index = b.track.lesions.size();
      b.track.lesions.push_back(l);
      b.ids.insert(k.id);
      b.known.push_back(std::move(k));
      lesion = &b.known.back();
    } else if (v.role && !mapped && *v.role != b.track.lesions[lesion->index].role) {
      warn(v, "the file says " + std::string(to_string(*v.role)) + " but lesion " + lesion->id + " is " +
                  std::string(to_string(b.track.lesions[lesion->index].role)) + " since baseline (SPEC §1): kept");
    }
    if (!v.tracking_uid.empty()) lesion->uids.insert(v.tracking_uid);
    lesion->last_date = item.date;
    const Lesion& l = b.track.lesions[lesion->index];
    if (b.track.assessments.empty() || b.track.assessments.back().date != item.date) {
      Assessment a;
      a.date = item.date;
      b.track.assessments.push_back(a);
    }
    Observation o;
    o.lesion = static_cast<std::uint32_t>(lesion->index);
    switch (l.role) {
      case LesionRole::Target:
        o.status = LesionStatus::Measured;
        o.diameter = length->mm;
        break;
      case LesionRole::NonTarget:
        o.status = LesionStatus::Present;
        break;  // R11: non-targets are not measured
      case LesionRole::New:
        o.status = LesionStatus::Unequivocal;
        o.diameter = length->mm;
        break;
    }
    b.track.assessments.back().observations.push_back(o);
    out.values.push_back({item.subject, item.date, l.id, &v, length});
  }
  // A map line that names no source is probably a typing mistake.
  for (const LesionMapEntry& e : map) {
    bool used = false;
    for (const ViewerLesion& v : input) used = used || v.tracking_uid == e.source || v.tracking_id == e.source;
    if (!used)
      out.warnings.push_back({e.file, e.line, "source",
                              "\"" + e.source + "\" is no Tracking UID or Tracking Identifier of the files: not used",
                              ""});
  }
  // Each assessment's observations, and the values with them, in the lesions' order.
  std::map<std::string, std::size_t> index_of;
  for (const auto& [subject, b] : builders)
    for (const Known& k : b.known) index_of[subject + '\n' + k.id] = k.index;
  for (auto& [subject, b] : builders)
    for (Assessment& a : b.track.assessments)
      std::stable_sort(a.observations.begin(), a.observations.end(),
                       [](const Observation& x, const Observation& y) { return x.lesion < y.lesion; });
  std::stable_sort(out.values.begin(), out.values.end(), [&](const ImportedValue& x, const ImportedValue& y) {
    if (x.subject != y.subject)
      return std::find(subjects.begin(), subjects.end(), x.subject) <
             std::find(subjects.begin(), subjects.end(), y.subject);
    if (x.date != y.date) return x.date < y.date;
    return index_of[x.subject + '\n' + x.lesion] < index_of[y.subject + '\n' + y.lesion];
  });
  for (const std::string& s : subjects) {
    auto it = builders.find(s);
    if (it == builders.end() || it->second.track.assessments.empty()) continue;
    out.tracks.push_back(std::move(it->second.track));
  }
  // Rounding to hundredths must not decide a bar silently (README "From the viewer").
  for (const Track& t : out.tracks) viewer::check_rounding(t, out.values, &out.warnings);
  return out;
}

}  // namespace recist::io
