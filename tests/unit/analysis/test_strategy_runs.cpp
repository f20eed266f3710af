// Tests of engine/analysis/strategy_runs: strategy comparisons from scenario to outputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "engine/analysis/strategy_runs.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/output/run_summary.hpp"
#include "engine/sim/policy.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;

TEST_CASE("strategy lists split on commas", "[analysis][strategy_runs]") {
  CHECK(analysis::split_strategy_list(" cherry_pick, park ,,worst_case ") ==
        std::vector<std::string>{"cherry_pick", "park", "worst_case"});
  CHECK(analysis::split_strategy_list("").empty());
}

TEST_CASE("run_strategies: summary rows per strategy, admit_all as a plain run",
          "[analysis][strategy_runs]") {
  const auto s = strategy::testing::two_group_scenario();
  sim::RunSettings rs;
  rs.seed = 8;
  rs.replications = 10;
  const std::vector<std::string> names{"cherry_pick"};
  const auto out = analysis::run_strategies(s, rs, names, true);
  CHECK(out.strategies == std::vector<std::string>{"admit_all", "cherry_pick"});
  REQUIRE(out.monthly.size() == 2);
  const auto plain = output::summary_rows_monte_carlo(
      s, "admit_all", sim::run_cohort(s, sim::admit_all_policy(s), rs));
  REQUIRE(out.rows.size() == 2 * plain.size());
  for (std::size_t i = 0; i < plain.size(); ++i) {
    CHECK(out.rows[i].strategy == "admit_all");
    CHECK(out.rows[i].metric == plain[i].metric);
    CHECK(out.rows[i].mean == plain[i].mean);
    CHECK(out.rows[plain.size() + i].strategy == "cherry_pick");
  }
  CHECK(out.report.verdict.verdict == strategy::Verdict::high);
}

TEST_CASE("exact mode evaluates every strategy, and agrees with the paired Monte Carlo gain",
          "[analysis][strategy_runs][stat]") {
  // Before the fix, --method exact silently dropped the scenario's strategies. Now each one
  // gets expected-value rows and an expected gain; the Monte Carlo's paired gain (common
  // random numbers) estimates the same number: within 4 of its standard errors.
  auto loaded = format::load_scenario(PBR_SOURCE_DIR "/scenarios/default.json");
  auto s = loaded.scenario;
  s.horizon_months = 24;
  const std::vector<std::string> names = {"admit_all", "cherry_pick", "park"};
  const auto exact = analysis::run_strategies_exact(s, names, false);
  REQUIRE(exact.strategies == names);
  REQUIRE(exact.gains.size() == 2);
  std::map<std::string, int> rows;
  for (const auto& r : exact.rows) ++rows[r.strategy];
  CHECK(rows.size() == 3);
  CHECK(rows["cherry_pick"] == rows["admit_all"]);
  const auto mc =
      analysis::run_strategies(s, {.seed = 7, .replications = 100, .threads = 2}, names, false);
  for (const auto& g : exact.gains) {
    CAPTURE(g.strategy, g.gain);
    const auto found = std::find_if(mc.report.strategies.begin(), mc.report.strategies.end(),
                                    [&](const auto& sr) { return sr.strategy == g.strategy; });
    REQUIRE(found != mc.report.strategies.end());
    const auto& d = found->gain.difference;
    CHECK(std::abs(d.mean - g.gain) <= 4 * d.se);
  }
  CHECK_THAT(output::exact_gains_text(exact),
             Catch::Contains("cherry_pick") &&
                 Catch::Contains("the risk report needs replications (--method mc)"));
}
