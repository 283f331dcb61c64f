// Native XML reader (schemas/recist-native.xsd). pugixml parses the whole document; each element is
// then checked by hand with the same terms and rules as the native CSV reader (native_terms.hpp),
// so a document and its CSV conversion give the same tracks. Every error names the line of the
// element (from pugixml's offset) and the attribute or element at fault.
#include <algorithm>
#include <pugixml.hpp>
#include <span>
#include <unordered_map>

#include "native_terms.hpp"
#include "reader_support.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/native_xml.hpp"

namespace recist::io {
namespace {

constexpr std::string_view kRootChildren[] = {"track", "recorded"};
constexpr std::string_view kRootAttributes[] = {"version"};
constexpr std::string_view kTrackAttributes[] = {"subject", "reader", "start_date"};
constexpr std::string_view kTrackChildren[] = {"lesion", "assessment"};
constexpr std::string_view kLesionAttributes[] = {"id", "role", "site", "node", "method", "slice_mm", "irradiated"};
constexpr std::string_view kAssessmentAttributes[] = {"date", "visit", "reported"};
constexpr std::string_view kAssessmentChildren[] = {"obs"};
constexpr std::string_view kObsAttributes[] = {"lesion", "status", "diameter_mm"};
constexpr std::string_view kObsChildren[] = {"fragment"};
constexpr std::string_view kFragmentAttributes[] = {"diameter_mm"};
constexpr std::string_view kTimepointChildren[] = {"timepoint"};
constexpr std::string_view kTimepointAttributes[] = {"date", "visit", "response"};
constexpr std::string_view kNone[] = {""};
constexpr std::string_view kBlanks = " \t\r\n";

/// Byte offset → 1-based line number.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') newlines_.push_back(i);
  }
  std::int64_t line(std::ptrdiff_t offset) const {
    if (offset < 0) return 0;
    auto it = std::lower_bound(newlines_.begin(), newlines_.end(), static_cast<std::size_t>(offset));
    return static_cast<std::int64_t>(it - newlines_.begin()) + 1;
  }

 private:
  std::vector<std::size_t> newlines_;
};

/// Reads the elements below the root; one instance per document.
class XmlReader {
 public:
  XmlReader(std::string_view text, ErrorSink& errors) : text_(text), lines_(text), errors_(errors) {}

  std::int64_t line(const pugi::xml_node& n) const { return lines_.line(n.offset_debug()); }

  /// Reports a problem of the track of `subject_`; the track will be left out.
  void bad(const pugi::xml_node& n, std::string column, std::string message) {
    errors_.add(line(n), std::move(column), std::move(message), subject_);
    ok_ = false;
  }

