#pragma once
//! \file Adding one client's path to a replication tally, and finishing a replication's
//! tally once every client is in.
//!
//! While clients are being added, ReplicationTally::occupancy holds a *difference array*:
//! a sojourn in state s from month a to month b (exclusive) adds +1 at (a, s) and -1 at
//! (b, s), O(1) per sojourn whatever its length. finish_occupancy_and_cost() turns the sums
//! into occupancy by a prefix sum over months. Integer counts make every step exact, so the
//! result does not depend on how clients were split into blocks or threads.

#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/model/client_path.hpp"
#include "engine/model/scenario.hpp"
#include "engine/sim/policy.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::sim {

//! Adds a path's placement, moves and occupancy differences (for its group) to `tally`.
//! Does not touch the admission counters, the client-months (finish_occupancy_and_cost()
//! derives them from occupancy) or the ledger.
//! \pre path.entries non-empty, months ascending and < tally.horizon.
void add_path(const model::ClientPath& path, ReplicationTally<std::int64_t>& tally);

//! Cost of one client-month per (group, state), pence: Economics::cost_per_month, scaled by
//! the policy's cost multiplier (core::scale_pence, rounded once) in treatment-kind states.
//! Indexed [g * S + s].
std::vector<core::Pence> unit_costs(const model::Scenario& scenario, const ProviderPolicy& policy);

//! Turns the occupancy difference array into occupancy (prefix sums over months), adds
//! client_months[s] = sum over months of occupancy, and fills cost[t][g] = sum over s of
//! occupancy x unit cost. Call once per replication, after merging every block.
//! \param costs from unit_costs().
void finish_occupancy_and_cost(std::span<const core::Pence> costs,
                               ReplicationTally<std::int64_t>& tally);

//! Client-months simulated in a finished tally: the sum of client_months over every state
//! and group, which equals the sum over clients of (horizon - arrival month), the
//! benchmark's unit.
template <class T>
T simulated_client_months(const ReplicationTally<T>& tally) {
  T total{};
  for (const auto& g : tally.by_group) {
    for (const auto& m : g.client_months) total += m;
  }
  return total;
}

}  // namespace pbr::sim
