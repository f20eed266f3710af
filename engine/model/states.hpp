#pragma once
//! \file The states of the treatment pathway.

#include <string>
#include <string_view>
#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::model {

//! What a state means to the engine. States are named by the user; the kind tells the
//! engine which metric an entry counts towards and which states fill treatment capacity.
enum class StateKind {
  waiting,         //!< referred, waiting for a treatment place (capacity full)
  treatment,       //!< in treatment, including substitution "maintenance"; fills capacity
  completion,      //!< successful completion (free of dependence); entries are completions
  community,       //!< in the community after a successful completion
  dropout,         //!< dropped out / unplanned exit / declined to continue
  representation,  //!< relapsed and re-presented for treatment
  recovery,        //!< sustained recovery
  death,           //!< died (must be absorbing)
  untreated,       //!< turned away: follows the untreated pathway
  other            //!< any other state; counted only in occupancy
};

//! Every kind, in declaration order (used for schema and error messages).
inline constexpr StateKind ALL_STATE_KINDS[] = {
    StateKind::waiting,   StateKind::treatment,      StateKind::completion, StateKind::community,
    StateKind::dropout,   StateKind::representation, StateKind::recovery,   StateKind::death,
    StateKind::untreated, StateKind::other};

//! snake_case name of a kind, as written in scenario files ("treatment", "death", ...).
std::string_view to_string(StateKind kind);

//! One state of the pathway.
struct State {
  std::string name;  //!< user's name, unique, snake_case by convention
  StateKind kind = StateKind::other;
  bool absorbing = false;   //!< no transitions out; death states must be absorbing
  std::string description;  //!< free text, for outputs and docs
};

//! Index of the state named `name`, or -1.
StateIndex find_state(const std::vector<State>& states, std::string_view name);

}  // namespace pbr::model
