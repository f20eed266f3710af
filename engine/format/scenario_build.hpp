#pragma once
//! \file Internals of build_scenario (scenario_reader.hpp), shared by the scenario_build_*.cpp
//! files: one function per section of the format, all writing into one BuildContext.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/format/param_spec.hpp"
#include "engine/format/scenario_params.hpp"
#include "engine/model/scenario.hpp"

namespace pbr::format::detail {

//! Names declared in one list (states, bands or groups) and their indices.
struct NameTable {
  std::string noun;    //!< "state"
  std::string plural;  //!< "states"
  std::vector<std::string> names;
  std::vector<std::string> pointers;  //!< where each name is declared
  std::map<std::string, int> index;
  //! False when an entry of the list itself is broken: references are then not checked,
  //! since the intended names are unknown (avoids a cascade of follow-on messages).
  bool complete = true;
};

//! State shared by the section builders.
struct BuildContext {
  const std::string& file;
  core::DiagnosticList& diagnostics;
  model::Scenario& scenario;
  const ScenarioDeclarations& decl;
  std::optional<model::Month> horizon;  //!< nullopt when horizon_months is invalid
  NameTable states{"state", "states", {}, {}, {}, true};
  NameTable bands{"band", "bands", {}, {}, {}, true};
  NameTable groups{"group", "groups", {}, {}, {}, true};
  //! Reports one problem.
  void error(const std::string& pointer, std::string message) {
    diagnostics.add(file, pointer, std::move(message));
  }

  //! Looks up a name; reports "unknown state 'x'; valid states: ..." when absent (unless the
  //! list is incomplete). Returns the index or nullopt.
  std::optional<int> lookup(const NameTable& table, const std::string& name,
                            const std::string& pointer);
  //! lookup() on a string item read from the document (nullopt when the item is invalid).
  std::optional<int> lookup(const NameTable& table, const DeclaredObject& obj,
                            const std::string& key);
  //! Resolves an optional list of group names (absent = every group).
  std::vector<model::GroupIndex> group_list(const DeclaredObject& obj, const std::string& key);
  //! Registers the next entry of a list under `name` (nullopt: the entry's name is invalid,
  //! which makes the table incomplete). Reports a repeated name.
  void declare(NameTable& table, const std::optional<std::string>& name,
               const std::string& pointer);
};

void build_pathway(const DeclaredObject& root, BuildContext& ctx);      //!< states, bands, groups
void build_referrals(const DeclaredObject& root, BuildContext& ctx);    //!< referrals
void build_transitions(const DeclaredObject& root, BuildContext& ctx);  //!< transitions
void build_economics(const DeclaredObject& root, BuildContext& ctx);    //!< economics
void build_contract(const DeclaredObject& root, BuildContext& ctx);     //!< contract
void build_behaviours(const DeclaredObject& root, BuildContext& ctx);   //!< behaviours, strategies

//! Human-readable description of a transition cell for messages:
//! "calendar month 12, duration 6 months".
std::string cell_label(const model::StateSchedule& schedule, int period, int band);

}  // namespace pbr::format::detail