  /// Checks that `n` has only the attributes `known` and only child elements named in `children`
  /// (no text); reports each stranger with the nearest known name.
  void check_shape(const pugi::xml_node& n, std::span<const std::string_view> known,
                   std::span<const std::string_view> children) {
    const std::string element = std::string("<") + n.name() + ">";
    for (const pugi::xml_attribute& a : n.attributes()) {
      const std::string_view name = a.name();
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      bad(n, std::string(name),
          "unknown attribute \"" + std::string(name) + "\" on " + element + "; did you mean \"" +
              std::string(nearest_name(name, known)) + "\"? (known: " + join_names(known) + ")");
    }
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        const std::string_view value = c.value();
        const std::size_t first = value.find_first_not_of(kBlanks);
        if (first == std::string_view::npos) continue;
        // The line of the text itself, not of the line end before it.
        const std::size_t at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(c.offset_debug(), 0));
        const std::size_t start = std::min(text_.find_first_not_of(kBlanks, at), text_.size());
        const std::string_view shown = value.substr(first, value.find_last_not_of(kBlanks) + 1 - first);
        errors_.add(lines_.line(static_cast<std::ptrdiff_t>(start)), "",
                    "unexpected text \"" + std::string(shown.substr(0, 40)) + "\" in " + element, subject_);
        ok_ = false;
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = c.name();
      if (std::find(children.begin(), children.end(), name) != children.end()) continue;
      if (children.front().empty()) {
        bad(c, std::string(name),
            "unexpected element <" + std::string(name) + "> in " + element + ": it has no children");
      } else {
        bad(c, std::string(name),
            "unknown element <" + std::string(name) + "> in " + element + "; did you mean <" +
                std::string(nearest_name(name, children)) + ">? (known: " + join_names(children) + ")");
      }
    }
  }

  /// The trimmed value of a required attribute, or nullopt after reporting it missing or empty.
  std::optional<std::string_view> required(const pugi::xml_node& n, const char* name, std::string_view what) {
    const pugi::xml_attribute a = n.attribute(name);
    const std::string_view v = trim(a.value());
    if (v.empty()) {
      bad(n, name, std::string(a ? "empty" : "missing") + ": <" + n.name() + "> needs " + std::string(what));
      return std::nullopt;
    }
    return printable(n, name, v);
  }

  /// The trimmed value of an optional attribute ("" when absent).
  static std::string_view optional(const pugi::xml_node& n, const char* name) {
    return trim(n.attribute(name).value());
  }

  /// The trimmed value of an optional attribute of free text (reader, visit), checked as printable.
  std::string_view optional_text(const pugi::xml_node& n, const char* name) {
    return printable(n, name, optional(n, name)).value_or(std::string_view());
  }

  /// `v`, or nullopt after reporting the control character it holds (a character reference such as
  /// &#1; gives one, which no output can carry).
  std::optional<std::string_view> printable(const pugi::xml_node& n, const char* name, std::string_view v) {
    if (const std::size_t at = find_control(v); at != std::string_view::npos) {
      bad(n, name, control_message(v, at));
      return std::nullopt;
    }
    return v;
  }

  std::optional<Date> date(const pugi::xml_node& n, const char* name, std::string_view v) {
    std::string message;
    auto d = date_field(v, &message);
    if (!d) bad(n, name, message);
    return d;
  }

  std::optional<Millimetres> millimetres(const pugi::xml_node& n, const char* name, std::string_view v) {
    std::string message;
    auto mm = millimetres_field(v, &message);
    if (!mm) bad(n, name, message);
    return mm;
  }

  /// subject, reader and start_date of a <track> or <recorded>. False when the subject is missing.
  bool track_header(const pugi::xml_node& n, std::string* reader, std::optional<Date>* start) {
    subject_ = std::string(trim(n.attribute("subject").value()));
    ok_ = true;
    if (!required(n, "subject", "a subject id")) return false;
    *reader = std::string(optional_text(n, "reader"));
    if (reader->empty()) *reader = "INVESTIGATOR";
    // A track is a subject as read by one reader (SPEC §1): the CSV holds one per pair.
    if (auto [it, added] = track_lines_.try_emplace(subject_ + '\x1f' + *reader, line(n)); !added)
      bad(n, "subject",
          "a second track of " + subject_ + "/" + *reader + " (first on line " + std::to_string(it->second) +
              "): one <track> or <recorded> per subject and reader was expected");
    if (auto v = optional(n, "start_date"); !v.empty()) *start = date(n, "start_date", v);
    return true;
  }

  void read_track(const pugi::xml_node& n, Dataset* out);
  void read_recorded(const pugi::xml_node& n, Dataset* out);

 private:
  /// Declares the lesion of a <lesion> element (SPEC 4.1 baseline attributes).
  void declare(const pugi::xml_node& n, std::vector<Lesion>* lesions, std::vector<std::int64_t>* lines,
               std::unordered_map<std::string, std::uint32_t>* index);
  /// The observation of an <obs> element, with the index of its lesion.
  /// Marks its lesion in `referenced`, even when the observation itself is bad.
  std::optional<Observation> observation(const pugi::xml_node& n, const std::vector<Lesion>& lesions,
                                         const std::unordered_map<std::string, std::uint32_t>& index,
                                         std::vector<bool>* referenced);

  std::string_view text_;
  LineIndex lines_;
  ErrorSink& errors_;
  std::string subject_;
  bool ok_ = true;
  std::unordered_map<std::string, std::int64_t> track_lines_;  ///< The line of each subject/reader's track.
};

