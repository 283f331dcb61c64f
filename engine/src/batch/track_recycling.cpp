// TrackBuilder::recycle(): a built track's storage reused for the next (issue 6). In a file of its
// own: added to measurement_rows.cpp, it made GCC stop inlining trim() into parse_plain(), which
// cost more than the allocations saved.
#include "measurement_rows.hpp"

namespace recist::io {

void TrackBuilder::recycle(Track* track, std::size_t dates) {
  std::vector<Assessment>& list = track->assessments;
  while (list.size() > dates) {
    spare_.push_back(std::move(list.back()));
    list.pop_back();
  }
  list.reserve(dates);
  while (list.size() < dates) {
    if (spare_.empty()) {
      list.emplace_back();
      continue;
    }
    list.push_back(std::move(spare_.back()));
    spare_.pop_back();
  }
  for (Assessment& a : list) {
    a.observations.clear();  // keeps its storage
    a.reported.reset();
    a.reported_i.reset();
  }
  track->start_date.reset();
  track->recorded_i.clear();
}

}  // namespace recist::io
