// Native JSON track reader (recist/io/read/native_json.hpp, schemas/track.schema.json). nlohmann
// parses the document, keeping every number as the text it was written with; each value is then
// read with the terms, checks and messages of the native CSV reader (native_terms.hpp), as the
// native XML reader reads its attributes, so a track and its CSV conversion are the same track.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <span>
#include <unordered_map>

#include "native_terms.hpp"
#include "reader_support.hpp"
#include "recist/io/read/native_csv.hpp"
#include "recist/io/read/native_json.hpp"

namespace recist::io {
namespace {

using json = nlohmann::json;

constexpr std::string_view kTrackMembers[] = {"subject", "reader", "start_date", "lesions", "assessments"};
constexpr std::string_view kLesionMembers[] = {"id", "role", "site", "node", "method", "slice_mm", "irradiated"};
constexpr std::string_view kAssessmentMembers[] = {"date", "visit", "reported", "observations"};
constexpr std::string_view kObservationMembers[] = {"lesion", "status", "diameter_mm", "fragments"};

/// nlohmann's DOM parser, but every number is kept as the text it was written with (a string), so
/// that a diameter is read exactly as the CSV reader reads its text (SPEC §2: no binary fraction
/// ever stands for a diameter).
class ExactNumbers {
 public:
  using Dom = nlohmann::detail::json_sax_dom_parser<json>;
  explicit ExactNumbers(json* root) : dom_(*root) {}
  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return text(std::to_string(v)); }
  bool number_unsigned(json::number_unsigned_t v) { return text(std::to_string(v)); }
  bool number_float(json::number_float_t, const std::string& written) { return text(written); }
  bool string(std::string& v) { return dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return dom_.start_object(n); }
  bool key(std::string& k) { return dom_.key(k); }
  bool end_object() { return dom_.end_object(); }
  bool start_array(std::size_t n) { return dom_.start_array(n); }
  bool end_array() { return dom_.end_array(); }
  template <class Exception>
  bool parse_error(std::size_t at, const std::string& token, const Exception& e) {
    return dom_.parse_error(at, token, e);
  }

 private:
  bool text(std::string written) { return dom_.string(written); }
  Dom dom_;
};

/// "/a/b" + member name, escaped as RFC 6901 wants.
std::string member_pointer(const std::string& at, std::string_view name) {
  std::string out = at + "/";
  for (char c : name) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out.push_back(c);
  }
  return out;
}

std::string index_pointer(const std::string& at, std::size_t i) { return at + "/" + std::to_string(i); }

/// Reads one track document; one instance per document.
class JsonReader {
 public:
  void bad(std::string pointer, std::string_view column, std::string message) {
    errors_.push_back({std::move(pointer), std::string(column), std::move(message)});
  }

  /// `value` is an object with only the members `known` (each stranger reported with the nearest
  /// known name); false when it is not an object.
  bool check_object(const json& value, const std::string& at, std::string_view what,
                    std::span<const std::string_view> known) {
    if (!value.is_object()) {
      bad(at, "", "found " + std::string(value.type_name()) + ": " + std::string(what) + " is a JSON object");
      return false;
    }
    for (const auto& [name, member] : value.items()) {
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      bad(member_pointer(at, name), name,
          "unknown member \"" + name + "\" of " + std::string(what) + "; did you mean \"" +
              std::string(nearest_name(name, known)) + "\"? (known: " + join_names(known) + ")");
    }
    return true;
  }

