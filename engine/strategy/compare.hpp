#pragma once
//! \file Strategies simulated side by side with common random numbers.
//!
//! Every strategy is run by sim::run_cohort with the same seed and replication count. The
//! runner keys every draw by (seed, stream, replication, client), so under every strategy a
//! client has the same arrival month, group and transition uniforms, and its admission is the
//! same uniform compared with the strategy's admission probability. The differences between
//! strategies are then differences of policy, not of luck: paired per replication, their
//! standard errors are far smaller than those of independent runs (the risk report shows both).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/metric_summaries.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/tally.hpp"
#include "engine/stats/streaming.hpp"
#include "engine/strategy/selection.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::strategy {

//! How to compare.
struct CompareSettings {
  sim::RunSettings run;  //!< seed, replications, threads, block size of every strategy's run
  //! Replications of the preliminary Monte Carlo when margins cannot be exact; 0 = the run's
  //! replication count, at least MIN_PRELIMINARY_REPLICATIONS.
  int preliminary_replications = 0;
  bool force_monte_carlo_margins = false;  //!< margins by Monte Carlo even when exact applies
  //! Values each streaming summary keeps for exact statistics (stats/streaming.hpp); tests
  //! lower it to reach the streaming path with few replications.
  std::size_t kept_values = stats::KEPT_VALUES;
  //! Split a both-lever strategy's gain between admission and effort (StrategyResult's
  //! admission_lever / effort_lever), at the cost of one more run per such strategy. An
  //! analysis that reports no decomposition (the uncertainty analysis) turns it off; the
  //! levers' accumulators then stay empty and the risk report leaves their rows out.
  bool split_levers = true;
};

//! The smallest preliminary Monte Carlo used for margins.
inline constexpr int MIN_PRELIMINARY_REPLICATIONS = 50;

//! One rule's cohort threshold under one strategy, counted replication by replication.
struct ThresholdCount {
  std::int64_t replications = 0;  //!< replications counted
  std::int64_t missed = 0;        //!< replications whose cohort rate is below the threshold
  double rate_sum = 0.0;          //!< sum of the achieved rates (qualifying / cohort; 0 if none)
};

//! One strategy's simulation, summarised as the replications came: nothing in it grows with
//! the replication count.
struct StrategyResult {
  StrategyPlan plan;
  std::int64_t replications = 0;
  //! The sum of every replication's finished tally (exact integers): pooled shares, monthly
  //! means, the severity mix and untreated outcomes are read from it.
  sim::ReplicationTally<std::int64_t> total;
  //! Every metric of the simulation core (sim::compute_metrics), summarised over replications.
  sim::MetricSummaries metrics;
  //! This strategy's margin metric (margin_metric) minus admit_all's, paired by replication.
  stats::PairedAccumulator gain;
  //! Outcomes against admit_all's, paired by replication, per 1,000 referrals.
  PopulationCostAccumulator population;
  //! thresholds[r]: rule r's cohort threshold (zero counts for a rule without one).
  std::vector<ThresholdCount> thresholds;
  //! The gain taken apart, each paired by replication against admit_all (pounds,
  //! undiscounted): rule_payments[r] pairs this strategy's payments under rule r with
  //! admit_all's; cost pairs admit_all's provider cost with this strategy's (the difference
  //! is the cost saved); group_margin[g] pairs group g's provider margin with admit_all's.
  //! The rules' differences minus the cost difference make the gain in provider_margin.
  std::vector<stats::PairedAccumulator> rule_payments;
  stats::PairedAccumulator cost;
  std::vector<stats::PairedAccumulator> group_margin;
  //! The gain in the margin metric split by lever, paired by replication: admission_lever
  //! pairs the margin of this strategy's admissions with honest effort against admit_all's;
  //! effort_lever pairs this strategy's margin against that. For a strategy that pulls one
  //! lever only, the other's part is 0 and no extra run is needed; one that pulls both runs
  //! the admissions-with-honest-effort variant alongside (common random numbers).
  stats::PairedAccumulator admission_lever;
  stats::PairedAccumulator effort_lever;

  StrategyResult(StrategyPlan plan_, const model::Scenario& scenario, std::size_t kept_values);
};

//! Every strategy of one comparison. strategies[0] is admit_all.
struct Comparison {
  CompareSettings settings;
  MarginAnalysis margins;  //!< what the strategies decided from
  std::vector<StrategyResult> strategies;
};

//! The margin settings a comparison uses for its decisions.
MarginSettings margin_settings(const CompareSettings& settings);

//! Plans and simulates the strategies `names` (resolved by resolve_strategy_names: admit_all
//! first) with common random numbers: replication r of every strategy runs in the same window
//! (sim::for_each_replication), and its metrics go into the strategies' summaries and paired
//! accumulators in replication order, so memory does not grow with the replications.
//! \param hooks forwarded to the run; progress counts the clients of all the strategies' runs
//!              as one job
//! \throws core::InputError for unknown strategies; std::invalid_argument for bad settings
//!
//! **Example**
//! \code
//! strategy::CompareSettings cs;
//! cs.run = {.seed = 42, .replications = 200};
//! auto cmp = strategy::compare_strategies(scenario, cs, scenario.strategies.names);
//! auto report = strategy::build_risk_report(scenario, cmp);
//! \endcode
Comparison compare_strategies(const model::Scenario& scenario, const CompareSettings& settings,
                              std::span<const std::string> names, const sim::RunHooks& hooks = {});

//! Name of the provider-margin metric a comparison ranks by: "discounted_provider_margin"
//! when the contract discounts, else "provider_margin".
std::string margin_metric(const model::Scenario& scenario);

//! Name of the PbR payments metric: "discounted_payments_total" or "payments_total".
std::string payments_metric(const model::Scenario& scenario);

}  // namespace pbr::strategy