void XmlReader::declare(const pugi::xml_node& n, std::vector<Lesion>* lesions, std::vector<std::int64_t>* lines,
                        std::unordered_map<std::string, std::uint32_t>* index) {
  check_shape(n, kLesionAttributes, kNone);
  Lesion lesion;
  const auto id = required(n, "id", "an id, stable within the track");
  auto set = [&](MeasurementColumn column, std::string_view v) {
    if (std::string why; !set_lesion_attribute(column, v, &lesion, &why)) bad(n, std::string(kMeasurementColumns[column]), why);
  };
  if (auto v = required(n, "role", "a role (TARGET, NON-TARGET or NEW)")) set(kRole, *v);
  if (auto v = required(n, "site", "a site (organ, e.g. LIVER)")) set(kSite, *v);
  for (MeasurementColumn column : {kNode, kMethod, kSlice, kIrradiated})
    if (auto v = optional(n, kMeasurementColumns[column].data()); !v.empty()) set(column, v);
  if (!id) return;
  lesion.id = std::string(*id);
  auto [it, added] = index->try_emplace(lesion.id, static_cast<std::uint32_t>(lesions->size()));
  if (!added) {
    bad(n, "id",
        "lesion " + lesion.id + " is declared twice in the track of " + subject_ + " (first on line " +
            std::to_string((*lines)[it->second]) + ")");
    return;
  }
  lesions->push_back(std::move(lesion));
  lines->push_back(line(n));
}

std::optional<Observation> XmlReader::observation(const pugi::xml_node& n, const std::vector<Lesion>& lesions,
                                                  const std::unordered_map<std::string, std::uint32_t>& index,
                                                  std::vector<bool>* referenced) {
  check_shape(n, kObsAttributes, kObsChildren);
  bool ok = true;
  std::optional<std::uint32_t> lesion;
  if (auto id = required(n, "lesion", "the id of a <lesion> declared in the track")) {
    auto it = index.find(std::string(*id));
    if (it != index.end()) {
      lesion = it->second;
      (*referenced)[it->second] = true;
    } else {
      std::vector<std::string_view> ids;
      for (const Lesion& l : lesions) ids.push_back(l.id);
      bad(n, "lesion",
          "\"" + std::string(*id) + "\" is not declared by a <lesion> of this track" +
              (ids.empty() ? std::string() : " (declared: " + join_names(ids) + ")"));
    }
  }
  RawStatus status = RawStatus::Blank;
  if (auto v = optional(n, "status"); !v.empty()) {
    if (auto s = parse_status(v))
      status = *s;
    else {
      bad(n, "status", "\"" + std::string(v) + "\": " + std::string(kStatusExpected));
      ok = false;
    }
  }
  std::optional<Millimetres> diameter;
  if (auto v = optional(n, "diameter_mm"); !v.empty()) {
    diameter = millimetres(n, "diameter_mm", v);
    ok &= diameter.has_value();
  }
  // R7: a split lesion is one <obs status="FRAGMENT"> holding a <fragment> per piece.
  std::vector<Millimetres> fragments;
  for (const pugi::xml_node& f : n.children("fragment")) {
    check_shape(f, kFragmentAttributes, kNone);
    if (auto v = required(f, "diameter_mm", "the fragment's diameter_mm")) {
      if (auto mm = millimetres(f, "diameter_mm", *v))
        fragments.push_back(*mm);
      else
        ok = false;
    } else {
      ok = false;
    }
  }
  if (status == RawStatus::Fragment) {
    if (diameter) {
      bad(n, "diameter_mm",
          "a FRAGMENT <obs> gives each piece's diameter in a <fragment diameter_mm=\"…\"/> child, "
          "not in diameter_mm");
      ok = false;
    } else if (fragments.empty() && ok) {
      bad(n, "fragment", "a FRAGMENT <obs> needs a <fragment diameter_mm=\"…\"/> child per piece; found none");
      ok = false;
    }
    if (!fragments.empty()) diameter = fragments.front();
  } else if (!fragments.empty()) {
    bad(n, "fragment",
        "<fragment> children belong to an <obs status=\"FRAGMENT\">; this one has " +
            (status == RawStatus::Blank ? std::string("no status (measured)")
                                        : "status " + std::string(to_string(status))));
    ok = false;
  }
  if (!ok || !lesion) return std::nullopt;
  std::string why;
  bool about_diameter = false;
  auto obs = declared_observation(status, diameter, fragments, lesions[*lesion].role, *lesion, &why, &about_diameter);
  if (!obs) bad(n, about_diameter ? "diameter_mm" : "status", why);
  return obs;
}

