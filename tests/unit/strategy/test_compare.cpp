#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/stats/summary.hpp"
#include "engine/strategy/compare.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using strategy::testing::two_group_scenario;

namespace {

strategy::Comparison run(const model::Scenario& s, std::vector<std::string> names, int reps = 60) {
  strategy::CompareSettings cs;
  cs.run.seed = 99;
  cs.run.replications = reps;
  return strategy::compare_strategies(s, cs, names);
}

}  // namespace

TEST_CASE("every strategy sees the same referrals (common random numbers)", "[strategy][compare]") {
  auto s = two_group_scenario();
  s.referrals.poisson = true;  // the monthly counts are random draws here
  const auto cmp = run(s, {"cherry_pick", "park", "worst_case"});
  REQUIRE(cmp.strategies.size() == 4);
  CHECK(cmp.strategies[0].plan.name == "admit_all");
  const auto base = strategy::metric_series(cmp.strategies[0], "referrals");
  const auto base_easy = strategy::metric_series(cmp.strategies[0], "referrals", "group", "easy");
  for (const auto& r : cmp.strategies) {
    CHECK(r.tallies.size() == 60);
    CHECK(r.metrics.size() == 60);
    CHECK(strategy::metric_series(r, "referrals") == base);
    CHECK(strategy::metric_series(r, "referrals", "group", "easy") == base_easy);
  }
  // cherry_pick refuses exactly the hard group's referrals.
  const auto refused_hard = strategy::metric_series(cmp.strategies[1], "refused", "group", "hard");
  CHECK(refused_hard == strategy::metric_series(cmp.strategies[1], "referrals", "group", "hard"));
}

TEST_CASE("a strategy that decides like admit_all reproduces it exactly", "[strategy][compare]") {
  auto s = two_group_scenario(0.12, 0.12);  // both groups profitable: nothing to refuse or park
  s.behaviours.pop_back();                  // no fast_track
  const auto cmp = run(s, {"cherry_pick", "park", "worst_case"}, 20);
  const auto base = strategy::metric_series(cmp.strategies[0], "provider_margin");
  for (const auto& r : cmp.strategies) {
    CHECK(strategy::metric_series(r, "provider_margin") == base);
    CHECK(strategy::metric_series(r, "deaths") ==
          strategy::metric_series(cmp.strategies[0], "deaths"));
  }
}

TEST_CASE("common random numbers make the gain's standard error smaller than unpaired runs",
          "[strategy][compare][stat]") {
  const auto s = two_group_scenario();
  const auto cmp = run(s, {"cherry_pick", "park"}, 100);
  const auto base = strategy::metric_series(cmp.strategies[0], "provider_margin");
  for (std::size_t i = 1; i < cmp.strategies.size(); ++i) {
    const auto x = strategy::metric_series(cmp.strategies[i], "provider_margin");
    const auto paired = stats::summarise_paired(x, base);
    INFO(cmp.strategies[i].plan.name << ": paired se " << paired.difference.se << ", unpaired se "
                                     << paired.unpaired_se);
    CHECK(paired.difference.se > 0.0);
    CHECK(paired.difference.se < paired.unpaired_se);
  }
}

TEST_CASE("margins come from the exact trace when the scenario allows", "[strategy][compare]") {
  auto s = two_group_scenario();
  s.strategies.names.clear();
  const auto cmp = run(s, {}, 5);
  CHECK(cmp.margins.honest.method == strategy::MarginMethod::exact);
  CHECK(cmp.strategies.size() == 1);  // no names in the scenario or the call: admit_all only
  auto capped = s;
  capped.contract.cap_per_client = 500000;
  strategy::CompareSettings cs;
  cs.run.replications = 3;
  cs.preliminary_replications = 10;
  const auto mc = strategy::compare_strategies(capped, cs, std::vector<std::string>{});
  CHECK(mc.margins.honest.method == strategy::MarginMethod::monte_carlo);
  CHECK(mc.margins.honest.replications == 10);
  CHECK(strategy::margin_settings(cs).seed == cs.run.seed);
  cs.preliminary_replications = 0;
  CHECK(strategy::margin_settings(cs).replications == strategy::MIN_PRELIMINARY_REPLICATIONS);
}

TEST_CASE("metric_series names what it cannot find", "[strategy][compare]") {
  const auto s = two_group_scenario();
  const auto cmp = run(s, {}, 2);
  CHECK_THROWS_WITH(strategy::metric_series(cmp.strategies[0], "no_such_metric"),
                    Catch::Contains("no_such_metric"));
  CHECK(strategy::margin_metric(s) == "provider_margin");
  auto d = s;
  d.contract.annual_discount_rate = 0.035;
  CHECK(strategy::margin_metric(d) == "discounted_provider_margin");
  CHECK(strategy::payments_metric(d) == "discounted_payments_total");
}
