#pragma once
//! \file Calibration: band multipliers on the existing tariffs that remove the incentive to
//! select, keeping the contract's total expected payment unchanged.
//!
//! Every rule's amount for band b is multiplied by k_b (then rounded to the penny). Margins
//! per admitted client (margins.hpp) are linear in the multipliers when the per-client tariff
//! is linear in its amounts (no per-client cap): for a group g of band b,
//!   m_g(k) = k_b a_g - c_g,   a_g = payments per admitted client at k_b = 1, c_g = cost.
//! Objectives:
//! - equal_margin: every band's (share-weighted) margin equal, with
//!   sum_g w_g k_b a_g = P (today's expected payment per referral, w = referral shares).
//!   Solved directly: k_b = (m + C_b) / A_b, m = (P - sum_b W_b C_b) / sum_b W_b over the bands
//!   that have payments (A_b > 0); a negative k_b is set to 0 and the rest solved again.
//! - gaming_gain: from the equal-margin solution, payment is moved between bands (pairwise
//!   transfers that keep P, halving the step when none helps) until the expected worst-case
//!   gain  G(k) = sum_g w_g (max(0, m_g, m_g^park, m_g^fast) - m_g)  is at most
//!   tolerance x P, or no transfer lowers it. G is convex and separable by band, so pairwise
//!   transfers reach its minimum.
//! With a per-client cap (or Monte Carlo margins) the linear model is refitted at the new
//! multipliers and solved again, up to max_rounds times, until the objective is met.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/strategy/margins.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::strategy {

//! What calibration aims for.
enum class CalibrationObjective { equal_margin, gaming_gain };

//! "equal_margin" or "gaming_gain".
std::string_view to_string(CalibrationObjective objective);

//! The objective named `name`, or nullopt.
std::optional<CalibrationObjective> parse_objective(std::string_view name);

//! Default tolerance of equal_margin: the largest accepted spread of band margins, pounds.
inline constexpr double DEFAULT_MARGIN_TOLERANCE_POUNDS = 1.0;
//! Default tolerance of gaming_gain: the largest accepted expected worst-case gain, as a share
//! of the expected payment per admitted client.
inline constexpr double DEFAULT_GAIN_TOLERANCE = 0.01;

//! Settings of a calibration.
struct CalibrationSettings {
  CalibrationObjective objective = CalibrationObjective::equal_margin;
  //! equal_margin: pounds of band-margin spread; gaming_gain: share of the expected payment.
  //! Negative = the objective's default.
  double tolerance = -1.0;
  MarginSettings margins;  //!< how margins are measured (exact when possible)
  int max_rounds = 8;      //!< refits of the linear model, >= 1
};

//! The outcome of a calibration.
struct CalibrationResult {
  CalibrationObjective objective = CalibrationObjective::equal_margin;
  double tolerance = 0.0;           //!< the tolerance used (pounds or share)
  std::vector<double> multipliers;  //!< k_b per band, relative to the input's amounts
  model::Contract contract;         //!< the input's contract with amounts scaled and rounded
  MarginAnalysis before;            //!< margins under the input's tariff
  MarginAnalysis after;             //!< margins under the calibrated tariff
  double payment_before = 0.0;  //!< expected payment per admitted client (share-weighted), pence
  double payment_after = 0.0;   //!< the same under the calibrated tariff, pence
  double gain_before = 0.0;     //!< expected worst-case gain / expected payment, input tariff
  double gain_after = 0.0;      //!< the same, calibrated tariff
  double spread_before = 0.0;   //!< max - min of band margins, pence
  double spread_after = 0.0;
  bool converged = false;          //!< the objective is met within the tolerance
  int rounds = 0;                  //!< linear-model fits used
  std::vector<std::string> notes;  //!< e.g. bands without payments, multipliers held at 0
};

//! Multiplies every rule's amount for band b by multipliers[b] (core::scale_pence: rounded to
//! the penny). \pre multipliers.size() == number of bands, every multiplier >= 0
model::Contract scale_band_amounts(const model::Contract& contract,
                                   const std::vector<double>& multipliers);

//! Expected worst-case gain per admitted client (share-weighted), pence:
//! sum_g w_g (max(0, m_g, m_g^park, m_g^fast) - m_g) with w the normalised referral shares.
double expected_worst_case_gain(const model::Scenario& scenario, const MarginAnalysis& margins);

//! Expected payment per admitted client, share-weighted, pence.
double expected_payment(const model::Scenario& scenario, const MarginAnalysis& margins);

//! Max - min of the band margins, over bands with at least one group and some payments.
double band_margin_spread(const model::Scenario& scenario, const MarginAnalysis& margins);

//! Calibrates band multipliers (see the file comment).
//! \throws std::invalid_argument on bad settings
CalibrationResult calibrate(const model::Scenario& scenario, const CalibrationSettings& settings);

}  // namespace pbr::strategy
