// Provider policies: admission, transition multipliers and cost multipliers.
#include <catch2/catch.hpp>

#include "engine/sim/policy.hpp"

#include <cmath>

#include "engine/sim/cohort_runner.hpp"
#include "test_models.hpp"

using namespace pbr;

TEST_CASE("apply_multipliers scales a move in every period and band, and nothing else",
          "[sim][policy]") {
  const auto s = test::pilot_like();
  const auto& base = s.transitions[0];
  const model::TransitionMultiplier m[] = {{1, 2, 0.5}, {1, 2, 0.8}, {3, 6, 2.0}};
  const auto out = sim::apply_multipliers(base, m);
  const auto& cells = out.from[1].cells;
  REQUIRE(cells.size() == 6);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    const auto& before = base.from[1].cells[c].exits;
    CHECK(cells[c].exits[0].probability ==
          Approx(before[0].probability * 0.4));  // factors multiply
    CHECK(cells[c].exits[1].probability == before[1].probability);
  }
  // A move absent from a cell stays absent: community -> recovered (3 -> 6) exists only in
  // the second duration band of the community.
  CHECK(out.from[3].cells[0].exits.size() == 1);
  CHECK(out.from[3].cells[0].exits[0].probability == base.from[3].cells[0].exits[0].probability);
  CHECK(out.from[3].cells[1].exits[1].probability == Approx(0.1));
}

TEST_CASE("apply_multipliers refuses rows above 1 and bad factors", "[sim][policy]") {
  const auto s = test::pilot_like();
  const model::TransitionMultiplier too_much[] = {{1, 3, 1.0}, {0, 1, 3.0}};
  CHECK_THROWS_WITH(sim::apply_multipliers(s.transitions[0], too_much),
                    Catch::Contains("state 0") && Catch::Contains("above 1"));
  const model::TransitionMultiplier negative[] = {{1, 2, -1.0}};
  CHECK_THROWS_AS(sim::apply_multipliers(s.transitions[0], negative), std::invalid_argument);
  const model::TransitionMultiplier out_of_range[] = {{1, 42, 1.0}};
  CHECK_THROWS_AS(sim::apply_multipliers(s.transitions[0], out_of_range), std::invalid_argument);
}

TEST_CASE("admit_all, apply_behaviour and mixed_policy resolve per group", "[sim][policy]") {
  const auto s = test::pilot_like();
  const auto all = sim::admit_all_policy(s);
  CHECK(all.name == "admit_all");
  REQUIRE(all.groups.size() == 3);
  for (const auto& g : all.groups) {
    CHECK(g.admission_probability == 1.0);
    CHECK(g.cost_multiplier == 1.0);
  }
  CHECK(all.groups[1].transitions.from[1].cells[0].exits[0].probability ==
        s.transitions[1].from[1].cells[0].exits[0].probability);

  const auto park = sim::apply_behaviour(s, s.behaviours[0]);
  CHECK(park.name == "park");
  CHECK(park.groups[1].admission_probability == 0.5);
  CHECK(park.groups[0].cost_multiplier == 0.7);
  CHECK(park.groups[2].transitions.from[1].cells[3].exits[0].probability ==
        Approx(s.transitions[2].from[1].cells[3].exits[0].probability * 0.6));

  const sim::GroupChoice choices[] = {
      {0.0, nullptr}, {1.0, &s.behaviours[0].groups[1]}, {0.25, nullptr}};
  const auto mixed = sim::mixed_policy(s, choices, "mix");
  CHECK(mixed.name == "mix");
  CHECK(mixed.groups[0].admission_probability == 0.0);
  CHECK(mixed.groups[1].admission_probability == 1.0);  // the choice, not the behaviour's 0.5
  CHECK(mixed.groups[1].cost_multiplier == 0.7);
  CHECK(mixed.groups[2].cost_multiplier == 1.0);
  CHECK(mixed.groups[0].transitions.from[1].cells[0].exits[0].probability ==
        s.transitions[0].from[1].cells[0].exits[0].probability);
  CHECK_THROWS_AS(sim::mixed_policy(s, std::span(choices, 2)), std::invalid_argument);
  auto short_behaviour = s.behaviours[0];
  short_behaviour.groups.pop_back();
  CHECK_THROWS_AS(sim::apply_behaviour(s, short_behaviour), std::invalid_argument);
}

TEST_CASE("a policy's admission probability refuses referrals at that rate (within 4 SE)",
          "[sim][policy][stat]") {
  auto s = test::pilot_like(12);
  s.referrals.existing.clear();
  const sim::GroupChoice choices[] = {{0.3, nullptr}, {0.0, nullptr}, {1.0, nullptr}};
  const auto policy = sim::mixed_policy(s, choices);
  const auto tallies = sim::run_cohort(s, policy, {5, 20, 0, 4096});
  double referred = 0, admitted = 0;
  for (const auto& t : tallies) {
    referred += static_cast<double>(t.by_group[0].referrals);
    admitted += static_cast<double>(t.by_group[0].admissions);
    CHECK(t.by_group[1].admissions == 0);
    CHECK(t.by_group[1].refused == t.by_group[1].referrals);
    CHECK(t.by_group[2].refused == 0);
    // Refused referrals follow the untreated pathway: placed in the untreated state.
    CHECK(t.by_group[1].placements[8] == t.by_group[1].referrals);
  }
  CHECK(std::fabs(admitted / referred - 0.3) <= 4 * std::sqrt(0.3 * 0.7 / referred));
}

TEST_CASE("a cost multiplier scales the treatment cost, rounded once per client-month",
          "[sim][policy]") {
  auto s = test::pilot_like(12);
  s.economics.cost_per_month[0][1] = 33333;  // 333.33 pounds x 0.7 = 233.331 -> 23333 pence
  model::Behaviour cheap;
  cheap.name = "cheap";
  cheap.groups.resize(3);
  cheap.groups[0].cost_multiplier = 0.7;
  const auto policy = sim::apply_behaviour(s, cheap);
  auto t = sim::run_cohort(s, policy, {9, 1, 0, 4096})[0];
  for (int m = 0; m < 12; ++m) {
    // Waiting costs (state 0) are not scaled; nobody waits without capacity.
    CHECK(t.cost_at(m, 0) == t.occupancy_at(m, 1, 0) * 23333);
    CHECK(t.cost_at(m, 2) == t.occupancy_at(m, 1, 2) * 18000);
  }
}
