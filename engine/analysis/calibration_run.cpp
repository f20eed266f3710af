#include "engine/analysis/calibration_run.hpp"

#include "engine/core/money.hpp"
#include "engine/strategy/compare.hpp"

namespace pbr::analysis {

std::vector<std::string> calibration_strategies(const model::Scenario& scenario) {
  const auto resolved = strategy::resolve_strategy_names(scenario, {});
  if (resolved.size() > 1) return resolved;
  std::vector<std::string> out{"admit_all", "cherry_pick"};
  for (const char* name : {"park", "fast_track"}) {
    if (model::find_behaviour(scenario.behaviours, name) >= 0) out.emplace_back(name);
  }
  out.emplace_back("best_response");
  return out;
}

std::vector<std::string> non_positive_amounts(const model::Scenario& scenario,
                                              const model::Contract& calibrated) {
  std::vector<std::string> out;
  const auto& before = scenario.contract.rules;
  const auto& after = calibrated.rules;
  for (std::size_t r = 0; r < before.size() && r < after.size(); ++r) {
    for (std::size_t b = 0; b < scenario.bands.size(); ++b) {
      const core::Pence old_amount = before[r].amount_by_band.at(b);
      const core::Pence new_amount = after[r].amount_by_band.at(b);
      if (old_amount > 0 && new_amount <= 0) {
        out.push_back("payment '" + before[r].name + "', band '" + scenario.bands[b].name +
                      "': " + core::format_pounds(old_amount) + " -> " +
                      core::format_pounds(new_amount) + " pounds");
      }
    }
  }
  return out;
}

CalibrationRun calibrate_and_compare(const model::Scenario& scenario,
                                     strategy::CalibrationObjective objective, double tolerance,
                                     const sim::RunSettings& run) {
  strategy::CompareSettings compare;
  compare.run = run;
  strategy::CalibrationSettings settings;
  settings.objective = objective;
  settings.tolerance = tolerance;
  settings.margins = strategy::margin_settings(compare);

  CalibrationRun out;
  out.result = strategy::calibrate(scenario, settings);
  out.calibrated = scenario;
  out.calibrated.contract = out.result.contract;
  out.calibrated.name = scenario.name + "_calibrated";
  out.strategies = calibration_strategies(scenario);
  out.before = strategy::build_risk_report(
      scenario, strategy::compare_strategies(scenario, compare, out.strategies));
  out.after = strategy::build_risk_report(
      out.calibrated, strategy::compare_strategies(out.calibrated, compare, out.strategies));
  out.non_positive = non_positive_amounts(scenario, out.result.contract);
  return out;
}

}  // namespace pbr::analysis
