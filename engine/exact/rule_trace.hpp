#pragma once
//! \file Expected payments of one per-client payment rule for one client group, by an exact
//! trace over the duration-augmented state space.

#include <vector>

#include <Eigen/Dense>

#include "engine/core/money.hpp"
#include "engine/exact/duration_chain.hpp"
#include "engine/model/contract.hpp"

namespace pbr::exact {

//! Expected outcome of one rule for the clients of one group.
struct RuleExpectation {
  //! payments[t]: expected pence paid in month t, net of clawbacks (which are negative)
  std::vector<double> payments;
  //! Expected number of clients with at least one payment (dated before the horizon) under
  //! the rule; clawbacks do not undo it.
  double qualifying = 0.0;
};

//! Expected payments of `rule` at `amount` pence per payment, for clients placed into the
//! chain by `placements` (placements[t][i]: expected clients placed at month t into
//! augmented state i: arrivals at duration 0, the existing caseload at its duration).
//!
//! Semantics are those of model::PaymentRule. Method:
//! - once_per_client (and the qualifying count of every rule): a trace over (state, duration,
//!   rule memory). The memory holds, before the client first qualifies, the months already
//!   spent in the current trigger state (up to min_consecutive_months) and the age of the
//!   oldest pending no_reentry window (an entry into the window's states ends every pending
//!   window at once, so the oldest one decides the first qualifying event); after it, the
//!   months since confirmation (lag, then the clawback window).
//! - once_per_episode payments: every entry into a trigger state is a candidate, paid
//!   independently, so its expectation is a sum over entry flows: from the mass entering at
//!   month t, the probability of staying min_consecutive_months, then a taboo trace (entries
//!   into the no_reentry states removed) for the window, then the lag and a taboo trace over
//!   the clawback window whose removed mass is the clawback.
//! Preconditions: placements.size() == horizon, each of size chain.size(); the rule has no
//! contract-level terms (cohort_threshold, deadweight_baseline).
RuleExpectation expected_rule(const DurationChain& chain, const model::PaymentRule& rule,
                              core::Pence amount, const std::vector<Eigen::VectorXd>& placements,
                              model::Month horizon);

//! As above, with the rule's own tariff for `band` in force in each payment month
//! (PaymentRule::amount_at). \pre a once_per_client rule with tariff_changes has no
//! clawback (its clawed mass would recover the tariff of a month the trace does not keep).
RuleExpectation expected_rule_for_band(const DurationChain& chain, const model::PaymentRule& rule,
                                       model::BandIndex band,
                                       const std::vector<Eigen::VectorXd>& placements,
                                       model::Month horizon);

}  // namespace pbr::exact
