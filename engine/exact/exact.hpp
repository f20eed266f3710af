#pragma once
//! \file Exact mode: the expected values of the Monte Carlo tallies, by a Markov trace over
//! the duration-augmented state space (`pbrsim run FILE --method exact`).
//!
//! Clients do not interact unless the scenario couples them (a capacity limit, contract-level
//! terms), so the expected tally of a replication is a sum over clients, and each client's
//! expectation is a linear function of where and when it is placed. The trace propagates, per
//! group, the expected number of clients over (state, months in state) month by month (see
//! DurationChain), with the rules' memory added where a rule needs it (see expected_rule).
//! The result has the shape and meaning of the Monte Carlo's sim::ReplicationTally, with
//! expected values (T = double) in place of counts.

#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/model/scenario.hpp"
#include "engine/sim/policy.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::exact {

//! Why exact mode cannot handle a scenario, one diagnostic per offending part (file "",
//! JSON pointer of the part, message naming the coupling and suggesting `--method mc`).
//! Refused: a capacity limit (/economics/capacity), a rule's cohort_threshold or
//! deadweight_baseline (/contract/payments/<i>/...), cap_per_client and cap_per_contract
//! (/contract/...). Empty when exact mode applies.
std::vector<core::Diagnostic> exact_refusals(const model::Scenario& scenario,
                                             const sim::ProviderPolicy& policy);

//! Why exact mode cannot handle a scenario, as one line per reason (`POINTER: MESSAGE`);
//! empty when it can.
std::vector<std::string> exact_refusal_reasons(const model::Scenario& scenario,
                                               const sim::ProviderPolicy& policy);

//! Expected referrals arriving in month t = 0 .. horizon-1 (the starting cohort included in
//! month 0), as the Monte Carlo draws them: the rate (Poisson), or for deterministic
//! referrals the exact count floor(cum(t)) - floor(cum(t-1)) of the cumulative rate cum.
std::vector<double> expected_referrals(const model::Referrals& referrals, model::Month horizon);

//! The expected tally of one replication: same shape and meaning as the Monte Carlo's
//! (by-group counts, moves, placements, client-months, occupancy, cost in pence, payment
//! ledger in pence with qualifying clients = expected clients with at least one positive
//! payment under the rule). turned_away, waited and wait_months are 0 (no capacity limit).
//! \param scenario a consistent scenario (model::check_invariants is empty)
//! \param policy   one GroupPolicy per group (admission, effective transitions, cost
//!                 multiplier in treatment-kind states)
//! \throws core::InputError listing every refusal (see exact_refusals) when the scenario
//!         couples clients; std::invalid_argument when the policy does not fit the scenario.
//!
//! **Example**
//! \code
//! const auto policy = sim::admit_all_policy(scenario);
//! const auto expected = exact::exact_expected_tally(scenario, policy);
//! double completions = expected.by_group[0].transitions[treat * S + completed];
//! \endcode
sim::ReplicationTally<double> exact_expected_tally(const model::Scenario& scenario,
                                                   const sim::ProviderPolicy& policy);

//! Expected margin per admitted client, per group, in pounds: the expected payments (net of
//! clawbacks, every rule, within the horizon) less the expected provider cost, of the
//! referrals the provider admits (arriving as the scenario's referrals do; the existing
//! caseload and refused referrals excluded), divided by the expected admissions. A group
//! whose referrals never arrive is valued as one client admitted at month 0. The block
//! payment is not per client and is left out. Same refusals as exact_expected_tally.
std::vector<double> expected_margin_per_admission(const model::Scenario& scenario,
                                                  const sim::ProviderPolicy& policy);

}  // namespace pbr::exact
