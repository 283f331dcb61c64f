// One set of working lists per thread (see working_lists.hpp).
#include "working_lists.hpp"

namespace recist::rules {

WorkingLists& working_lists() {
  thread_local WorkingLists lists;
  return lists;
}

std::vector<const Observation*>& baseline_observations() {
  thread_local std::vector<const Observation*> at_baseline;
  return at_baseline;
}

}  // namespace recist::rules
