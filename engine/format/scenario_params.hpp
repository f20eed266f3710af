#pragma once
//! \file The declarations of every key of the scenario format (docs/scenario-format.md).
//! Parsing, validation, defaults, `pbrsim schema` and the docs' key table all come from here.

#include <string>
#include <string_view>
#include <vector>

#include "engine/format/param_spec.hpp"

namespace pbr::format {

//! Every object type of the scenario format. Built once (scenario_declarations()) and never
//! modified; the object types refer to one another by address, so the set is not copyable.
struct ScenarioDeclarations {
  ScenarioDeclarations();
  ScenarioDeclarations(const ScenarioDeclarations&) = delete;
  ScenarioDeclarations& operator=(const ScenarioDeclarations&) = delete;

  ObjectSpec run;                //!< /run
  ObjectSpec state;              //!< /states/i
  ObjectSpec band;               //!< /bands/i
  ObjectSpec group;              //!< /groups/i
  ObjectSpec rate_piece;         //!< /referrals/monthly_rate/i
  ObjectSpec existing_caseload;  //!< /referrals/existing_caseload/i
  ObjectSpec referrals;          //!< /referrals
  ObjectSpec duration_piece;     //!< /transitions/i/by_duration/j
  ObjectSpec transition;         //!< /transitions/i and /transition_overrides/i
  ObjectSpec cost;               //!< /economics/cost_per_month/i
  ObjectSpec block_change;       //!< /economics/block_payment_changes/i
  ObjectSpec economics;          //!< /economics
  ObjectSpec window;             //!< no_reentry and clawback of a payment rule
  ObjectSpec tariff_change;      //!< /contract/payments/i/tariff_changes/j
  ObjectSpec schedule_point;     //!< /contract/payments/i/graded/schedule/j
  ObjectSpec graded;             //!< /contract/payments/i/graded
  ObjectSpec payment;            //!< /contract/payments/i
  ObjectSpec contract;           //!< /contract
  ObjectSpec multiplier;         //!< a behaviour's transition multiplier
  ObjectSpec group_behaviour;    //!< /behaviours/NAME/groups/GROUP
  ObjectSpec intensity;          //!< /behaviours/NAME/intensity
  ObjectSpec behaviour;          //!< /behaviours/NAME
  ObjectSpec strategies;         //!< /strategies
  ObjectSpec scenario;           //!< the whole document
};

//! The declarations (built on first use; thread-safe).
const ScenarioDeclarations& scenario_declarations();

//! Strategies the engine provides; `strategies.evaluate` may also name declared behaviours.
inline constexpr std::string_view BUILTIN_STRATEGIES[] = {
    "admit_all", "cherry_pick", "park", "fast_track", "best_response", "worst_case"};
//! Built-in strategies that take their effort modifiers from the behaviour of the same name.
inline constexpr std::string_view BEHAVIOUR_STRATEGIES[] = {"park", "fast_track"};

//! Ways of writing one transition probability, in declaration order.
inline constexpr std::string_view PROBABILITY_KEYS[] = {"monthly", "annual_probability",
                                                        "annual_rate"};

//! The key of the `groups` map of a behaviour that applies to every group.
inline constexpr std::string_view ALL_GROUPS_KEY = "*";

}  // namespace pbr::format
