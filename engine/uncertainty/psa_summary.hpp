#pragma once
//! \file What an uncertainty analysis says, computed from its per-draw results (the sweep
//! output of the draws, whole or merged from shards): the probability of each verdict, the
//! key results' spread over the draws with the Monte Carlo part apart, the inputs that drive
//! the gaming gain, and the expected value of perfect information between contract variants.
//! docs/uncertainty.md ("Reading the summary") defines every quantity.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/sweep/outputs.hpp"

namespace pbr::uncertainty {

//! The share of draws with one verdict, and its 95% Wilson interval over the draws.
struct VerdictProbability {
  std::string variant;  //!< "" without variants
  std::string verdict;  //!< low, medium, high
  double probability = 0.0, ci_low = 0.0, ci_high = 0.0;
  std::int64_t draws = 0;
};

//! One result's spread over the draws.
struct ResultSpread {
  std::string variant, strategy, metric;
  sweep::Unit unit = sweep::Unit::gbp;
  std::int64_t draws = 0;         //!< draws with a value
  double mean = 0.0;              //!< mean over the draws of the draw's estimate
  double p025 = 0.0, p975 = 0.0;  //!< 2.5% and 97.5% quantiles of the draws' estimates
  double sd_total = 0.0;          //!< sd of the draws' estimates
  //! sqrt(mean of the squared Monte Carlo standard errors): the noise in one draw's estimate
  //! (0 for exact values; NaN when the metric has no interval)
  double sd_monte_carlo = 0.0;
  double sd_parameter = 0.0;  //!< sqrt(max(0, sd_total^2 - sd_monte_carlo^2))
};

//! One input's part in the gaming gain.
struct Driver {
  std::string variant;
  std::string input;
  int rank = 0;       //!< 1 = the largest |prcc|
  double prcc = 0.0;  //!< partial rank correlation coefficient with the gain
  double src = 0.0;   //!< standardised regression coefficient of the linear metamodel
  double input_p05 = 0.0, input_p95 = 0.0;      //!< the input's 5% and 95% quantiles
  double gain_at_p05 = 0.0, gain_at_p95 = 0.0;  //!< metamodel gain there, others at their mean
};

//! The driver analysis of one variant.
struct DriverAnalysis {
  std::string variant;
  std::string strategy;  //!< whose gain (best_response, else the largest mean gain)
  std::string metric;    //!< gaming_gain_expected when every draw has it, else gaming_gain
  double mean_gain = 0.0;
  double r_squared = 0.0;       //!< of the linear metamodel
  std::vector<Driver> drivers;  //!< ranked
  std::string note;             //!< why there are none, when there are none
};

//! One variant's value to the commissioner.
struct VariantValue {
  std::string variant;
  double expected_net_benefit = 0.0, p025 = 0.0, p975 = 0.0;
  double probability_best = 0.0;  //!< share of draws in which it has the highest net benefit
  //! The value per sustained recovery at which this variant's expected net benefit equals the
  //! chosen variant's: (E[spend] - E[spend of the chosen]) / (E[recoveries] - E[recoveries of
  //! the chosen]), pounds; NaN for the chosen variant, when the recoveries are equal, or when
  //! no value makes it better (it spends more for fewer recoveries, or the reverse).
  double break_even_value = 0.0;
};

//! The decision between variants (only with two or more variants).
struct DecisionAnalysis {
  std::string strategy;  //!< the provider response assumed
  std::vector<VariantValue> variants;
  std::string chosen;  //!< the variant with the highest expected net benefit
  double evpi = 0.0;   //!< E[max_v NB] - max_v E[NB], pounds
};

//! Everything the summary reports.
struct PsaSummary {
  std::string scenario, scenario_sha256, fingerprint;
  std::optional<std::uint64_t> seed;
  std::int64_t draws = 0, replications = 0;
  std::vector<std::string> variants;  //!< empty without variants
  std::vector<VerdictProbability> verdicts;
  std::vector<ResultSpread> spreads;
  std::vector<DriverAnalysis> drivers;
  std::optional<DecisionAnalysis> decision;
};

//! Summarises an analysis's results. \throws core::InputError when a draw's result is missing
//! (the output of one shard: merge the shards first) or the output is not an uncertainty
//! analysis's.
PsaSummary summarise_psa(const sweep::SweepOutput& output);

//! The summary CSV (RFC 4180, CRLF): section, variant, strategy, scope, measure, unit, value,
//! ci_low, ci_high, sd_total, sd_monte_carlo, sd_parameter, detail. Sections: provenance,
//! verdict, result, driver, decision.
std::string psa_summary_csv(const PsaSummary& summary);

//! The readable summary printed by `pbrsim psa`.
std::string psa_summary_text(const PsaSummary& summary);

//! "out/x_psa.csv" -> "out/x_psa_summary.csv".
std::string psa_summary_path_for(const std::string& csv_path);

//! True when a sweep output is an uncertainty analysis's.
bool is_psa_output(const sweep::SweepOutput& output);

}  // namespace pbr::uncertainty
