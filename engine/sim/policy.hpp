#pragma once
//! \file The effective model a provider's behaviour induces: per group, whom it admits, how
//! its effort changes the monthly transitions, and what a client-month in treatment costs.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/model/behaviour.hpp"
#include "engine/model/scenario.hpp"
#include "engine/model/transitions.hpp"

namespace pbr::sim {

//! What the provider does with one client group.
struct GroupPolicy {
  //! Probability that a referral of the group is admitted, in [0, 1]; a refused referral
  //! follows the untreated pathway (Referrals::untreated_state).
  double admission_probability = 1.0;
  //! The group's transitions with the behaviour's multipliers already applied.
  model::GroupTransitions transitions;
  //! Multiplies the group's Economics::cost_per_month in treatment-kind states (>= 0).
  double cost_multiplier = 1.0;
  //! Where admitted referrals start when not Referrals::admission_state (the effort's
  //! model::GroupBehaviour::entry_state).
  std::optional<model::StateIndex> entry_state;
};

//! A provider behaviour resolved against a scenario: one GroupPolicy per group.
//! The path generator and the cohort runner read only this (never Scenario::transitions),
//! so every strategy is simulated by the same code.
struct ProviderPolicy {
  std::string name;                 //!< for outputs: "admit_all", a behaviour's name, ...
  std::vector<GroupPolicy> groups;  //!< indexed by GroupIndex
};

//! One group's choice in a mixed policy (built by strategy searches).
struct GroupChoice {
  double admission_probability = 1.0;  //!< in [0, 1]
  //! Effort modifiers to apply (multipliers and cost multiplier), or nullptr for none.
  //! Its admission_probability is ignored: the field above decides admission.
  const model::GroupBehaviour* effort = nullptr;
  //! The effort's intensity (model::IntensityRange): 1 applies it as declared.
  double intensity = 1.0;
};

//! Applies transition multipliers to a copy of `base`: the monthly probability of each
//! from -> to named is multiplied by its factor in every calendar period and duration band
//! (a move absent from a cell stays absent). Several multipliers of one move multiply.
//! \throws std::invalid_argument when a state index is out of range, a factor is negative or
//!   not finite, or a resulting cell's exits sum above 1 (+1e-9); the message names the
//!   state, cell and sum. format/ checks this with file and JSON pointer before a run.
model::GroupTransitions apply_multipliers(const model::GroupTransitions& base,
                                          std::span<const model::TransitionMultiplier> multipliers);

//! The reference policy: every referral admitted, the scenario's transitions and costs.
ProviderPolicy admit_all_policy(const model::Scenario& scenario);

//! The policy of a behaviour: its admission probabilities, multipliers and cost multipliers.
//! \pre behaviour.groups.size() == scenario.groups.size() (else std::invalid_argument).
ProviderPolicy apply_behaviour(const model::Scenario& scenario, const model::Behaviour& behaviour);

//! A policy built group by group: admission and effort chosen independently per group.
//! \param choices one per group (else std::invalid_argument).
//! \param name    recorded in the policy.
//!
//! **Example** (admit only group 0, with the "park" effort for it):
//! \code
//! const auto& park = scenario.behaviours[model::find_behaviour(scenario.behaviours, "park")];
//! std::vector<GroupChoice> choices(scenario.groups.size(), GroupChoice{0.0, nullptr});
//! choices[0] = {1.0, &park.groups[0]};
//! ProviderPolicy policy = mixed_policy(scenario, choices, "park_group0_only");
//! \endcode
ProviderPolicy mixed_policy(const model::Scenario& scenario, std::span<const GroupChoice> choices,
                            std::string name = "mixed");

}  // namespace pbr::sim
