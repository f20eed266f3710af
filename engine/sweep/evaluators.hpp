#pragma once
//! \file The point evaluators `pbrsim sweep` uses: Monte Carlo of the contract with common
//! random numbers (every point and every strategy uses the same seed, so a client has the
//! same arrival, group and transition draws everywhere and differences between points and
//! strategies reflect the rules, not noise).
//!
//! Metrics, in CSV column order, with their units (GBP per contract over the horizon; counts
//! per contract; each with a 95% Student t interval over replications, see stats::summarise):
//! - `provider_margin` (GBP): PbR payments + block payment - provider cost (discounted when
//!   the contract has a discount rate);
//! - `gaming_gain` (GBP, strategies only): the strategy's margin minus admit_all's, paired by
//!   replication (0 for admit_all);
//! - `commissioner_spend` (GBP): PbR payments + block payment;
//! - `cost_per_sustained_recovery` (GBP): spend / sustained recoveries (0 with none);
//! - `successful_completions`, `sustained_recoveries`, `deaths` (count): entries into those
//!   states;
//! and `verdict` (strategies only): the cherry-picking risk at the point, low / medium /
//! high (docs/cherry-picking.md), the same on every strategy row of the point.

#include "engine/sweep/evaluator.hpp"

namespace pbr::sweep {

//! admit_all only: sim::run_cohort + sim::compute_metrics + stats::summarise. Rejects any
//! other strategy. No gaming gain or verdict columns.
Evaluator admit_all_evaluator();

//! The requested strategies compared with common random numbers
//! (strategy::compare_strategies), with the risk report's paired gaming gain and verdict.
//! Strategy names are resolved by strategy::resolve_strategy_names (admit_all first; unknown
//! names are input errors reported before anything runs).
Evaluator strategy_evaluator();

}  // namespace pbr::sweep
