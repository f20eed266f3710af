// The best response's guarantee on every shipped scenario: its expected margin is at least
// every canned strategy's (exact expected values where exact mode applies, else the same
// common random numbers as the search).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/analysis/strategy_runs.hpp"
#include "engine/exact/exact.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/risk.hpp"

using namespace pbr;

namespace {

// Every canned strategy the scenario allows (under open access, none that refuses), then
// best_response.
std::vector<std::string> every_strategy(const model::Scenario& s) {
  std::vector<std::string> out{"admit_all"};
  if (!s.strategies.open_access) out.emplace_back("cherry_pick");
  for (const char* name : {"park", "fast_track"}) {
    if (model::find_behaviour(s.behaviours, name) >= 0) out.emplace_back(name);
  }
  for (const auto& b : s.behaviours) {
    const bool refuses = std::any_of(b.groups.begin(), b.groups.end(),
                                     [](const auto& g) { return g.admission_probability < 1.0; });
    if (s.strategies.open_access && refuses) continue;
    if (std::find(out.begin(), out.end(), b.name) == out.end()) out.push_back(b.name);
  }
  out.emplace_back("best_response");
  return out;
}

}  // namespace

TEST_CASE("on every shipped scenario the best response gains at least every canned strategy",
          "[analysis][best_response]") {
  int exact_checked = 0, simulated_checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(PBR_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".json") continue;
    auto s = format::load_scenario(entry.path().string()).scenario;
    INFO(entry.path().filename().string());
    const auto names = every_strategy(s);
    if (exact::exact_refusals(s, sim::admit_all_policy(s)).empty()) {
      const auto out = analysis::run_strategies_exact(s, names, false);
      REQUIRE(out.gains.back().strategy == "best_response");
      const double best = out.gains.back().gain;
      CHECK(best >= 0.0);  // admit_all's gain is 0
      for (const auto& g : out.gains) {
        INFO(g.strategy);
        CHECK(best >= g.gain - 1e-6 * std::max(1.0, std::abs(g.gain)));
      }
      ++exact_checked;
    } else {
      // Coupled (capacity, contract-level terms): the search and the run share the seed and
      // the replications, so the guarantee holds on the simulated numbers themselves.
      s.horizon_months = std::min(s.horizon_months, 24);
      strategy::CompareSettings cs;
      cs.run.seed = 11;
      cs.run.replications = 8;
      const auto cmp = strategy::compare_strategies(s, cs, names);
      const auto& br = cmp.strategies.back();
      REQUIRE(br.plan.name == "best_response");
      const auto margin = strategy::margin_metric(s);
      const double best = br.metrics.summary(margin).mean;
      for (const auto& r : cmp.strategies) {
        INFO(r.plan.name);
        const double m = r.metrics.summary(margin).mean;
        CHECK(best >= m - 1e-9 * std::max(1.0, std::abs(m)));
      }
      ++simulated_checked;
    }
  }
  CHECK(exact_checked >= 5);
  CHECK(simulated_checked >= 2);
}

TEST_CASE("the shipped cohort-threshold trap: the joint refusal is found and the verdict is high",
          "[analysis][best_response]") {
  // The figures docs/cherry-picking.md quotes ("A cohort-threshold trap"), from
  // `pbrsim run scenarios/cohort_threshold_trap.json` (its own seed and replications).
  const auto s =
      format::load_scenario(PBR_SOURCE_DIR "/scenarios/cohort_threshold_trap.json").scenario;
  const std::vector<std::string> names{"admit_all", "cherry_pick", "best_response"};
  const sim::RunSettings run{.seed = s.run.seed, .replications = s.run.replications};
  const auto out = analysis::run_strategies(s, run, names, false);
  const auto& report = out.report;
  CHECK(report.verdict.verdict == strategy::Verdict::high);
  CHECK(report.gaming_forms == "cherry-picking (refusing opiate_injecting, opiate_homeless)");
  REQUIRE(report.strategies.size() == 3);
  const auto& cherry = report.strategies[1];
  const auto& best = report.strategies[2];
  CHECK(cherry.gain.difference.mean == 0.0);  // cherry_pick admits everyone: no gain
  CHECK(std::abs(best.gain.difference.mean - 471330.0) < 1.0);     // printed 471,330
  CHECK(std::lround(100.0 * best.relative_gain * 100.0) == 5449);  // 54.49% of PbR payments
  for (const std::size_t g : {1, 2}) CHECK(best.decisions[g].admission_probability == 0.0);
  CHECK(best.decisions[0].admission_probability == 1.0);
  REQUIRE(report.thresholds.size() == 1);
  CHECK(report.thresholds[0].miss_probability == 1.0);
  CHECK(std::lround(report.thresholds[0].mean_rate * 1000.0) == 255);  // 25.5%
}
