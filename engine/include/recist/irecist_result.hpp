#pragma once
// What iRECIST (Seymour et al., Lancet Oncol 2017;18:e143–e152) says about a track, beside the
// RECIST 1.1 result: the time-point responses of table 2 (with iUPD and its confirmation, iCPD),
// the new-lesion sums, and the best overall response iBOR of table 3, each with its reasons.
// Value types.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recist/date.hpp"
#include "recist/iresponse.hpp"
#include "recist/millimetres.hpp"
#include "recist/reasons.hpp"
#include "recist/response.hpp"

namespace recist {

/// One follow-up time point by iRECIST.
struct IrecistTimepoint {
  Date date;
  std::string visit;
  std::int32_t day = 0;
  /// New-lesion targets (up to 5, 2 per organ): their sum, null when there are none yet; never
  /// added to the original target sum (Seymour 2017, table 1).
  std::optional<Millimetres> new_target_sum;
  int new_targets = 0;      ///< New-lesion targets identified so far.
  int new_non_targets = 0;  ///< New-lesion non-targets identified so far.
  IResponse overall = IResponse::iNE;
  /// The iUPD this time point is measured against (the first of the unconfirmed run), if any.
  std::optional<Date> iupd_reference;
  Reasons reasons;
};

/// The best overall response iBOR (Seymour 2017, table 3) and its dates.
struct IrecistBest {
  IResponse ibor = IResponse::iNE;            ///< Unconfirmed.
  IResponse confirmed_ibor = IResponse::iNE;  ///< iCR/iPR confirmed as RECIST 1.1 R15.
  std::optional<Date> first_response_date;
  std::optional<Date> confirmation_date;
  std::optional<Date> first_iupd_date;
  std::optional<Date> icpd_date;
  Reasons reasons;
};

/// Everything iRECIST says about one track.
struct IrecistResult {
  std::vector<IrecistTimepoint> timepoints;  ///< One per follow-up, as TrackResult::timepoints.
  IrecistBest best;
};

/// An optional value held on the heap and copied deeply: a pointer's room in TrackResult, of which
/// a batch makes millions, when iRECIST is not asked for.
template <class T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(const Boxed& o) {
    if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Boxed& operator=(Boxed&&) noexcept = default;
  Boxed& operator=(T v) {
    p_ = std::make_unique<T>(std::move(v));
    return *this;
  }
  explicit operator bool() const { return p_ != nullptr; }
  T& operator*() { return *p_; }
  const T& operator*() const { return *p_; }
  T* operator->() { return p_.get(); }
  const T* operator->() const { return p_.get(); }

 private:
  std::unique_ptr<T> p_;
};

}  // namespace recist
