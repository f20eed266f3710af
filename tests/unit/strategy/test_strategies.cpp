#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/core/money.hpp"
#include "engine/exact/exact.hpp"
#include "engine/strategy/strategies.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using namespace pbr::strategy::testing;
using strategy::Effort;

namespace {

double moves(const sim::ReplicationTally<double>& t, int g, int from, int to) {
  return t.by_group[static_cast<std::size_t>(g)]
      .transitions[static_cast<std::size_t>(from * t.states + to)];
}

}  // namespace

TEST_CASE("a group with a negative margin is refused by cherry_pick and best_response",
          "[strategy][strategies]") {
  const auto s = two_group_scenario();
  const auto m = strategy::analyse_margins(s, {});
  REQUIRE(m.honest.groups[1].margin < 0.0);
  REQUIRE(m.park);
  REQUIRE(m.park->groups[1].margin < 0.0);  // parking does not rescue it either
  REQUIRE(m.fast_track->groups[1].margin < 0.0);

  const auto cp = strategy::plan_strategy(s, "cherry_pick", m);
  CHECK(cp.kind == strategy::StrategyKind::cherry_pick);
  CHECK(cp.groups[0].admission_probability == 1.0);
  CHECK(cp.groups[1].admission_probability == 0.0);
  CHECK(cp.policy.groups[1].admission_probability == 0.0);
  CHECK(cp.policy.name == "cherry_pick");

  const std::vector<std::string> best{"best_response"};
  const auto wc = strategy::plan_strategies(s, best, m, {})[0];
  CHECK(wc.kind == strategy::StrategyKind::best_response);
  CHECK(wc.groups[1].admission_probability == 0.0);
  CHECK(wc.policy.groups[1].admission_probability == 0.0);
  // For the easy group fast-tracking pays more than honest effort: the best response takes it.
  REQUIRE(m.fast_track->groups[0].margin > m.honest.groups[0].margin);
  CHECK(wc.groups[0].admission_probability == 1.0);
  CHECK(wc.groups[0].effort == Effort::fast_track);
  CHECK(wc.groups[0].expected_margin == m.fast_track->groups[0].margin);
}

TEST_CASE("cherry_pick threshold is the scenario's minimum margin", "[strategy][strategies]") {
  auto s = two_group_scenario();
  const auto m = strategy::analyse_margins(s, {});
  s.strategies.cherry_pick_min_margin = static_cast<core::Pence>(m.honest.groups[0].margin) + 1;
  const auto cp = strategy::plan_strategy(s, "cherry_pick", m);
  CHECK(cp.groups[0].admission_probability == 0.0);  // even easy misses a high bar
  s.strategies.cherry_pick_min_margin = static_cast<core::Pence>(m.honest.groups[1].margin) - 1;
  const auto lax = strategy::plan_strategy(s, "cherry_pick", m);
  CHECK(lax.groups[1].admission_probability == 1.0);
}

TEST_CASE("park applies the park effort to negative-margin groups only", "[strategy][strategies]") {
  const auto s = two_group_scenario();
  const auto m = strategy::analyse_margins(s, {});
  const auto park = strategy::plan_strategy(s, "park", m);
  CHECK(park.groups[0].effort == Effort::honest);
  CHECK(park.groups[1].effort == Effort::park);
  CHECK(park.groups[1].admission_probability == 1.0);
  CHECK(park.policy.groups[1].cost_multiplier == 0.5);
  CHECK(park.policy.groups[0].cost_multiplier == 1.0);
}

