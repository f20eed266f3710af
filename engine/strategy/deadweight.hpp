#pragma once
//! \file Deadweight: the share of outcome payments that pay for outcomes the untreated
//! pathway would have produced anyway.
//!
//! Method. For each outcome-payment rule r and group g, two probabilities per client over
//! the horizon, both measured in the margin scenario (margins.hpp) with the rule's own
//! conditions (trigger, minimum stay, no re-entry window, confirmation before the horizon):
//! - q_T(r, g): the client is admitted to treatment and qualifies under r;
//! - q_U(r, g): the client is placed on the untreated pathway instead (the referral's
//!   untreated_state) and would qualify under r if it were paid for.
//! The untreated pathway can lead back into treatment through its own exits (re-presentation),
//! which is part of what would have happened anyway. The deadweight part of the rule's
//! expected payments for the group is P_T(r, g) x min(1, q_U / q_T): the payments scaled by
//! the share of qualifying outcomes the untreated pathway would produce. Summing over groups
//! (weighted by referral shares) and rules gives each rule's and the contract's deadweight
//! share of outcome payments. Attachment fees are not outcome payments and are excluded.
//! Exact where exact mode applies, else the preliminary Monte Carlo (same seed rule).

#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/strategy/margins.hpp"

namespace pbr::strategy {

//! Deadweight of one outcome-payment rule.
struct RuleDeadweight {
  std::string rule;                    //!< the rule's name
  double treated_probability = 0.0;    //!< share-weighted q_T: admitted clients qualifying
  double untreated_probability = 0.0;  //!< share-weighted q_U: untreated clients who would
  double payments = 0.0;    //!< share-weighted expected payments per admitted client, pence
  double deadweight = 0.0;  //!< the deadweight part of `payments`, pence
  //! deadweight / payments (0 when the rule pays nothing)
  [[nodiscard]] double share() const { return payments > 0.0 ? deadweight / payments : 0.0; }
};

//! Deadweight of the contract's outcome payments.
struct DeadweightAnalysis {
  MarginMethod method = MarginMethod::exact;
  std::vector<RuleDeadweight> rules;  //!< outcome-payment rules, in contract order
  double payments = 0.0;              //!< sum of rules' payments
  double deadweight = 0.0;            //!< sum of rules' deadweight
  //! deadweight / payments over all outcome rules (0 when there are none)
  [[nodiscard]] double share() const { return payments > 0.0 ? deadweight / payments : 0.0; }
};

//! Deadweight from the two measurements (exposed for tests: hand-computable inputs).
//! \param contract  the contract (rule kinds and names)
//! \param weights   referral shares, indexed by group
//! \param treated   economics of admitted clients (honest effort)
//! \param untreated economics of clients placed on the untreated pathway
DeadweightAnalysis deadweight_from(const model::Contract& contract,
                                   const std::vector<double>& weights,
                                   const PolicyEconomics& treated,
                                   const PolicyEconomics& untreated);

//! Measures both pathways and combines them (see the file comment).
DeadweightAnalysis analyse_deadweight(const model::Scenario& scenario,
                                      const MarginSettings& settings);

}  // namespace pbr::strategy
