#pragma once
//! \file A calibration from scenario to verdicts: finds the band multipliers
//! (strategy::calibrate), then compares the scenario's strategies under the input tariff and
//! the calibrated one with common random numbers, as `pbrsim calibrate` prints and reports
//! them (docs/cherry-picking.md, "Calibration").
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/strategy/calibrate.hpp"
#include "engine/strategy/risk.hpp"

namespace pbr::analysis {

//! The strategies both tariffs are compared under: the scenario's own (resolved, admit_all
//! first) when it names any beyond admit_all; otherwise admit_all, cherry_pick, park and
//! fast_track where the scenario declares those behaviours, and best_response.
std::vector<std::string> calibration_strategies(const model::Scenario& scenario);

//! The amounts that were positive under `scenario`'s tariff and would be zero or negative
//! under `calibrated`, one line each ("payment 'completion', band 'high': 250.00 -> -3.10
//! pounds"); empty when every such amount stays positive. A tariff that pays nothing (or
//! less) is no tariff: `pbrsim calibrate` writes nothing then.
std::vector<std::string> non_positive_amounts(const model::Scenario& scenario,
                                              const model::Contract& calibrated);

//! A calibration and its before/after comparison.
struct CalibrationRun {
  strategy::CalibrationResult result;  //!< multipliers and the calibrated contract
  model::Scenario calibrated;  //!< the input with result.contract, named "<name>_calibrated"
  std::vector<std::string> strategies;    //!< compared under both tariffs (calibration_strategies)
  strategy::RiskReport before;            //!< the risk report under the input's tariff
  strategy::RiskReport after;             //!< the risk report under the calibrated tariff
  std::vector<std::string> non_positive;  //!< non_positive_amounts of the calibrated contract
};

//! Calibrates `scenario`'s tariff for `objective` within `tolerance` (negative: the objective's
//! default), measuring margins as a comparison with `run` would (strategy::margin_settings),
//! then compares calibration_strategies under both tariffs with the same run settings, so
//! that before and after share their random numbers. \throws core::InputError as
//! strategy::calibrate and strategy::compare_strategies do.
CalibrationRun calibrate_and_compare(const model::Scenario& scenario,
                                     strategy::CalibrationObjective objective, double tolerance,
                                     const sim::RunSettings& run);

}  // namespace pbr::analysis
