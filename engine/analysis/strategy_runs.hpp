#pragma once
//! \file A strategy comparison from scenario to outputs: plans and simulates (or traces
//! exactly) the strategies side by side and turns the results into the rows, monthly tables and
//! risk report that `pbrsim run` writes. The orchestration lives here, above strategy, sim,
//! exact and output, so that none of those calls back up.
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/output/strategy_outputs.hpp"
#include "engine/sim/cohort_runner.hpp"

namespace pbr::analysis {

//! Simulates the strategies `names` side by side (strategy::compare_strategies: common random
//! numbers, admit_all first) and builds everything `pbrsim run` outputs for them: the summary
//! rows (the "strategy" column carries each strategy's metrics), the monthly tables when
//! `with_monthly`, and the risk report. admit_all's rows equal those of a plain admit_all run
//! with the same settings (same seed, same policy).
//! \throws core::InputError for unknown strategies
output::StrategyRunOutputs run_strategies(const model::Scenario& scenario,
                                          const sim::RunSettings& settings,
                                          std::span<const std::string> names, bool with_monthly,
                                          const sim::RunHooks& hooks = {});

//! Plans the strategies `names` (margins from exact mode) and computes each one's expected
//! tallies exactly. No replications, so no intervals, probabilities or verdict: the risk
//! report needs the Monte Carlo. \throws core::InputError for unknown strategies, and
//! exact mode's refusals (with file left empty) for a scenario it cannot trace.
output::ExactStrategyOutputs run_strategies_exact(const model::Scenario& scenario,
                                                  std::span<const std::string> names,
                                                  bool with_monthly);

//! Splits a comma-separated list of strategy names ("cherry_pick, park") into names, trimming
//! spaces and dropping empty items.
std::vector<std::string> split_strategy_list(const std::string& list);

}  // namespace pbr::analysis
