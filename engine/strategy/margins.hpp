#pragma once
//! \file Expected margin per admitted client (payments minus cost) by group and band: what a
//! provider weighs when it decides whom to admit and how hard to work.
//!
//! Margins are measured in the *margin scenario* (see margin_scenario()): the scenario's
//! referrals, transitions, costs and per-client tariff, with the existing caseload removed
//! (they are not admissions), no capacity limit (every admitted referral gets a place at
//! once), every group given an equal share of referrals (a client's economics do not depend
//! on how common its group is, and equal shares give every group the same precision in Monte
//! Carlo), and the contract-level terms (cohort thresholds, deadweight baselines, the contract
//! cap) removed: they act on the whole cohort, not on one client, and their effect is measured
//! by the simulated strategies instead. A per-client cap is kept (it is part of a client's
//! tariff). Money is discounted as the contract discounts it: month t by (1+r)^(-t/12).
//!
//! Exact mode (exact::exact_expected_tally) is used whenever the margin scenario allows it;
//! otherwise a preliminary Monte Carlo with a seed derived from the run's seed
//! (preliminary_seed()), so that the decision data never share draws with the main run.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/policy.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::strategy {

//! How margins were estimated.
enum class MarginMethod {
  exact,       //!< expected values by the exact Markov trace (no sampling error)
  monte_carlo  //!< a preliminary Monte Carlo (ratio estimators with standard errors)
};

//! "exact" or "monte_carlo".
std::string_view to_string(MarginMethod method);

//! Settings of the margin estimation.
struct MarginSettings {
  std::uint64_t seed = 1;  //!< the run's master seed; the preliminary MC uses preliminary_seed()
  int replications = 200;  //!< preliminary Monte Carlo replications, >= 2
  int threads = 0;         //!< worker threads of the preliminary Monte Carlo (0 = all cores)
  bool force_monte_carlo = false;  //!< skip exact mode even when it applies (tests, checks)
};

//! The seed of the preliminary Monte Carlo: seed XOR 0x9E3779B97F4A7C15 (the 64-bit golden
//! ratio), a fixed documented mix so that it never equals the run's seed.
std::uint64_t preliminary_seed(std::uint64_t seed);

//! Economics of one group per admitted client (pence, discounted as the contract).
struct GroupEconomics {
  double payments = 0.0;   //!< expected payments per admitted client, every rule, net of clawbacks
  double cost = 0.0;       //!< expected provider cost per admitted client, every state
  double margin = 0.0;     //!< payments - cost
  double margin_se = 0.0;  //!< standard error of margin (0 in exact mode)
  double treatment_months = 0.0;      //!< expected months in treatment-kind states per client
  std::vector<double> rule_payments;  //!< per rule: expected payments per admitted client
  //! per rule: probability that an admitted client qualifies (has a positive payment)
  std::vector<double> rule_qualifying;
  //! per state: expected entries (moves in, plus the placement) per admitted client
  std::vector<double> entries;
};

//! A margin pooled over several groups, weighted by their referral shares.
struct PooledMargin {
  double margin = 0.0;  //!< pence per admitted client
  double se = 0.0;      //!< standard error (0 in exact mode); groups treated as independent
  double weight = 0.0;  //!< sum of the groups' referral shares
};

//! Per-client economics of every group under one policy.
struct PolicyEconomics {
  std::string policy;  //!< the policy's name
  MarginMethod method = MarginMethod::exact;
  int replications = 0;                     //!< preliminary replications (0 in exact mode)
  std::vector<GroupEconomics> groups;       //!< indexed by GroupIndex
  std::vector<PooledMargin> bands;          //!< indexed by BandIndex
  PooledMargin overall;                     //!< every group
  std::vector<std::string> exact_refusals;  //!< why exact mode did not apply (empty if it did)
};

//! The scenario in which margins are measured (see the file comment). When the scenario has
//! no referrals at all, the margin scenario gets a starting cohort of 1,000 so that every
//! group is still valued (as clients admitted at month 0).
model::Scenario margin_scenario(const model::Scenario& scenario);

//! Discount factors (1+r)^(-t/12) for months t = 0 .. horizon-1 (all 1 when r = 0).
std::vector<double> discount_factors(double annual_rate, model::Month horizon);

//! Per-client economics of every group under `policy`, every referral admitted (the
//! policy's admission probabilities are ignored: margins are per admitted client).
//! \param scenario the scenario as the user wrote it (margin_scenario() is applied here)
//! \param policy   built against `scenario` (transitions and cost multipliers are used)
//! \throws std::invalid_argument when the policy does not fit the scenario
PolicyEconomics policy_economics(const model::Scenario& scenario, const sim::ProviderPolicy& policy,
                                 const MarginSettings& settings);

//! The measurement itself, on a scenario already prepared by margin_scenario() (or a variant
//! of it, such as the untreated-pathway variant of the deadweight analysis): exact when
//! exact::exact_refusals is empty and settings allow, else the preliminary Monte Carlo.
//! \param prepared a margin scenario; every referral of `policy` is admitted
//! \param weights  referral shares used to pool groups into bands, indexed by group
PolicyEconomics measure_economics(const model::Scenario& prepared,
                                  const sim::ProviderPolicy& policy,
                                  const std::vector<double>& weights,
                                  const MarginSettings& settings);

}  // namespace pbr::strategy