  /// The trimmed text of member `name` ("" when absent or null); "" after reporting a value that
  /// is not a string or a number.
  std::string_view text(const json& object, std::string_view name, const std::string& at) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return {};
    if (it->is_string()) {
      const std::string& v = it->get_ref<const std::string&>();
      // A CSV field is one line of text: a control character (a newline, a tab, U+0000 …) could
      // not be saved as it was entered, so it is refused here, with its field (issue 31).
      const auto control = std::find_if(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
      if (control == v.end()) return trim(v);
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(*control)));
      bad(member_pointer(at, name), name,
          "control character " + std::string(code) + " at character " + std::to_string(control - v.begin() + 1) +
              ": a value is one line of printable text");
      return {};
    }
    bad(member_pointer(at, name), name,
        "found " + std::string(it->type_name()) + ": a string (or a number) was expected");
    return {};
  }

  /// Whether member `name` is a string holding a control character (reported by text()).
  static bool has_control(const json& value) {
    if (!value.is_string()) return false;
    const std::string& v = value.get_ref<const std::string&>();
    return std::any_of(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
  }

  /// The text of a required member, or nullopt after reporting it missing or empty.
  std::optional<std::string_view> required(const json& object, std::string_view name, const std::string& at,
                                           std::string_view what, std::string_view needs) {
    const std::string_view v = text(object, name, at);
    if (!v.empty()) return v;
    const auto it = object.find(name);
    if (it == object.end() || it->is_null() || (it->is_string() && !has_control(*it)))
      bad(member_pointer(at, name), name,
          std::string(it == object.end() || it->is_null() ? "missing" : "empty") + ": " + std::string(what) +
              " needs " + std::string(needs));
    return std::nullopt;
  }

  /// The elements of member `name`, an array (none when absent or null).
  std::span<const json> array(const json& object, std::string_view name, const std::string& at) {
    const auto it = object.find(name);
    if (it == object.end() || it->is_null()) return {};
    if (it->is_array()) return std::span<const json>(it->get_ref<const json::array_t&>());
    bad(member_pointer(at, name), name, "found " + std::string(it->type_name()) + ": an array was expected");
    return {};
  }

  std::optional<Date> date(std::string_view v, const std::string& at, std::string_view column) {
    std::string message;
    auto d = date_field(v, &message);
    if (!d) bad(at, column, message);
    return d;
  }

  std::optional<Millimetres> millimetres(std::string_view v, const std::string& at, std::string_view column) {
    std::string message;
    auto mm = millimetres_field(v, &message);
    if (!mm) bad(at, column, message);
    return mm;
  }

  JsonTrack read(const json& doc);

 private:
  void declare(const json& value, const std::string& at, Track* track);
  std::optional<Observation> observation(const json& value, const std::string& at, const Track& track);
  void assessment(const json& value, const std::string& at, Track* track);

  std::vector<JsonFieldError> errors_;
  std::unordered_map<std::string, std::uint32_t> index_;  ///< Lesion id → declared index.
  std::vector<std::string> lesion_at_;                    ///< The pointer of each declared lesion.
  std::vector<bool> observed_;                            ///< By declared index, even by a bad observation.
  std::unordered_map<std::int32_t, std::string> date_at_;  ///< Assessment date → its pointer.
};

void JsonReader::declare(const json& value, const std::string& at, Track* track) {
  if (!check_object(value, at, "a lesion", kLesionMembers)) return;
  Lesion lesion;
  const auto id = required(value, "id", at, "a lesion", "an id, stable within the track");
  auto set = [&](MeasurementColumn column, std::string_view v) {
    const std::string_view name = kMeasurementColumns[column];
    if (std::string why; !set_lesion_attribute(column, v, &lesion, &why)) bad(member_pointer(at, name), name, why);
  };
  if (auto v = required(value, "role", at, "a lesion", "a role (TARGET, NON-TARGET or NEW)")) set(kRole, *v);
  if (auto v = required(value, "site", at, "a lesion", "a site (organ, e.g. LIVER)")) set(kSite, *v);
  for (MeasurementColumn column : {kNode, kMethod, kSlice, kIrradiated})
    if (auto v = text(value, kMeasurementColumns[column], at); !v.empty()) set(column, v);
  if (!id) return;
  lesion.id = std::string(*id);
  auto [it, added] = index_.try_emplace(lesion.id, static_cast<std::uint32_t>(track->lesions.size()));
  if (!added) {
    bad(member_pointer(at, "id"), "id",
        "lesion " + lesion.id + " is declared twice in the track of " + track->subject + " (first at " +
            lesion_at_[it->second] + ")");
    return;
  }
  track->lesions.push_back(std::move(lesion));
  lesion_at_.push_back(at);
  observed_.push_back(false);
}

