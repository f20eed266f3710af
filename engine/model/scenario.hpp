#pragma once
//! \file A complete, validated scenario: the plain C++ value every engine module consumes.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/model/behaviour.hpp"
#include "engine/model/case_mix.hpp"
#include "engine/model/contract.hpp"
#include "engine/model/economics.hpp"
#include "engine/model/states.hpp"
#include "engine/model/transitions.hpp"

namespace pbr::model {

//! Settings for the strategy comparison (cherry-picking analysis).
struct StrategySettings {
  //! Strategy names to evaluate: admit_all, cherry_pick, park, fast_track, best_response (or
  //! its former name worst_case), or a custom behaviour's name. Empty = admit_all only.
  std::vector<std::string> names;
  //! cherry_pick admits a group when its expected margin per admitted client reaches this.
  core::Pence cherry_pick_min_margin = 0;
  //! Open access: the provider must admit every referral, so the best response may choose
  //! effort only (its admission lever is fixed at 1).
  bool open_access = false;
};

//! Default run settings; the command line overrides them.
struct RunDefaults {
  std::uint64_t seed = 1;
  int replications = 100;
};

//! The whole scenario. Built by format/ from JSON or directly in code (tests, sweeps).
//! check_invariants() states what every consumer may assume.
struct Scenario {
  std::string name;
  std::string description;
  Month horizon_months = 12;  //!< months simulated, >= 1
  std::vector<State> states;
  std::vector<Band> bands;
  std::vector<Group> groups;
  std::vector<GroupTransitions> transitions;  //!< indexed by GroupIndex, then StateIndex
  Referrals referrals;
  Economics economics;
  Contract contract;
  std::vector<Behaviour> behaviours;
  StrategySettings strategies;
  RunDefaults run;
};

//! Checks the structural invariants (sizes agree, indices in range, probabilities in [0,1],
//! rows sum <= 1, shares sum to 1, absorbing states have no exits, money >= 0).
//! Returns human-readable problems; empty when the scenario is consistent. format/ reports
//! user errors with file and JSON pointer before this is ever reached; this is the
//! last line of defence for scenarios built in code.
std::vector<std::string> check_invariants(const Scenario& scenario);

}  // namespace pbr::model
