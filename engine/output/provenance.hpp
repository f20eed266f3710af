#pragma once
//! \file Provenance recorded in every output: what produced it, from what, and how.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pbr::output {

//! Everything needed to reproduce an output. Engine version and git SHA are not stored
//! here: provenance_to_json takes them from core::ENGINE_VERSION and core::GIT_SHA.
struct Provenance {
  std::string scenario_path;              //!< the scenario file as the user named it
  std::string scenario_sha256;            //!< SHA-256 of the file's bytes, lower-case hex
  std::uint64_t seed = 0;                 //!< master seed of the random streams
  std::int64_t replications = 0;          //!< R (1 for the exact method: one expected-value pass)
  std::int64_t block_size = 0;            //!< clients per block; fixed, independent of threads
  std::string method;                     //!< "mc" (Monte Carlo) or "exact" (Markov trace)
  int threads = 0;                        //!< informational only: results do not depend on it
  std::vector<std::string> command_line;  //!< argv as given, program name first
  std::string started_utc;                //!< ISO 8601 UTC, e.g. "2025-01-31T09:15:02Z"
  std::string finished_utc;               //!< ISO 8601 UTC, "" while the run is in progress
};

//! The provenance object written into JSON sidecars:
//! \code{.json}
//! {"engine": "pbrsim", "engine_version": "0.1.0", "git_sha": "3f2a9c1d0b7e",
//!  "scenario": {"path": "scenarios/pilot.json", "sha256": "…"},
//!  "method": "mc", "seed": 1, "replications": 1000, "block_size": 4096, "threads": 2,
//!  "command_line": ["pbrsim", "run", "scenarios/pilot.json"],
//!  "timestamps": {"started_utc": "…", "finished_utc": "…"}}
//! \endcode
//! Golden comparisons ignore "timestamps"; "threads" and "command_line" describe the
//! invocation rather than the results (see provenance_without_invocation).
nlohmann::json provenance_to_json(const Provenance& provenance);

//! A copy of a provenance object without the keys that vary between invocations producing
//! identical results: "timestamps", "threads" and "command_line". What remains is a pure
//! function of engine build, scenario bytes and run settings.
nlohmann::json provenance_without_invocation(const nlohmann::json& provenance);

//! The current time in UTC as ISO 8601 with second precision ("2025-01-31T09:15:02Z").
std::string utc_timestamp_now();

}  // namespace pbr::output
