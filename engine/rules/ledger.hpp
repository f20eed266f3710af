#pragma once
//! \file A replication's payments by month, rule and group: what the contract-level stage
//! (caps, cohort thresholds, deadweight) reads and rewrites.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::rules {

//! Payments of one replication. T = std::int64_t (pence) for Monte Carlo; T = double for the
//! exact expected values.
template <class T>
struct PaymentLedger {
  int months = 0, rules = 0, groups = 0;
  //! payments[(t * rules + r) * groups + g]: pence paid by rule r in month t for group g
  //! (clawbacks are negative entries)
  std::vector<T> payments;
  //! qualifying[r * groups + g]: clients with at least one payable event under rule r
  std::vector<T> qualifying;

  PaymentLedger() = default;
  PaymentLedger(int h, int r, int g)
      : months(h),
        rules(r),
        groups(g),
        payments(static_cast<std::size_t>(h) * r * g),
        qualifying(static_cast<std::size_t>(r) * g) {}

  T& payment_at(model::Month t, model::RuleIndex r, model::GroupIndex g) {
    return payments[(static_cast<std::size_t>(t) * rules + r) * groups + g];
  }
  const T& payment_at(model::Month t, model::RuleIndex r, model::GroupIndex g) const {
    return payments[(static_cast<std::size_t>(t) * rules + r) * groups + g];
  }
  T& qualifying_at(model::RuleIndex r, model::GroupIndex g) {
    return qualifying[static_cast<std::size_t>(r) * groups + g];
  }
  const T& qualifying_at(model::RuleIndex r, model::GroupIndex g) const {
    return qualifying[static_cast<std::size_t>(r) * groups + g];
  }
  //! Element-wise sum; exact (order-free) for integer T.
  void merge(const PaymentLedger& other) {
    for (std::size_t i = 0; i < payments.size(); ++i) payments[i] += other.payments[i];
    for (std::size_t i = 0; i < qualifying.size(); ++i) qualifying[i] += other.qualifying[i];
  }
};

}  // namespace pbr::rules