std::optional<Observation> JsonReader::observation(const json& value, const std::string& at, const Track& track) {
  if (!check_object(value, at, "an observation", kObservationMembers)) return std::nullopt;
  const std::size_t errors_before = errors_.size();
  std::optional<std::uint32_t> lesion;
  if (auto id = required(value, "lesion", at, "an observation", "the id of a lesion declared in \"lesions\"")) {
    if (auto it = index_.find(std::string(*id)); it != index_.end()) {
      lesion = it->second;
      observed_[it->second] = true;
    } else {
      std::vector<std::string_view> ids;
      for (const Lesion& l : track.lesions) ids.push_back(l.id);
      bad(member_pointer(at, "lesion"), "lesion",
          "\"" + std::string(*id) + "\" is not declared in \"lesions\" of this track" +
              (ids.empty() ? std::string() : " (declared: " + join_names(ids) + ")"));
    }
  }
  RawStatus status = RawStatus::Blank;
  if (auto v = text(value, "status", at); !v.empty()) {
    if (auto s = parse_status(v))
      status = *s;
    else
      bad(member_pointer(at, "status"), "status", "\"" + std::string(v) + "\": " + std::string(kStatusExpected));
  }
  std::optional<Millimetres> diameter;
  if (auto v = text(value, "diameter_mm", at); !v.empty())
    diameter = millimetres(v, member_pointer(at, "diameter_mm"), "diameter_mm");
  // R7: a split lesion is one FRAGMENT observation with the diameter of each piece in "fragments".
  const std::string fragments_at = member_pointer(at, "fragments");
  std::vector<Millimetres> fragments;
  const std::span<const json> pieces = array(value, "fragments", at);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const std::string piece_at = index_pointer(fragments_at, i);
    if (!pieces[i].is_string() || trim(pieces[i].get_ref<const std::string&>()).empty()) {
      bad(piece_at, "fragments", "found " + std::string(pieces[i].type_name()) + ": each fragment is its diameter_mm");
      continue;
    }
    if (auto mm = millimetres(trim(pieces[i].get_ref<const std::string&>()), piece_at, "fragments"))
      fragments.push_back(*mm);
  }
  if (status == RawStatus::Fragment) {
    if (diameter)
      bad(member_pointer(at, "diameter_mm"), "diameter_mm",
          "a FRAGMENT observation gives each piece's diameter in \"fragments\", not in diameter_mm");
    else if (pieces.empty())
      bad(fragments_at, "fragments", "empty: a FRAGMENT observation needs the diameter of each piece in \"fragments\"");
    if (!fragments.empty()) diameter = fragments.front();
  } else if (!pieces.empty()) {
    bad(fragments_at, "fragments",
        "\"fragments\" belong to an observation with status FRAGMENT; this one has " +
            (status == RawStatus::Blank ? std::string("no status (measured)")
                                        : "status " + std::string(to_string(status))));
  }
  if (errors_.size() != errors_before || !lesion) return std::nullopt;
  std::string why;
  bool about_diameter = false;
  auto obs = declared_observation(status, diameter, fragments, track.lesions[*lesion].role, *lesion, &why,
                                  &about_diameter);
  if (!obs) {
    const std::string_view column = about_diameter ? "diameter_mm" : "status";
    bad(member_pointer(at, column), column, why);
  }
  return obs;
}

