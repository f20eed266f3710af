#pragma once
//! \file What the uncertainty analysis computes for each drawn scenario: the full analysis
//! `pbrsim run` gives it (every strategy and the best response with common random numbers,
//! the risk report and its verdict), reduced to the key results, one row per strategy.
//!
//! Metrics (units; a 95% Monte Carlo interval over the draw's replications unless said):
//! - `provider_margin` (GBP): the margin metric (discounted when the contract discounts);
//! - `gaming_gain` (GBP): the strategy's margin minus admit_all's, paired by replication;
//! - `gaming_gain_expected` (GBP): the same gain from exact expected values (no Monte Carlo
//!   noise; a point interval) when the drawn scenario allows exact mode, else empty;
//! - `gaming_gain_share_of_pbr` (share): gaming_gain / admit_all's mean PbR payments;
//! - `commissioner_spend`, `pbr_payments` (GBP), `sustained_recoveries`, `deaths` (count);
//! - `recoveries_lost`, `deaths_added`, `turned_away`, `starts_lost` (count per 1,000
//!   referrals, against admit_all, paired by replication: the population cost);
//! - `provider_margin_band_<band>` (GBP): the strategy's provider margin earned on the band's
//!   clients (the block payment excluded);
//! - `margin_per_admission_<band>` (GBP per admitted client): the expected margin of an
//!   honestly treated admission of the band (the risk report's margin table; exact when the
//!   draw allows), on admit_all's row only (empty on the others);
//! - `net_benefit` (GBP), when the file gives decision.value_per_sustained_recovery:
//!   value x sustained recoveries - commissioner spend;
//! and the verdict (low / medium / high), the same on every row of the draw.

#include <optional>

#include "engine/model/scenario.hpp"
#include "engine/sweep/evaluator.hpp"

namespace pbr::uncertainty {

//! The evaluator for scenarios shaped like `base` (the same bands; draws change numbers only).
//! \param value_per_recovery decision.value_per_sustained_recovery, when given
sweep::Evaluator psa_evaluator(const model::Scenario& base,
                               std::optional<double> value_per_recovery);

//! The evaluator id every uncertainty analysis's sidecar carries ("psa/1").
inline constexpr const char* PSA_EVALUATOR_ID = "psa/1";

}  // namespace pbr::uncertainty