TEST_CASE("park lowers cost and outcomes exactly by the modifiers in exact mode",
          "[strategy][strategies]") {
  // 100 clients admitted at month 0, horizon 2: month 0 costs 100 x unit, the moves at its
  // end are recorded at month 1, and month 1 costs the clients still in treatment.
  auto s = two_group_scenario(0.12, 0.03, 2, 100, 0.0);
  s.groups[0].share = 0.0;  // only "hard" (negative margin) referrals
  s.groups[1].share = 1.0;
  const auto m = strategy::analyse_margins(s, {});
  REQUIRE(m.honest.groups[1].margin < 0.0);
  const auto park = strategy::plan_strategy(s, "park", m);
  const auto honest = exact::exact_expected_tally(s, sim::admit_all_policy(s));
  const auto parked = exact::exact_expected_tally(s, park.policy);

  const double done_h = moves(honest, 1, TREAT, DONE);
  const double done_p = moves(parked, 1, TREAT, DONE);
  CHECK(done_h == Approx(100 * 0.03).epsilon(1e-12));
  CHECK(done_p == Approx(100 * 0.03 * 0.5).epsilon(1e-12));
  const double unit = 20000, unit_parked = static_cast<double>(core::scale_pence(20000, 0.5));
  const double stay_h = 1.0 - (0.03 + 0.03 + 0.001);
  const double stay_p = 1.0 - (0.015 + 0.03 + 0.001);
  CHECK(honest.cost[0 * 2 + 1] == Approx(100 * unit).epsilon(1e-12));
  CHECK(parked.cost[0 * 2 + 1] == Approx(100 * unit_parked).epsilon(1e-12));
  CHECK(honest.cost[1 * 2 + 1] == Approx(100 * stay_h * unit).epsilon(1e-12));
  CHECK(parked.cost[1 * 2 + 1] == Approx(100 * stay_p * unit_parked).epsilon(1e-12));
  // Payments fall with the completions: £2,000 each, paid in month 1.
  CHECK(parked.ledger.payment_at(1, 0, 1) == Approx(done_p * 200000).epsilon(1e-12));
  CHECK(honest.ledger.payment_at(1, 0, 1) == Approx(done_h * 200000).epsilon(1e-12));
}

TEST_CASE("fast_track applies where it raises the margin", "[strategy][strategies]") {
  const auto s = two_group_scenario();
  const auto m = strategy::analyse_margins(s, {});
  const auto ft = strategy::plan_strategy(s, "fast_track", m);
  for (std::size_t g = 0; g < 2; ++g) {
    const bool raises = m.fast_track->groups[g].margin > m.honest.groups[g].margin;
    CHECK((ft.groups[g].effort == Effort::fast_track) == raises);
    CHECK(ft.groups[g].admission_probability == 1.0);
  }
}

TEST_CASE("custom behaviours are applied as declared", "[strategy][strategies]") {
  auto s = two_group_scenario();
  model::Behaviour refuse;
  refuse.name = "refuse_crack";
  refuse.groups.assign(2, model::GroupBehaviour{});
  refuse.groups[1].admission_probability = 0.25;
  s.behaviours.push_back(refuse);
  const auto m = strategy::analyse_margins(s, {});
  const auto plan = strategy::plan_strategy(s, "refuse_crack", m);
  CHECK(plan.kind == strategy::StrategyKind::custom);
  CHECK(plan.policy.name == "refuse_crack");
  CHECK(plan.policy.groups[1].admission_probability == 0.25);
  CHECK(plan.groups[1].effort == Effort::declared);
  CHECK(std::isnan(plan.groups[1].expected_margin));
}

TEST_CASE("best_per_admission picks the most profitable option, refusal worth 0",
          "[strategy][strategies]") {
  using strategy::best_per_admission;
  CHECK(best_per_admission(100, 50, 20).effort == Effort::honest);
  CHECK(best_per_admission(100, 150, 20).effort == Effort::park);
  CHECK(best_per_admission(100, 150, 200).effort == Effort::fast_track);
  const auto refuse = best_per_admission(-100, -50, std::nullopt);
  CHECK(refuse.admission_probability == 0.0);
  CHECK(refuse.expected_margin == 0.0);
  const auto rescued = best_per_admission(-100, 10, std::nullopt);
  CHECK(rescued.admission_probability == 1.0);
  CHECK(rescued.effort == Effort::park);
  CHECK(best_per_admission(0.0, std::nullopt, std::nullopt).admission_probability == 1.0);  // tie
}

TEST_CASE("strategy names resolve with admit_all first and report unknown names",
          "[strategy][strategies]") {
  const auto s = two_group_scenario();
  const std::vector<std::string> requested{"park", "admit_all", "park", "worst_case"};
  const auto names = strategy::resolve_strategy_names(s, requested);
  CHECK(names == std::vector<std::string>{"admit_all", "park", "best_response"});
  CHECK(strategy::resolve_strategy_names(s, {}) == s.strategies.names);

  const std::vector<std::string> typo{"cherry_pik"};
  CHECK_THROWS_WITH(strategy::resolve_strategy_names(s, typo),
                    Catch::Contains("unknown strategy 'cherry_pik'; did you mean 'cherry_pick'?"));
  auto bare = s;
  bare.behaviours.clear();
  const std::vector<std::string> park{"park"};
  CHECK_THROWS_AS(strategy::resolve_strategy_names(bare, park), core::InputError);
  CHECK_THROWS_WITH(strategy::resolve_strategy_names(bare, park),
                    Catch::Contains("behaviour named 'park'"));
}
