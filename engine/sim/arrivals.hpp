#pragma once
//! \file Who arrives when: monthly referral counts and the fixed order of client ids.
//!
//! Client ids within a replication are assigned in a fixed order: the existing caseload
//! first (ExistingCaseload entries in order), then the starting cohort (month 0), then the
//! referrals of month 0, 1, ..., horizon - 1. A client's id therefore depends only on the
//! replication's monthly counts, which come from Stream::arrival keyed by client = month.

#include <cstdint>
#include <vector>

#include "engine/model/case_mix.hpp"
#include "engine/model/ids.hpp"
#include "engine/rng/stream.hpp"

namespace pbr::sim {

//! A Poisson(mean) draw from a stream: inversion by sequential search for mean < 10,
//! Hormann's PTRS transformed rejection (exact, O(1) expected draws) above.
//! \pre mean >= 0 and finite; mean = 0 gives 0 without a draw.
std::int64_t sample_poisson(double mean, rng::ClientStream& rng);

//! What one client id stands for.
struct ClientSlot {
  bool existing = false;     //!< true: part of the existing caseload at month 0
  int existing_entry = -1;   //!< index in Referrals::existing when existing
  model::Month arrival = 0;  //!< month of referral (0 for existing and starting cohort)
};

//! The arrivals of one replication: counts per month and the id ranges they occupy.
struct ArrivalPlan {
  std::vector<std::int64_t> existing_ends;  //!< ids [ends[i-1], ends[i]) are Referrals::existing[i]
  std::int64_t existing = 0;                //!< ids [0, existing)
  std::int64_t starting_cohort = 0;         //!< ids [existing, existing + starting_cohort)
  //! month_first[t]: first id of the referrals of month t (starting cohort excluded);
  //! month_first[horizon] = total clients.
  std::vector<std::int64_t> month_first;

  //! Number of clients (ids) in the replication.
  [[nodiscard]] std::int64_t total() const { return month_first.back(); }
  //! Referrals arriving in month t (the starting cohort excluded).
  [[nodiscard]] std::int64_t arrivals_in(model::Month t) const {
    return month_first[static_cast<std::size_t>(t) + 1] - month_first[static_cast<std::size_t>(t)];
  }
  //! What id `cid` stands for. \pre cid < total(). O(log horizon).
  [[nodiscard]] ClientSlot slot(model::ClientId cid) const;
};

//! Walks the slots of increasing client ids in O(1) amortised each (the block loop's
//! replacement for ArrivalPlan::slot's binary search).
class SlotCursor {
 public:
  explicit SlotCursor(const ArrivalPlan& plan) : plan_(plan) {}
  //! What `cid` stands for. \pre cid < plan.total(), and not below the previous call's cid.
  ClientSlot next(model::ClientId cid) {
    const auto id = static_cast<std::int64_t>(cid);
    if (id < plan_.existing) {
      while (plan_.existing_ends[static_cast<std::size_t>(entry_)] <= id) ++entry_;
      return {true, entry_, 0};
    }
    if (id < plan_.existing + plan_.starting_cohort) return {};
    while (plan_.month_first[static_cast<std::size_t>(month_) + 1] <= id) ++month_;
    return {false, -1, month_};
  }

 private:
  const ArrivalPlan& plan_;
  int entry_ = 0;
  model::Month month_ = 0;
};

//! Monthly referral counts of one replication (starting cohort excluded), for months
//! 0 .. horizon - 1. Poisson: count_t ~ Poisson(rate_at(t)) from Stream::arrival with
//! client = t. Deterministic: count_t = floor(C(t+1) + 1e-9) - floor(C(t) + 1e-9), where
//! C(t) is the expected count of months 0 .. t-1; the 1e-9 keeps sums such as 10 x 0.1
//! from losing a referral to rounding.
std::vector<std::int64_t> monthly_referrals(const model::Referrals& referrals, model::Month horizon,
                                            std::uint64_t seed, std::uint64_t replication);

//! The arrival plan of one replication (see monthly_referrals for the counts).
ArrivalPlan plan_arrivals(const model::Referrals& referrals, model::Month horizon,
                          std::uint64_t seed, std::uint64_t replication);

}  // namespace pbr::sim
