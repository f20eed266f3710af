#pragma once
//! \file The cherry-picking risk report as files and text: a long-format CSV (one quantity per
//! row, filterable by section) and a readable table for stdout. Every section, measure and
//! column is documented in docs/cherry-picking.md ("Reading the risk CSV").

#include <span>
#include <string>
#include <vector>

#include "engine/io/run_monthly.hpp"
#include "engine/io/run_summary.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/strategy/risk.hpp"

namespace pbr::io {

//! Header of the risk CSV, in column order: section, strategy, scope_kind, scope, measure,
//! unit, value, se, ci_low, ci_high, detail.
const std::vector<std::string>& risk_columns();

//! The risk CSV (RFC 4180, CRLF, header first). Sections in order: verdict, margin, spread,
//! gain, decomposition, population, untreated, decision, mix, threshold, deadweight. Money in
//! pounds; shares and probabilities in [0, 1]; empty cells where a statistic does not apply.
std::string risk_report_csv(const strategy::RiskReport& report);

//! One sentence on why a strategy pays, or that it does not: the lever (refusing, admitting
//! fewer, parking or fast-tracking which groups, from its decisions) and the part of the
//! decomposition that contributes most to the gain (a rule's payments or the cost saved),
//! against the part that costs most, then the gain with its 95% interval. For example:
//! "Refusing hard (cherry_pick) pays: 41,000 pounds less provider cost, against 12,000 pounds
//! less in completion payments; gain 29,000 pounds (95% interval 27,500 to 30,500)."
//! A gain whose interval lies below 0 "loses money"; one whose interval reaches 0 "does not
//! pay significantly". Empty for admit_all.
std::string gain_headline(const strategy::StrategyReport& strategy);

//! The readable report printed by `pbrsim run` and `pbrsim calibrate`: the verdict and its
//! reason, margins by band and group with intervals and spreads, each strategy's paired
//! gain, population cost and admitted share, the severity mix of selective strategies,
//! cohort thresholds and deadweight. Pounds rounded to whole pounds.
std::string risk_report_text(const strategy::RiskReport& report);

//! The risk CSV beside a summary CSV: "out/x_summary.csv" -> "out/x_risk.csv" (a trailing
//! "_summary.csv" or ".csv" replaced by "_risk.csv"; otherwise "_risk.csv" appended).
std::string risk_path_for(const std::string& summary_path);

//! What `pbrsim run` writes and prints for a strategy comparison.
struct StrategyRunOutputs {
  std::vector<std::string> strategies;  //!< evaluated, admit_all first
  std::vector<SummaryRow> rows;         //!< summary rows of every strategy, strategy by strategy
  std::vector<MonthlyTable> monthly;    //!< one table per strategy (empty unless asked)
  strategy::RiskReport report;          //!< the cherry-picking risk report
};

//! Simulates the strategies `names` side by side (strategy::compare_strategies: common random
//! numbers, admit_all first) and builds everything `pbrsim run` outputs for them: the summary
//! rows (the "strategy" column carries each strategy's metrics), the monthly tables when
//! `with_monthly`, and the risk report. admit_all's rows equal those of a plain admit_all run
//! with the same settings (same seed, same policy).
//! \throws core::InputError for unknown strategies
StrategyRunOutputs run_strategies(const model::Scenario& scenario, const sim::RunSettings& settings,
                                  std::span<const std::string> names, bool with_monthly,
                                  const sim::RunHooks& hooks = {});

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

//! Plans the strategies `names` (margins from exact mode) and computes each one's expected
//! tallies exactly. No replications, so no intervals, probabilities or verdict: the risk
//! report needs the Monte Carlo. \throws core::InputError for unknown strategies, and
//! exact mode's refusals (with file left empty) for a scenario it cannot trace.
ExactStrategyOutputs run_strategies_exact(const model::Scenario& scenario,
                                          std::span<const std::string> names, bool with_monthly);

//! The table `pbrsim run --method exact` prints for several strategies: each strategy's
//! expected provider margin and gain over admit_all, and the note that the risk report needs
//! the Monte Carlo.
std::string exact_gains_text(const ExactStrategyOutputs& outputs);

//! Splits a comma-separated list of strategy names ("cherry_pick, park") into names, trimming
//! spaces and dropping empty items.
std::vector<std::string> split_strategy_list(const std::string& list);

}  // namespace pbr::io