void XmlReader::read_track(const pugi::xml_node& n, Dataset* out) {
  Track track;
  if (!track_header(n, &track.reader, &track.start_date)) return;
  track.subject = subject_;
  check_shape(n, kTrackAttributes, kTrackChildren);

  std::vector<std::int64_t> lesion_lines;
  std::unordered_map<std::string, std::uint32_t> index;
  for (const pugi::xml_node& l : n.children("lesion")) declare(l, &track.lesions, &lesion_lines, &index);

  struct Dated {
    Assessment assessment;
    std::int64_t line;
  };
  std::vector<Dated> assessments;
  std::unordered_map<std::int32_t, std::int64_t> date_line;
  std::vector<bool> referenced(track.lesions.size(), false);
  for (const pugi::xml_node& a : n.children("assessment")) {
    check_shape(a, kAssessmentAttributes, kAssessmentChildren);
    Dated d{Assessment{}, line(a)};
    if (auto v = required(a, "date", "the scan date (YYYY-MM-DD)")) {
      if (auto date = this->date(a, "date", *v)) {
        d.assessment.date = *date;
        auto [it, added] = date_line.try_emplace(date->days_since_epoch(), d.line);
        if (!added)
          bad(a, "date",
              "a second <assessment> on " + date->to_string() + " (first on line " + std::to_string(it->second) +
                  "): one assessment per track and date was expected");
      }
    }
    d.assessment.visit = std::string(optional_text(a, "visit"));
    if (auto v = optional(a, "reported"); !v.empty()) {
      d.assessment.reported = parse_response(v);
      if (!d.assessment.reported || *d.assessment.reported == Response::NA)
        bad(a, "reported", "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected));
    }
    std::unordered_map<std::uint32_t, std::int64_t> seen;
    for (const pugi::xml_node& o : a.children("obs")) {
      auto obs = observation(o, track.lesions, index, &referenced);
      if (!obs) continue;
      auto [it, added] = seen.try_emplace(obs->lesion, line(o));
      if (!added) {
        bad(o, "lesion",
            "a second <obs> of lesion " + track.lesions[obs->lesion].id + " in this assessment (first on line " +
                std::to_string(it->second) +
                "): one <obs> per lesion and date; a split lesion is one "
                "<obs status=\"FRAGMENT\"> with a <fragment> per piece");
        continue;
      }
      d.assessment.observations.push_back(std::move(*obs));
    }
    assessments.push_back(std::move(d));
  }
  std::stable_sort(assessments.begin(), assessments.end(),
                   [](const Dated& a, const Dated& b) { return a.assessment.date < b.assessment.date; });

  const std::vector<Lesion> declared = track.lesions;
  for (Dated& d : assessments) track.assessments.push_back(std::move(d.assessment));
  number_lesions_by_first_observation(&track);
  for (std::size_t i = 0; i < declared.size(); ++i) {
    if (referenced[i]) continue;
    pugi::xml_node element = n.find_child_by_attribute("lesion", "id", declared[i].id.c_str());
    bad(element ? element : n, "id",
        "lesion " + declared[i].id +
            " is declared but has no <obs> in any "
            "assessment: the native CSV could not hold it");
  }
  if (ok_) out->tracks.push_back(std::move(track));
}

void XmlReader::read_recorded(const pugi::xml_node& n, Dataset* out) {
  std::string reader;
  std::optional<Date> start;
  if (!track_header(n, &reader, &start)) return;
  check_shape(n, kTrackAttributes, kTimepointChildren);
  std::vector<RecordedRow> rows;
  for (const pugi::xml_node& t : n.children("timepoint")) {
    check_shape(t, kTimepointAttributes, kNone);
    RecordedRow row{line(t), Date(), std::nullopt, start, std::string(optional_text(t, "visit"))};
    if (auto v = required(t, "date", "the date of the time point (YYYY-MM-DD)")) {
      if (auto d = date(t, "date", *v)) row.date = *d;
    }
    if (auto v = optional(t, "response"); !v.empty()) {
      row.response = parse_response(v);
      if (!row.response || *row.response == Response::NA)
        bad(t, "response", "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected));
    }
    rows.push_back(std::move(row));
  }
  if (!ok_) return;
  RecordedTrack track;
  if (build_recorded_track(subject_, reader, line(n), rows, errors_, &track)) out->recorded.push_back(std::move(track));
}

}  // namespace

bool looks_like_xml(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '<';
}

Dataset read_native_xml(std::string_view text, const std::string& file, const ReadOptions& options) {
  Dataset out;
  ErrorSink errors(file, options, &out);
  if (const std::size_t nul = find_xml_nul(text); nul != std::string_view::npos) {
    errors.fatal(LineIndex(text).line(static_cast<std::ptrdiff_t>(nul)), "",
                 "the XML is not well-formed: a NUL character, which XML 1.0 does not allow");
    return out;
  }
  pugi::xml_document doc;
  // parse_default without parse_wconv_attribute: an attribute keeps its characters as written.
  const unsigned parse = pugi::parse_cdata | pugi::parse_escapes | pugi::parse_eol;
  const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size(), parse, pugi::encoding_utf8);
  if (!parsed) {
    errors.fatal(LineIndex(text).line(parsed.offset), "",
                 std::string("the XML is not well-formed: ") + parsed.description());
    return out;
  }
  XmlReader reader(text, errors);
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "recist") {
    errors.fatal(reader.line(root), root.name(),
                 std::string("the root element is <") + root.name() +
                     ">: a native XML document (schemas/recist-native.xsd) has the root <recist version=\"1\">");
    return out;
  }
  if (std::string_view version = trim(root.attribute("version").value()); version != "1") {
    errors.fatal(reader.line(root), "version",
                 (version.empty() ? std::string("missing") : "\"" + std::string(version) + "\"") +
                     ": <recist version=\"1\"> was expected (the only version of the native XML)");
    return out;
  }
  reader.check_shape(root, kRootAttributes, kRootChildren);
  if (errors.stopped()) return out;
  std::string_view kind;  // "track" or "recorded": a document holds one kind, as a CSV does
  for (const pugi::xml_node& n : root.children()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view name = n.name();
    if (name != "track" && name != "recorded") continue;  // reported by check_shape
    if (kind.empty()) kind = name;
    if (name != kind) {
      errors.add(reader.line(n), std::string(name),
                 "<" + std::string(name) + "> after <" + std::string(kind) +
                     ">: a document holds either measured "
                     "<track>s or <recorded> tracks, not both; this one is left out",
                 std::string(trim(n.attribute("subject").value())));
    } else if (name == "track") {
      reader.read_track(n, &out);
    } else {
      reader.read_recorded(n, &out);
    }
    if (errors.stopped()) return out;
  }
  return out;
}

}  // namespace recist::io
