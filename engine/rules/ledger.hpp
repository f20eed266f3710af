#pragma once
//! \file A replication's payments by month, rule and group: what the contract-level stage
//! (caps, cohort thresholds, deadweight) reads and rewrites.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::rules {

//! Clawbacks of one (payment month, clawback month, rule, group) cell: what the contract
//! stage needs to recover no more than a payment paid after its own cuts.
template <class T>
struct Recovery {
  model::Month paid_month = 0;  //!< month of the payments recovered
  model::Month month = 0;       //!< month of the clawback, > paid_month
  model::RuleIndex rule = 0;    //!< rule
  model::GroupIndex group = 0;  //!< group
  T amount{};                   //!< stage-1 pence recovered (> 0)
  [[nodiscard]] auto key() const { return std::tie(paid_month, rule, group, month); }
};

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
  //! payment_counts[(t * rules + r) * groups + g]: positive stage-1 payments of rule r dated
  //! t for group g (the achievement counts of graded payments). By group, like every other
  //! field, so that the ledger of a mix of per-group choices is the sum of its groups' parts.
  std::vector<T> payment_counts;
  //! Clawbacks by the month of the payment they recover (Monte Carlo only; the exact trace
  //! leaves it empty). Kept compact: sorted by key with one entry per key once compacted.
  std::vector<Recovery<T>> recoveries;
  //! recoveries.size() after the last compaction (to compact again when it doubles)
  std::size_t recoveries_compacted = 0;
  //! treated_in_window[r * groups + g][k]: group g's part of the rule's cohort in measurement
  //! window k of a graded rule (clients in treatment-kind states at some month of the
  //! window); empty for other rules
  std::vector<std::vector<T>> treated_in_window;

  PaymentLedger() = default;
  PaymentLedger(int h, int r, int g)
      : months(h),
        rules(r),
        groups(g),
        payments(static_cast<std::size_t>(h) * r * g),
        qualifying(static_cast<std::size_t>(r) * g),
        payment_counts(static_cast<std::size_t>(h) * r * g),
        treated_in_window(static_cast<std::size_t>(r) * g) {}

  T& payment_count_at(model::Month t, model::RuleIndex r, model::GroupIndex g) {
    return payment_counts[(static_cast<std::size_t>(t) * rules + r) * groups + g];
  }
  const T& payment_count_at(model::Month t, model::RuleIndex r, model::GroupIndex g) const {
    return payment_counts[(static_cast<std::size_t>(t) * rules + r) * groups + g];
  }
  //! Sum over groups of payment_count_at(t, r, g).
  T payment_count_total(model::Month t, model::RuleIndex r) const {
    T sum{};
    for (model::GroupIndex g = 0; g < groups; ++g) sum += payment_count_at(t, r, g);
    return sum;
  }
  std::vector<T>& treated_in_window_at(model::RuleIndex r, model::GroupIndex g) {
    return treated_in_window[static_cast<std::size_t>(r) * groups + g];
  }
  const std::vector<T>& treated_in_window_at(model::RuleIndex r, model::GroupIndex g) const {
    return treated_in_window[static_cast<std::size_t>(r) * groups + g];
  }
  //! Sum over groups of the rule's cohort in window k (0 past a group's recorded windows).
  T treated_total(model::RuleIndex r, std::size_t k) const {
    T sum{};
    for (model::GroupIndex g = 0; g < groups; ++g) {
      const auto& w = treated_in_window_at(r, g);
      if (k < w.size()) sum += w[k];
    }
    return sum;
  }

  //! Sorts recoveries by key and sums entries with equal keys (exact for integer T), so
  //! their number is bounded by the distinct cells, not by the clients.
  void compact_recoveries() {
    std::sort(recoveries.begin(), recoveries.end(),
              [](const Recovery<T>& a, const Recovery<T>& b) { return a.key() < b.key(); });
    std::size_t out = 0;
    for (std::size_t i = 0; i < recoveries.size(); ++i) {
      if (out > 0 && recoveries[out - 1].key() == recoveries[i].key()) {
        recoveries[out - 1].amount += recoveries[i].amount;
      } else {
        recoveries[out++] = recoveries[i];
      }
    }
    recoveries.resize(out);
    recoveries_compacted = out;
  }

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
  //! Element-wise sum; exact (order-free) for integer T. Recoveries are concatenated and
  //! compacted, so the result does not depend on the merge order either.
  void merge(const PaymentLedger& other) {
    for (std::size_t i = 0; i < payments.size(); ++i) payments[i] += other.payments[i];
    for (std::size_t i = 0; i < qualifying.size(); ++i) qualifying[i] += other.qualifying[i];
    for (std::size_t i = 0; i < payment_counts.size(); ++i)
      payment_counts[i] += other.payment_counts[i];
    for (std::size_t r = 0; r < treated_in_window.size() && r < other.treated_in_window.size();
         ++r) {
      auto& mine = treated_in_window[r];
      const auto& theirs = other.treated_in_window[r];
      if (mine.size() < theirs.size()) mine.resize(theirs.size(), T{});
      for (std::size_t k = 0; k < theirs.size(); ++k) mine[k] += theirs[k];
    }
    if (!other.recoveries.empty()) {
      recoveries.insert(recoveries.end(), other.recoveries.begin(), other.recoveries.end());
      compact_recoveries();
    }
  }
};

}  // namespace pbr::rules
