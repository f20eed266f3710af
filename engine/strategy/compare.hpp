#pragma once
//! \file Strategies simulated side by side with common random numbers.
//!
//! Every strategy is run by sim::run_cohort with the same seed and replication count. The
//! runner keys every draw by (seed, stream, replication, client), so under every strategy a
//! client has the same arrival month, group and transition uniforms, and its admission is the
//! same uniform compared with the strategy's admission probability. The differences between
//! strategies are then differences of policy, not of luck: paired per replication, their
//! standard errors are far smaller than those of independent runs (the risk report shows both).

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/tally.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::strategy {

//! How to compare.
struct CompareSettings {
  sim::RunSettings run;  //!< seed, replications, threads, block size of every strategy's run
  //! Replications of the preliminary Monte Carlo when margins cannot be exact; 0 = the run's
  //! replication count, at least MIN_PRELIMINARY_REPLICATIONS.
  int preliminary_replications = 0;
  bool force_monte_carlo_margins = false;  //!< margins by Monte Carlo even when exact applies
};

//! The smallest preliminary Monte Carlo used for margins.
inline constexpr int MIN_PRELIMINARY_REPLICATIONS = 50;

//! One strategy's simulation.
struct StrategyResult {
  StrategyPlan plan;
  //! One finished tally per replication (sim::run_cohort), replication order.
  std::vector<sim::ReplicationTally<std::int64_t>> tallies;
  //! sim::compute_metrics of each replication (every metric of the simulation core).
  std::vector<std::vector<sim::MetricValue>> metrics;
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
//! first) with common random numbers.
//! \param hooks forwarded to every run; progress counts the clients of all the strategies' runs
//!              as one job (strategy i of n reports i x total + done out of n x total)
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

//! The per-replication values of one metric in one scope ("total", a band's or a group's
//! name) of a strategy, in replication order.
//! \throws std::out_of_range when the metric or scope is not found
std::vector<double> metric_series(const StrategyResult& result, const std::string& metric,
                                  const std::string& scope_kind = "total",
                                  const std::string& scope = "total");

//! Name of the provider-margin metric a comparison ranks by: "discounted_provider_margin"
//! when the contract discounts, else "provider_margin".
std::string margin_metric(const model::Scenario& scenario);

//! Name of the PbR payments metric: "discounted_payments_total" or "payments_total".
std::string payments_metric(const model::Scenario& scenario);

}  // namespace pbr::strategy
