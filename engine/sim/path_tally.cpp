#include "engine/sim/path_tally.hpp"

namespace pbr::sim {

void add_path(const model::ClientPath& path, ReplicationTally<std::int64_t>& tally) {
  const auto S = static_cast<std::size_t>(tally.states);
  const auto G = static_cast<std::size_t>(tally.groups);
  const auto g = static_cast<std::size_t>(path.group);
  auto& gt = tally.by_group[g];
  const auto& e = path.entries;
  gt.placements[static_cast<std::size_t>(e.front().state)] += 1;
  std::int64_t* occ = tally.occupancy.data();
  for (std::size_t i = 0; i < e.size(); ++i) {
    const auto s = static_cast<std::size_t>(e[i].state);
    const model::Month begin = e[i].month;
    const model::Month end = i + 1 < e.size() ? e[i + 1].month : tally.horizon;
    if (i > 0) gt.transitions[static_cast<std::size_t>(e[i - 1].state) * S + s] += 1;
    occ[(static_cast<std::size_t>(begin) * S + s) * G + g] += 1;
    if (end < tally.horizon) occ[(static_cast<std::size_t>(end) * S + s) * G + g] -= 1;
  }
}

std::vector<core::Pence> unit_costs(const model::Scenario& scenario, const ProviderPolicy& policy) {
  const std::size_t S = scenario.states.size();
  const std::size_t G = scenario.groups.size();
  std::vector<core::Pence> out(S * G, 0);
  for (std::size_t g = 0; g < G; ++g) {
    if (g >= scenario.economics.cost_per_month.size()) continue;
    const auto& row = scenario.economics.cost_per_month[g];
    for (std::size_t s = 0; s < S && s < row.size(); ++s) {
      const bool treatment = scenario.states[s].kind == model::StateKind::treatment;
      // Rounded once per (group, state) so that cost = occupancy x unit cost stays exact.
      out[g * S + s] =
          treatment ? core::scale_pence(row[s], policy.groups[g].cost_multiplier) : row[s];
    }
  }
  return out;
}

void finish_occupancy_and_cost(std::span<const core::Pence> costs,
                               ReplicationTally<std::int64_t>& tally) {
  const auto S = static_cast<std::size_t>(tally.states);
  const auto G = static_cast<std::size_t>(tally.groups);
  const std::size_t slice = S * G;  // one month of occupancy
  for (std::size_t t = 1; t < static_cast<std::size_t>(tally.horizon); ++t) {
    for (std::size_t i = 0; i < slice; ++i) {
      tally.occupancy[t * slice + i] += tally.occupancy[(t - 1) * slice + i];
    }
  }
  for (std::size_t t = 0; t < static_cast<std::size_t>(tally.horizon); ++t) {
    for (std::size_t g = 0; g < G; ++g) {
      core::Pence sum = 0;
      for (std::size_t s = 0; s < S; ++s) {
        const std::int64_t occ = tally.occupancy[(t * S + s) * G + g];
        sum += occ * costs[g * S + s];
        // Client-months are the occupancy summed over months: cheaper here than per stay.
        tally.by_group[g].client_months[s] += occ;
      }
      tally.cost[t * G + g] = sum;
    }
  }
}

}  // namespace pbr::sim
