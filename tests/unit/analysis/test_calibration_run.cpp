// Tests of engine/analysis/calibration_run: a calibration and its before/after comparison.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "engine/analysis/calibration_run.hpp"
#include "engine/output/risk_report.hpp"
#include "engine/strategy/compare.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using strategy::testing::two_group_scenario;

namespace {

double band_margin(const strategy::RiskReport& report, const std::string& band) {
  for (const auto& row : report.margins) {
    if (row.scope_kind == "band" && row.scope == band) return row.margin;
  }
  FAIL("no margin row for band " << band);
  return NAN;
}

}  // namespace

TEST_CASE("calibration_strategies: the scenario's own, else the built-ins it can evaluate",
          "[analysis][calibration]") {
  auto s = two_group_scenario();
  s.strategies.names = {"admit_all", "park"};
  CHECK(analysis::calibration_strategies(s) == std::vector<std::string>{"admit_all", "park"});
  s.strategies.names = {"admit_all"};
  CHECK(analysis::calibration_strategies(s) == std::vector<std::string>{"admit_all", "cherry_pick",
                                                                        "park", "fast_track",
                                                                        "best_response"});
  s.behaviours.pop_back();  // no fast_track behaviour any more
  CHECK(analysis::calibration_strategies(s) ==
        std::vector<std::string>{"admit_all", "cherry_pick", "park", "best_response"});
}

TEST_CASE("non_positive_amounts names each amount a calibration would take to zero or below",
          "[analysis][calibration]") {
  const auto s = two_group_scenario();
  auto calibrated = s.contract;
  CHECK(analysis::non_positive_amounts(s, calibrated).empty());
  calibrated.rules[0].amount_by_band = {250000, -310};
  CHECK(analysis::non_positive_amounts(s, calibrated) ==
        std::vector<std::string>{"payment '" + s.contract.rules[0].name +
                                 "', band 'high': 2000.00 -> -3.10 pounds"});
  calibrated.rules[0].amount_by_band = {0, 200000};
  CHECK(analysis::non_positive_amounts(s, calibrated) ==
        std::vector<std::string>{"payment '" + s.contract.rules[0].name +
                                 "', band 'low': 2000.00 -> 0.00 pounds"});
}

TEST_CASE("calibrate_and_compare: both tariffs compared with the run's random numbers",
          "[analysis][calibration]") {
  auto s = strategy::testing::profitable_on_average();
  s.strategies.names = {"admit_all", "cherry_pick", "park"};
  sim::RunSettings run;
  run.seed = 5;
  run.replications = 20;
  const auto out =
      analysis::calibrate_and_compare(s, strategy::CalibrationObjective::equal_margin, -1.0, run);
  REQUIRE(out.result.converged);
  CHECK(out.calibrated.name == "two_groups_calibrated");
  CHECK(out.calibrated.contract.rules[0].amount_by_band ==
        out.result.contract.rules[0].amount_by_band);
  CHECK(out.strategies == std::vector<std::string>{"admit_all", "cherry_pick", "park"});
  CHECK(out.non_positive.empty());

  // The reports are exactly those of a comparison with the same settings, byte for byte.
  strategy::CompareSettings compare;
  compare.run = run;
  CHECK(output::risk_report_csv(out.before) ==
        output::risk_report_csv(strategy::build_risk_report(
            s, strategy::compare_strategies(s, compare, out.strategies))));
  CHECK(
      output::risk_report_csv(out.after) ==
      output::risk_report_csv(strategy::build_risk_report(
          out.calibrated, strategy::compare_strategies(out.calibrated, compare, out.strategies))));

  // Exact margins: the bands differ by more than 900 pounds before, by under a pound after.
  CHECK(std::abs(band_margin(out.before, "low") - band_margin(out.before, "high")) > 90000.0);
  CHECK(std::abs(band_margin(out.after, "low") - band_margin(out.after, "high")) <= 100.0);
}
