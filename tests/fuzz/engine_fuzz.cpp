// Fuzz target: the engine itself. The bytes are decoded into a profile and a measured track such
// as a reader makes (assessments on increasing dates, each lesion observed at most once per
// assessment with a status its role allows, lesions numbered in order of first observation),
// and into a recorded track (SPEC 4.2). Both are assessed by RECIST 1.1 and iRECIST and checked
// (fuzz_support.hpp); the measured track must also read back from its canonical CSV and XML and
// give exactly the same JSON result from there (the engine sees what the files say).
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "recist/assess.hpp"
#include "recist/batch/batch.hpp"
#include "recist/irecist.hpp"
#include "recist/io/write/writers.hpp"

namespace recist::fuzz {
namespace {

constexpr const char* kSites[] = {"LIVER", "LUNG", "LYMPH NODE", "BRAIN", "BONE", "ADRENAL", "SPLEEN", "PLEURA"};
constexpr Response kResponses[] = {Response::CR, Response::PR, Response::SD, Response::NonCrNonPd,
                                   Response::PD, Response::NE};

/// A diameter: mostly of a usual size, at times zero or the largest the readers take.
Millimetres diameter(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 15)) {
    case 0: return Millimetres();
    case 1: return Millimetres::from_hundredths(in.ConsumeIntegralInRange<std::int64_t>(0, 99999999999));
    default: return Millimetres::from_hundredths(in.ConsumeIntegralInRange<std::int64_t>(0, 20000));
  }
}

std::optional<Millimetres> maybe_diameter(FuzzedDataProvider& in) {
  if (in.ConsumeBool()) return diameter(in);
  return std::nullopt;
}

Profile decode_profile(FuzzedDataProvider& in) {
  Profile p;
  p.confirm_min_days = in.ConsumeIntegralInRange(0, 120);
  p.sd_min_days = in.ConsumeIntegralInRange(0, 120);
  p.max_ne_between = in.ConsumeIntegralInRange(0, 3);
  p.too_small_mm = Millimetres::from_hundredths(in.ConsumeIntegralInRange(0, 1500));
  if (in.ConsumeBool()) p.exclude_target_sites = {"BRAIN"};
  p.keep_confirmed_pr = in.ConsumeBool();
  p.require_confirmation = in.ConsumeBool();
  p.criteria = in.PickValueInArray({Criteria::Both, Criteria::Both, Criteria::Irecist, Criteria::Recist});
  p.icpd_min_days = in.ConsumeIntegralInRange(0, 90);
  p.icpd_max_days = p.icpd_min_days + in.ConsumeIntegralInRange(0, 90);
  return p;
}

/// An observation of a lesion of role `role`, with a status its role allows (io/read/native_terms.cpp).
Observation decode_observation(FuzzedDataProvider& in, LesionRole role) {
  Observation o;
  switch (role) {
    case LesionRole::Target:  // R7
      o.status = in.PickValueInArray({LesionStatus::Measured, LesionStatus::Measured, LesionStatus::Measured,
                                      LesionStatus::Absent, LesionStatus::TooSmall, LesionStatus::Fragment,
                                      LesionStatus::Merged, LesionStatus::NotEvaluated});
      if (o.status == LesionStatus::Measured) o.diameter = diameter(in);
      if (o.status == LesionStatus::Fragment) {
        Millimetres sum;
        for (int i = in.ConsumeIntegralInRange(1, 3); i > 0; --i) sum += o.fragments.emplace_back(diameter(in));
        o.diameter = sum;
      }
      break;
    case LesionRole::NonTarget:  // R11; a nodal non-target may carry its short axis
      o.status = in.PickValueInArray({LesionStatus::Present, LesionStatus::Present, LesionStatus::Absent,
                                      LesionStatus::Progression, LesionStatus::Increased,
                                      LesionStatus::NotEvaluated});
      o.diameter = maybe_diameter(in);
      break;
    case LesionRole::New:  // R12; iRECIST measures new lesions
      o.status = in.PickValueInArray({LesionStatus::Unequivocal, LesionStatus::Unequivocal, LesionStatus::Equivocal,
                                      LesionStatus::Increased, LesionStatus::Absent});
      if (o.status != LesionStatus::Absent) o.diameter = maybe_diameter(in);
      break;
  }
  return o;
}

