// Where rounding to hundredths would decide a RECIST 1.1 bar (issue 33). The exact values are the
// source decimals converted to mm, held as integers in units of 10^-24 mm (digits beyond that
// are dropped, README "From the viewer"); the rounded ones are the native CSV's hundredths.
#include "io/read/viewer_rounding.hpp"

#include <map>
#include <optional>

#include "io/read/viewer_terms.hpp"

namespace recist::io::viewer {
namespace {

__extension__ using Wide = __int128;
constexpr int kScale = 24;

Wide pow10(int n) {
  Wide p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

/// "29.167238158334032" → 29167238158334032 × 10^(24−15).
Wide exact_of(const std::string& text) {
  Wide whole = 0, frac = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '.'; ++i) whole = whole * 10 + (text[i] - '0');
  int digits = 0;
  if (i < text.size())
    for (++i; i < text.size() && digits < kScale; ++i, ++digits) frac = frac * 10 + (text[i] - '0');
  return whole * pow10(kScale) + frac * pow10(kScale - digits);
}

Wide rounded_of(Millimetres m) {
  return static_cast<Wide>(m.hundredths()) * pow10(kScale - 2);
}

/// "28.2671270367918" for messages: the exact value, at most 6 decimals shown.
std::string text_of(Wide v) {
  const Wide unit = pow10(kScale);
  std::string whole = std::to_string(static_cast<long long>(v / unit));
  Wide frac = v % unit;
  std::string f;
  for (int i = 0; i < kScale; ++i) {
    f.insert(f.begin(), static_cast<char>('0' + static_cast<int>(frac % 10)));
    frac /= 10;
  }
  f.resize(6);
  while (!f.empty() && f.back() == '0') f.pop_back();
  return f.empty() ? whole : whole + "." + f;
}

struct Sums {
  Wide rounded = 0;
  Wide exact = 0;
};

}  // namespace

void check_rounding(const Track& track, const std::vector<ImportedValue>& values, std::vector<InputError>* warnings) {
  if (track.assessments.empty()) return;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < track.lesions.size(); ++i) index[track.lesions[i].id] = i;
  // (date, lesion) → the value that counts.
  std::map<std::pair<std::int32_t, std::size_t>, const ImportedValue*> at;
  for (const ImportedValue& v : values)
    if (v.subject == track.subject) at[{v.date.days_since_epoch(), index[v.lesion]}] = &v;
  const auto warn = [&](const ImportedValue& v, const std::string& m) {
    warnings->push_back({v.from->file, 0, "",
                         item_label(v.length->position) + "subject " + track.subject + ", " + v.date.to_string() +
                             ", lesion " + v.lesion + ": " + m,
                         ""});
  };
  const Date baseline = track.assessments.front().date;
  std::vector<std::size_t> targets;
  for (const Observation& o : track.assessments.front().observations)
    if (track.lesions[o.lesion].role == LesionRole::Target) targets.push_back(o.lesion);

  // R1, R2 per lesion; the node CR bar at follow-ups (R9).
  for (const auto& entry : at) {
    const auto& key = entry.first;  // not a structured binding: clang 14 cannot capture one
    const ImportedValue* v = entry.second;
    const Lesion& l = track.lesions[key.second];
    if (l.role != LesionRole::Target) continue;
    const Wide r = rounded_of(v->length->mm), e = exact_of(v->length->exact_mm);
    const auto bar = [&](const char* rule, Wide mm100, bool at_or_above) {
      const Wide b = mm100 * pow10(kScale - 2);
      const bool rd = at_or_above ? r >= b : r < b, ed = at_or_above ? e >= b : e < b;
      if (rd != ed)
        warn(*v, std::string(rule) + ": the diameter rounded to " + v->length->mm.to_string() + " mm " +
                     (rd ? "meets" : "misses") + " the bar that the value as written (" + text_of(e) + " mm) " +
                     (ed ? "meets" : "misses") + ": rounding decides; check the measurement");
    };
    if (key.first == baseline.days_since_epoch()) {
      if (l.nodal) {
        bar("R2 (node measurable, short axis >= 15 mm)", 1500, true);
        bar("R2 (node pathological, short axis >= 10 mm)", 1000, true);
      } else {
        bar("R1 (measurable, longest diameter >= 10 mm)", 1000, true);
      }
    } else if (l.nodal) {
      bar("R9 (node CR, short axis < 10 mm)", 1000, false);
    }
  }

  // The sums (R6) against the PR and PD bars (R9), on complete time points only.
  std::optional<Sums> base, nadir;
  for (const Assessment& a : track.assessments) {
    Sums s;
    bool complete = !targets.empty();
    const ImportedValue* last = nullptr;
    for (std::size_t t : targets) {
      const auto it = at.find({a.date.days_since_epoch(), t});
      if (it == at.end()) {
        complete = false;
        break;
      }
      s.rounded += rounded_of(it->second->length->mm);
      s.exact += exact_of(it->second->length->exact_mm);
      last = it->second;
    }
    if (!complete) continue;
    if (!base) {
      base = nadir = s;
      continue;
    }
    const auto differs = [&](const char* what, bool rd, bool ed) {
      if (rd == ed) return;
      warn(*last, std::string("the sum of target diameters ") + (rd ? "meets" : "misses") + " the " + what +
                      " bar when rounded to hundredths (sum " + text_of(s.rounded) + " mm) but " +
                      (ed ? "meets" : "misses") + " it as written (sum " + text_of(s.exact) +
                      " mm): rounding decides this threshold; check the measurements");
    };
    differs("PR (100*sum <= 70*baseline)", 100 * s.rounded <= 70 * base->rounded, 100 * s.exact <= 70 * base->exact);
    differs("PD (100*sum >= 120*nadir)", 100 * s.rounded >= 120 * nadir->rounded, 100 * s.exact >= 120 * nadir->exact);
    differs("PD (sum - nadir >= 5 mm)", s.rounded - nadir->rounded >= 5 * pow10(kScale),
            s.exact - nadir->exact >= 5 * pow10(kScale));
    if (s.rounded < nadir->rounded) nadir->rounded = s.rounded;
    if (s.exact < nadir->exact) nadir->exact = s.exact;
  }
}

}  // namespace recist::io::viewer
