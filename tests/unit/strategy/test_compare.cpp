#include <catch2/catch.hpp>

#include <cmath>
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

// Two summaries of the same values in the same order are equal field for field.
void check_same(const stats::Summary& a, const stats::Summary& b) {
  CHECK(a.n == b.n);
  CHECK(a.mean == b.mean);
  CHECK(a.sd == b.sd);
  CHECK(a.p05 == b.p05);
  CHECK(a.p50 == b.p50);
  CHECK(a.p95 == b.p95);
  CHECK(a.min == b.min);
  CHECK(a.max == b.max);
}

TEST_CASE("every strategy sees the same referrals (common random numbers)", "[strategy][compare]") {
  auto s = two_group_scenario();
  s.referrals.poisson = true;  // the monthly counts are random draws here
  const auto cmp = run(s, {"cherry_pick", "park", "worst_case"});
  REQUIRE(cmp.strategies.size() == 4);
  CHECK(cmp.strategies[0].plan.name == "admit_all");
  const auto& base = cmp.strategies[0].metrics;
  CHECK(base.summary("referrals").sd > 0.0);  // the counts do vary between replications
  for (const auto& r : cmp.strategies) {
    CHECK(r.replications == 60);
    CHECK(r.metrics.replications() == 60);
    check_same(r.metrics.summary("referrals"), base.summary("referrals"));
    check_same(r.metrics.summary("referrals", "group", "easy"),
               base.summary("referrals", "group", "easy"));
    // The paired referral counts are identical: their difference is exactly 0 throughout.
    CHECK(r.population.result().turned_away.n == 60);
  }
  // cherry_pick refuses exactly the hard group's referrals, replication by replication.
  const auto& cherry = cmp.strategies[1].metrics;
  check_same(cherry.summary("refused", "group", "hard"),
             cherry.summary("referrals", "group", "hard"));
  CHECK(cmp.strategies[1].total.by_group[1].refused ==
        cmp.strategies[1].total.by_group[1].referrals);
}

TEST_CASE("a strategy that decides like admit_all reproduces it exactly", "[strategy][compare]") {
  auto s = two_group_scenario(0.12, 0.12);  // both groups profitable: nothing to refuse or park
  s.behaviours.pop_back();                  // no fast_track
  const auto cmp = run(s, {"cherry_pick", "park", "worst_case"}, 20);
  const auto& base = cmp.strategies[0].metrics;
  for (const auto& r : cmp.strategies) {
    check_same(r.metrics.summary("provider_margin"), base.summary("provider_margin"));
    check_same(r.metrics.summary("deaths"), base.summary("deaths"));
    const auto gain = r.gain.summary().difference;
    CHECK(gain.min == 0.0);
    CHECK(gain.max == 0.0);
    const auto population = r.population.result();
    CHECK(population.deaths_added.max == 0.0);
    CHECK(population.deaths_added.min == 0.0);
  }
}

TEST_CASE("common random numbers make the gain's standard error smaller than unpaired runs",
          "[strategy][compare][stat]") {
  const auto s = two_group_scenario();
  const auto cmp = run(s, {"cherry_pick", "park"}, 100);
  for (std::size_t i = 1; i < cmp.strategies.size(); ++i) {
    const auto paired = cmp.strategies[i].gain.summary();
    INFO(cmp.strategies[i].plan.name << ": paired se " << paired.difference.se << ", unpaired se "
                                     << paired.unpaired_se);
    CHECK(paired.difference.se > 0.0);
    CHECK(paired.difference.se < paired.unpaired_se);
    // The gain is the difference of the two margins' means.
    CHECK(paired.difference.mean ==
          Approx(cmp.strategies[i].metrics.summary("provider_margin").mean -
                 cmp.strategies[0].metrics.summary("provider_margin").mean)
              .epsilon(1e-12)
              .margin(1e-6));
  }
}

TEST_CASE("summaries past the kept values stream and agree with the kept ones",
          "[strategy][compare]") {
  const auto s = two_group_scenario();
  strategy::CompareSettings kept;
  kept.run.seed = 7;
  kept.run.replications = 80;
  auto streamed = kept;
  streamed.kept_values = 16;  // 80 replications > 16: every summary streams
  const std::vector<std::string> names = {"cherry_pick"};
  const auto a = strategy::compare_strategies(s, kept, names);
  const auto b = strategy::compare_strategies(s, streamed, names);
  for (std::size_t i = 0; i < a.strategies.size(); ++i) {
    const auto& x = a.strategies[i];
    const auto& y = b.strategies[i];
    for (std::size_t k = 0; k < x.metrics.keys().size(); ++k) {
      const auto sx = x.metrics.summary(k);
      const auto sy = y.metrics.summary(k);
      INFO(x.metrics.keys()[k].metric << " " << x.metrics.keys()[k].scope);
      if (std::isnan(sx.mean)) {  // a ratio with a zero denominator: undefined either way
        CHECK(std::isnan(sy.mean));
        continue;
      }
      // Mean and spread: the same numbers by another summation order.
      CHECK(sy.mean == Approx(sx.mean).epsilon(1e-12).margin(1e-9));
      CHECK(sy.se == Approx(sx.se).epsilon(1e-9).margin(1e-9));
      if (std::isnan(sx.min)) continue;  // a ratio of means has no single-replication range
      CHECK(sy.min == sx.min);
      CHECK(sy.max == sx.max);
      CHECK(sy.prob_negative == sx.prob_negative);
      // P-square quantiles are estimates inside the observed range.
      CHECK(sy.p05 >= sy.min);
      CHECK(sy.p95 <= sy.max);
    }
    CHECK(y.gain.summary().difference.mean ==
          Approx(x.gain.summary().difference.mean).epsilon(1e-12).margin(1e-9));
    CHECK(y.gain.summary().unpaired_se ==
          Approx(x.gain.summary().unpaired_se).epsilon(1e-9).margin(1e-9));
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

TEST_CASE("a metric summary names what it cannot find", "[strategy][compare]") {
  const auto s = two_group_scenario();
  const auto cmp = run(s, {}, 2);
  CHECK_THROWS_WITH(cmp.strategies[0].metrics.summary("no_such_metric"),
                    "metric 'no_such_metric' in scope total 'total' not found");
  CHECK(strategy::margin_metric(s) == "provider_margin");
  auto d = s;
  d.contract.annual_discount_rate = 0.035;
  CHECK(strategy::margin_metric(d) == "discounted_provider_margin");
  CHECK(strategy::payments_metric(d) == "discounted_payments_total");
}
