#pragma once
//! \file What `pbrsim run` writes and prints when it compares strategies: the rows, monthly
//! tables and risk report of a Monte Carlo comparison, and the expected values and gains of an
//! exact one with their printed table. Filled by analysis::run_strategies and
//! analysis::run_strategies_exact (engine/analysis/strategy_runs.hpp).
#include <string>
#include <vector>

#include "engine/output/run_monthly.hpp"
#include "engine/output/run_summary.hpp"
#include "engine/strategy/risk.hpp"

namespace pbr::output {

//! What `pbrsim run` writes and prints for a strategy comparison.
struct StrategyRunOutputs {
  std::vector<std::string> strategies;  //!< evaluated, admit_all first
  std::vector<SummaryRow> rows;         //!< summary rows of every strategy, strategy by strategy
  std::vector<MonthlyTable> monthly;    //!< one table per strategy (empty unless asked)
  strategy::RiskReport report;          //!< the cherry-picking risk report
};

//! One strategy's expected gain over admit_all, from exact expected values.
struct ExactGain {
  std::string strategy;
  double gain = 0.0;  //!< expected provider margin minus admit_all's, pounds
  //! gain / admit_all's expected PbR payments (the verdict's yardstick); NaN when admit_all
  //! is paid nothing by results
  double share_of_pbr = 0.0;
};

//! What `pbrsim run --method exact` writes and prints for several strategies.
struct ExactStrategyOutputs {
  std::vector<std::string> strategies;  //!< evaluated, admit_all first
  std::vector<SummaryRow> rows;         //!< expected values of every strategy
  std::vector<MonthlyTable> monthly;    //!< one table per strategy (empty unless asked)
  std::vector<ExactGain> gains;         //!< every strategy but admit_all
};

//! The table `pbrsim run --method exact` prints for several strategies: each strategy's
//! expected provider margin and gain over admit_all, and the note that the risk report needs
//! the Monte Carlo.
std::string exact_gains_text(const ExactStrategyOutputs& outputs);

}  // namespace pbr::output
