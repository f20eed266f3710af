#pragma once
//! \file Reading scenario files: JSON -> validated model::Scenario, with every problem reported
//! at once (file, JSON pointer, bad value, what was expected). The format is documented in
//! docs/scenario-format.md and declared in scenario_params.hpp.
//!
//! **Example**
//! \code
//!   pbr::format::LoadedScenario loaded = pbr::format::load_scenario("scenarios/pilot.json");
//!   const pbr::model::Scenario& s = loaded.scenario;   // passes model::check_invariants
//!   record(loaded.sha256, loaded.resolved);           // provenance
//! \endcode

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/model/scenario.hpp"

namespace pbr::format {

//! A scenario file resolved (extends applied) and validated.
struct LoadedScenario {
  model::Scenario scenario;
  nlohmann::json resolved;         //!< the document after `extends` layering (no "extends" key)
  std::string path;                //!< the path as the caller gave it
  std::string sha256;              //!< SHA-256 of resolved.dump() (keys sorted, no whitespace)
  std::vector<std::string> files;  //!< `path`, then each base of its `extends` chain
};

//! Reads `path` and applies its `extends` chain: each base is resolved first, then the file
//! is applied to it as a JSON merge patch (RFC 7386: objects merge recursively, null deletes a
//! key, arrays and scalars replace). A base path is relative to the directory of the file
//! naming it. Throws core::InputError for a missing or unreadable file, malformed JSON (with
//! line and column), a non-object document, a bad `extends` value, a missing base, a cycle
//! (naming the chain) or a chain deeper than MAX_EXTENDS_DEPTH.
//! When `files` is given, `path` and then each base file read are appended to it (the files
//! a command must never write over).
nlohmann::json resolve_scenario_document(const std::string& path,
                                         std::vector<std::string>* files = nullptr);

//! Longest chain of `extends` accepted.
inline constexpr int MAX_EXTENDS_DEPTH = 16;

//! Applies an RFC 7386 JSON merge patch to `target`.
void merge_patch(nlohmann::json& target, const nlohmann::json& patch);

//! Validates a resolved document and builds the scenario. Collects every problem and throws
//! core::InputError carrying all of them (each diagnostic names `file_label`). As a last line
//! of defence runs model::check_invariants(); anything it still finds is reported as an
//! internal error diagnostic.
model::Scenario build_scenario(const nlohmann::json& resolved, const std::string& file_label);

//! resolve_scenario_document + build_scenario + the content hash.
LoadedScenario load_scenario(const std::string& path);

//! The JSON Schema (draft 2020-12) of scenario files, generated from the declarations. A
//! document with "extends" is checked as a merge patch (no required keys, null allowed).
nlohmann::json scenario_schema();

//! The Markdown key table of docs/scenario-format.md, generated from the declarations.
std::string scenario_key_table();

}  // namespace pbr::format