Track decode_track(FuzzedDataProvider& in) {
  Track t;
  t.subject = "S-" + std::to_string(in.ConsumeIntegralInRange(1, 9));
  if (in.ConsumeBool()) t.reader = "READER2";
  // Dates around 2026, now and then at the ends of the calendar the readers take (0001-01-01 to
  // 9999-12-31: 10 assessments at most 200 days apart, a start date at most 60 days away).
  const std::int32_t first = in.PickValueInArray<std::int32_t>({20500, 20500, 20500, -719162 + 60, 2932896 - 2000});
  if (in.ConsumeBool()) t.start_date = Date::from_days(first + in.ConsumeIntegralInRange(-60, 60));
  std::vector<Lesion> lesions(in.ConsumeIntegralInRange(0, 12));
  for (std::size_t i = 0; i < lesions.size(); ++i) {
    Lesion& l = lesions[i];
    l.id = "L" + std::to_string(i + 1);
    l.role = in.PickValueInArray({LesionRole::Target, LesionRole::Target, LesionRole::NonTarget, LesionRole::New});
    if (l.role == LesionRole::New)
      l.new_role = in.PickValueInArray({NewLesionRole::Unassigned, NewLesionRole::Target, NewLesionRole::NonTarget});
    l.site = in.PickValueInArray(kSites);
    l.nodal = l.site == std::string("LYMPH NODE") ? !in.ConsumeBool() : in.ConsumeIntegralInRange(0, 7) == 0;
    l.method = in.PickValueInArray({Method::CT, Method::CT, Method::MRI, Method::XRay, Method::Caliper});
    if (in.ConsumeBool()) l.slice_thickness = Millimetres::from_hundredths(in.ConsumeIntegralInRange(0, 1500));
    l.irradiation = in.PickValueInArray({Irradiation::No, Irradiation::No, Irradiation::Yes, Irradiation::YesProgressed});
  }
  // Lesions are numbered in the order they are first observed, as the readers number them.
  std::vector<std::int64_t> index(lesions.size(), -1);
  std::int32_t day = first;
  const int assessments = in.ConsumeIntegralInRange(1, 10);
  for (int a = 0; a < assessments && in.remaining_bytes() > 0; ++a) {
    Assessment& as = t.assessments.emplace_back();
    day += a == 0 ? 0 : in.ConsumeIntegralInRange(1, 200);
    as.date = Date::from_days(day);
    if (in.ConsumeBool()) as.visit = a == 0 ? "BASELINE" : "W" + std::to_string(a * 6);
    if (in.ConsumeIntegralInRange(0, 3) == 0) as.reported = in.PickValueInArray(kResponses);
    for (std::size_t i = 0; i < lesions.size(); ++i) {
      if (!in.ConsumeBool()) continue;
      Observation o = decode_observation(in, lesions[i].role);
      if (index[i] < 0) {
        index[i] = static_cast<std::int64_t>(t.lesions.size());
        t.lesions.push_back(lesions[i]);
      }
      o.lesion = static_cast<std::uint32_t>(index[i]);
      as.observations.push_back(std::move(o));
    }
    // An assessment is the rows of a date: one without observations is in no file.
    if (as.observations.empty()) t.assessments.pop_back();
  }
  return t;
}

RecordedTrack decode_recorded(FuzzedDataProvider& in) {
  RecordedTrack t;
  t.subject = "R-1";
  std::int32_t day = 20500;
  if (in.ConsumeBool()) t.start_date = Date::from_days(day + in.ConsumeIntegralInRange(-30, 30));
  if (!t.start_date || in.ConsumeBool()) t.baseline_date = Date::from_days(day);
  for (int i = in.ConsumeIntegralInRange(0, 12); i > 0 && in.remaining_bytes() > 0; --i) {
    day += in.ConsumeIntegralInRange(1, 120);
    t.timepoints.push_back({Date::from_days(day), "", in.PickValueInArray(kResponses)});
  }
  return t;
}

std::string json_of(const TrackResult& r, const Profile& profile) {
  auto writer = io::make_json_writer();
  std::string out;
  writer->begin(profile, &out);
  writer->track(r, &out);
  writer->end(nullptr, {}, &out);
  return out;
}

}  // namespace
}  // namespace recist::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace recist;
  using namespace recist::fuzz;
  FuzzedDataProvider in(data, size);
  const Profile profile = decode_profile(in);
  const Track track = decode_track(in);
  check_track(track);
  const TrackResult direct = assess_and_check(track, profile);
  assess_and_check(decode_recorded(in), profile);
  if (track.assessments.empty()) return 0;  // no rows: no file holds it
  const std::string csv = check_round_trip({track});
  const io::Dataset again = read_measurements(csv, "canonical.csv", {});
  FUZZ_CHECK(again.tracks.size() == 1, "the canonical CSV holds " + std::to_string(again.tracks.size()) + " tracks");
  const TrackResult read_back = assess_with_criteria(again.tracks[0], profile);
  FUZZ_CHECK(json_of(direct, profile) == json_of(read_back, profile),
             "the track and its canonical CSV assess differently:\n" + csv);
  return 0;
}
