#pragma once
//! \file What one replication of the cohort produced: per-group tallies and a monthly ledger.
//!
//! The same shape holds Monte Carlo counts (T = std::int64_t, exact integers, so merging
//! blocks in any order gives identical totals) and exact expected values from the Markov
//! trace (T = double). Metrics (metrics.hpp) are derived from either in the same way, which
//! is what lets the Monte Carlo be tested against the exact computation.

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "engine/model/ids.hpp"
#include "engine/rules/ledger.hpp"

namespace pbr::sim {

//! Tallies for one client group.
template <class T>
struct GroupTally {
  T referrals{};      //!< referrals arriving in the horizon (incl. starting cohort; not existing)
  T admissions{};     //!< referrals admitted to treatment (incl. after waiting)
  T refused{};        //!< referrals the provider chose not to admit (behaviour / strategy)
  T turned_away{};    //!< referrals turned away for lack of capacity (incl. after max wait)
  T existing{};       //!< clients already in the caseload at month 0
  T waited{};         //!< admitted clients who waited at least one month
  T wait_months{};    //!< total months waited by admitted clients
  T direct_starts{};  //!< admitted referrals placed straight into a treatment-kind state
  //! transitions[from * S + to]: moves observed within the horizon (placements excluded)
  std::vector<T> transitions;
  //! placements[state]: where clients were placed on arrival (or at month 0 if existing)
  std::vector<T> placements;
  //! client_months[state]: months spent in each state within the horizon
  std::vector<T> client_months;
};

//! One replication's totals. Sizes: S states, G groups, R rules, H horizon months.
template <class T>
struct ReplicationTally {
  int states = 0, groups = 0, rules = 0, horizon = 0;
  std::vector<GroupTally<T>> by_group;
  //! occupancy[(t * S + s) * G + g]: clients in state s during month t
  std::vector<T> occupancy;
  //! Payments by month, rule and group (after the contract-level stage once
  //! rules::apply_contract_terms has run).
  rules::PaymentLedger<T> ledger;
  //! cost[t * G + g]: provider's cost in pence in month t for group g
  std::vector<T> cost;

  ReplicationTally() = default;
  ReplicationTally(int s, int g, int r, int h)
      : states(s),
        groups(g),
        rules(r),
        horizon(h),
        by_group(static_cast<std::size_t>(g)),
        occupancy(static_cast<std::size_t>(h) * s * g),
        ledger(h, r, g),
        cost(static_cast<std::size_t>(h) * g) {
    for (auto& gt : by_group) {
      gt.transitions.assign(static_cast<std::size_t>(s) * s, T{});
      gt.placements.assign(static_cast<std::size_t>(s), T{});
      gt.client_months.assign(static_cast<std::size_t>(s), T{});
    }
  }

  T& occupancy_at(int t, int s, int g) {
    return occupancy[(static_cast<std::size_t>(t) * states + s) * groups + g];
  }
  T& cost_at(int t, int g) { return cost[static_cast<std::size_t>(t) * groups + g]; }

  //! Adds another tally of the same shape, element by element. For integer T the result does
  //! not depend on merge order; callers still merge in block order for floating T.
  void merge(const ReplicationTally& other);
};

template <class T>
void ReplicationTally<T>::merge(const ReplicationTally& other) {
  const auto add = [](std::vector<T>& a, const std::vector<T>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
  };
  for (std::size_t g = 0; g < by_group.size(); ++g) {
    auto& a = by_group[g];
    const auto& b = other.by_group[g];
    a.referrals += b.referrals;
    a.admissions += b.admissions;
    a.refused += b.refused;
    a.turned_away += b.turned_away;
    a.existing += b.existing;
    a.waited += b.waited;
    a.wait_months += b.wait_months;
    a.direct_starts += b.direct_starts;
    add(a.transitions, b.transitions);
    add(a.placements, b.placements);
    add(a.client_months, b.client_months);
  }
  add(occupancy, other.occupancy);
  ledger.merge(other.ledger);
  add(cost, other.cost);
}

//! The element-by-element sum of tallies of one shape (ReplicationTally::merge in the order
//! given). \throws std::invalid_argument when `tallies` is empty
template <class T>
ReplicationTally<T> sum_of(std::span<const ReplicationTally<T>> tallies) {
  if (tallies.empty()) throw std::invalid_argument("sum_of: no tallies");
  ReplicationTally<T> total = tallies[0];
  for (std::size_t i = 1; i < tallies.size(); ++i) total.merge(tallies[i]);
  return total;
}

}  // namespace pbr::sim
