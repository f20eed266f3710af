#pragma once
//! \file A scenario and hand-made tallies for the run-report tests: known numbers in, known
//! rows out, without running a simulation.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/format/scenario_reader.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::test {

//! tests/data/valid/minimal.json: 5 states (in_treatment, completed, dropped_out, died,
//! untreated), 1 band "standard", 1 group "all_clients", 1 rule "completion", 12 months.
inline const model::Scenario& minimal_scenario() {
  static const model::Scenario s =
      format::load_scenario(std::string(PBR_SOURCE_DIR) + "/tests/data/valid/minimal.json")
          .scenario;
  return s;
}

//! A tally of the minimal scenario with `referrals` referrals, all admitted, each paid
//! `paid_pence` by the completion rule in month 3; `in_treatment` clients in treatment
//! in every month at a cost of `cost_pence` per month in total.
inline sim::ReplicationTally<std::int64_t> minimal_tally(std::int64_t referrals,
                                                         std::int64_t paid_pence,
                                                         std::int64_t in_treatment,
                                                         std::int64_t cost_pence) {
  const auto& s = minimal_scenario();
  sim::ReplicationTally<std::int64_t> t(
      static_cast<int>(s.states.size()), static_cast<int>(s.groups.size()),
      static_cast<int>(s.contract.rules.size()), s.horizon_months);
  t.by_group[0].referrals = referrals;
  t.by_group[0].admissions = referrals;
  t.by_group[0].placements[0] = referrals;
  t.ledger.payment_at(3, 0, 0) = referrals * paid_pence;
  t.ledger.qualifying_at(0, 0) = referrals;
  for (int m = 0; m < s.horizon_months; ++m) {
    t.occupancy_at(m, 0, 0) = in_treatment;
    t.cost_at(m, 0) = cost_pence;
  }
  t.by_group[0].client_months[0] = in_treatment * s.horizon_months;
  return t;
}

}  // namespace pbr::test