void JsonReader::assessment(const json& value, const std::string& at, Track* track) {
  if (!check_object(value, at, "an assessment", kAssessmentMembers)) return;
  Assessment a;
  if (auto v = required(value, "date", at, "an assessment", "the scan date (YYYY-MM-DD)")) {
    if (auto d = date(*v, member_pointer(at, "date"), "date")) {
      a.date = *d;
      auto [it, added] = date_at_.try_emplace(d->days_since_epoch(), at);
      if (!added)
        bad(member_pointer(at, "date"), "date",
            "a second assessment on " + d->to_string() + " (first at " + it->second +
                "): one assessment per track and date was expected");
    }
  }
  a.visit = std::string(text(value, "visit", at));
  if (auto v = text(value, "reported", at); !v.empty()) {
    a.reported = parse_response(v);
    if (!a.reported || *a.reported == Response::NA)
      bad(member_pointer(at, "reported"), "reported", "\"" + std::string(v) + "\": " + std::string(kResponseCodesExpected));
  }
  const std::string observations_at = member_pointer(at, "observations");
  std::unordered_map<std::uint32_t, std::string> seen;
  const std::span<const json> observations = array(value, "observations", at);
  for (std::size_t i = 0; i < observations.size(); ++i) {
    const std::string obs_at = index_pointer(observations_at, i);
    auto obs = observation(observations[i], obs_at, *track);
    if (!obs) continue;
    auto [it, added] = seen.try_emplace(obs->lesion, obs_at);
    if (!added) {
      bad(member_pointer(obs_at, "lesion"), "lesion",
          "a second observation of lesion " + track->lesions[obs->lesion].id + " in this assessment (first at " +
              it->second + "): one per lesion and date; a split lesion is one FRAGMENT observation");
      continue;
    }
    a.observations.push_back(std::move(*obs));
  }
  track->assessments.push_back(std::move(a));
}

JsonTrack JsonReader::read(const json& doc) {
  JsonTrack out;
  if (!check_object(doc, "", "a track", kTrackMembers)) {
    out.errors = std::move(errors_);
    return out;
  }
  Track track;
  if (auto v = required(doc, "subject", "", "a track", "a subject id")) track.subject = std::string(*v);
  if (auto v = text(doc, "reader", ""); !v.empty()) track.reader = std::string(v);
  if (auto v = text(doc, "start_date", ""); !v.empty()) track.start_date = date(v, "/start_date", "start_date");

  const std::span<const json> lesions = array(doc, "lesions", "");
  for (std::size_t i = 0; i < lesions.size(); ++i) declare(lesions[i], index_pointer("/lesions", i), &track);
  const std::span<const json> assessments = array(doc, "assessments", "");
  if (assessments.empty() && doc.contains("subject"))
    bad("/assessments", "assessments", "empty: a track needs at least one assessment, its baseline");
  for (std::size_t i = 0; i < assessments.size(); ++i)
    assessment(assessments[i], index_pointer("/assessments", i), &track);
  std::stable_sort(track.assessments.begin(), track.assessments.end(),
                   [](const Assessment& a, const Assessment& b) { return a.date < b.date; });
  for (std::size_t i = 0; i < observed_.size(); ++i) {
    if (observed_[i]) continue;
    bad(member_pointer(lesion_at_[i], "id"), "id",
        "lesion " + track.lesions[i].id +
            " is declared but has no observation in any assessment: the native CSV could not hold it");
  }
  number_lesions_by_first_observation(&track);
  out.errors = std::move(errors_);
  if (out.errors.empty()) out.track = std::move(track);
  return out;
}

}  // namespace

JsonTrack read_track_json(std::string_view text) {
  json doc;
  ExactNumbers sax(&doc);
  try {
    json::sax_parse(text.begin(), text.end(), &sax);
  } catch (const json::exception& e) {
    std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line 1, …"
    if (const std::size_t close = what.find("] "); what.starts_with("[json.exception") && close != std::string::npos)
      what.erase(0, close + 2);
    JsonTrack out;
    out.errors.push_back({"", "", "the request is not JSON: " + what});
    return out;
  }
  return JsonReader().read(doc);
}

}  // namespace recist::io
