// Adding paths to a tally and finishing it: difference arrays, client-months, costs.
#include <catch2/catch.hpp>

#include "engine/sim/path_tally.hpp"

#include "test_models.hpp"

using namespace pbr;
using SK = model::StateKind;

TEST_CASE("add_path and finish give occupancy, moves, client-months and cost", "[sim][tally]") {
  auto s = test::skeleton({test::state("treat", SK::treatment), test::state("out", SK::other),
                           test::state("dead", SK::death)},
                          2, 6);
  s.economics.cost_per_month = {{1000, 10, 0}, {2001, 20, 0}};
  auto policy = sim::admit_all_policy(s);
  policy.groups[1].cost_multiplier = 0.5;  // 2001 x 0.5 = 1000.5 -> 1001 (half away from 0)
  const auto costs = sim::unit_costs(s, policy);
  CHECK(costs == std::vector<core::Pence>{1000, 10, 0, 1001, 20, 0});

  sim::ReplicationTally<std::int64_t> t(3, 2, 0, 6);
  model::ClientPath p;
  p.group = 0;
  p.entries = {{0, 0}, {2, 1}, {3, 0}, {5, 2}};  // treat 0-1, out 2, treat 3-4, dead 5
  sim::add_path(p, t);
  p.group = 1;
  p.entries = {{4, 1}};  // arrives at month 4 in "out"
  sim::add_path(p, t);
  CHECK(t.by_group[0].placements == std::vector<std::int64_t>{1, 0, 0});
  CHECK(t.by_group[1].placements == std::vector<std::int64_t>{0, 1, 0});
  CHECK(t.by_group[0].transitions[0 * 3 + 1] == 1);
  CHECK(t.by_group[0].transitions[1 * 3 + 0] == 1);
  CHECK(t.by_group[0].transitions[0 * 3 + 2] == 1);
  sim::finish_occupancy_and_cost(costs, t);
  CHECK(t.by_group[0].client_months == std::vector<std::int64_t>{4, 1, 1});
  CHECK(t.by_group[1].client_months == std::vector<std::int64_t>{0, 2, 0});
  CHECK(sim::simulated_client_months(t) == 6 + 2);
  const int treat0[] = {1, 1, 0, 1, 1, 0};
  const int out1[] = {0, 0, 0, 0, 1, 1};
  for (int m = 0; m < 6; ++m) {
    CHECK(t.occupancy_at(m, 0, 0) == treat0[m]);
    CHECK(t.occupancy_at(m, 1, 1) == out1[m]);
    CHECK(t.occupancy_at(m, 2, 0) == (m == 5 ? 1 : 0));
    CHECK(t.cost_at(m, 0) == treat0[m] * 1000 + (m == 2 ? 10 : 0));
    CHECK(t.cost_at(m, 1) == out1[m] * 20);
  }
}
