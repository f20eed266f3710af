#pragma once
//! \file A sweep plan: the base scenario, the swept parameters, how they combine, derived
//! values and run settings. Read from a `*.sweep.json` file (docs/sweeps.md, "Plan files")
//! and/or built from `--set` / `--derive` options.
//!
//! **Example** plan file:
//! \code{.json}
//! {"scenario": "default.json", "design": "grid",
//!  "parameters": [
//!    {"name": "window_months", "pointer": "/contract/payments/1/no_reentry/months",
//!     "values": "3:12:3"},
//!    {"name": "fee_share", "values": [0, 0.1, 0.2, 0.3]}],
//!  "derived": [{"pointer": "/contract/payments/0/amount_by_band/high",
//!               "value": "round(fee_share * 2000, 2)"}],
//!  "strategies": ["admit_all", "cherry_pick"], "replications": 200, "seed": 1}
//! \endcode

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/sweep/parameter.hpp"

namespace pbr::sweep {

//! How the parameters' values combine into points.
enum class Design {
  grid,  //!< cartesian product; the first parameter varies slowest (nested-loop order)
  zip    //!< the i-th values of all parameters together; all lists have equal length
};

//! "grid" or "zip".
std::string_view to_string(Design design);

//! Everything a sweep varies and how it runs. Paths are as the user can open them (a plan's
//! `scenario` is resolved relative to the plan file's directory).
struct SweepPlan {
  std::string path;         //!< the plan file, "" for a sweep given only by options
  std::string scenario;     //!< base scenario file
  std::string description;  //!< free text, copied to the sidecar
  Design design = Design::grid;
  std::vector<Parameter> parameters;
  std::vector<Derived> derived;
  //! Strategies to evaluate at every point; empty = the scenario's `strategies.evaluate`.
  std::vector<std::string> strategies;
  std::optional<std::uint64_t> seed;         //!< empty = the scenario's run.seed
  std::optional<std::int64_t> replications;  //!< empty = the scenario's run.replications
  //! The seed the parameters' values were drawn with, for an uncertainty analysis (whose
  //! values are random draws); empty for a sweep. Recorded in the sidecar and the fingerprint.
  std::optional<std::uint64_t> draw_seed;
};

//! Reads a plan file. Keys: `scenario` (string, relative to the plan), `description`,
//! `notes`/`source` (ignored text), `design` ("grid" | "zip"), `parameters` (array of
//! `{"name", "pointer", "values"}`; `values` is an array of JSON values or a string in the
//! `--set` VALUES syntax), `derived` (array of `{"pointer", "value": EXPRESSION}`),
//! `strategies` (array of names), `seed` (integer >= 0), `replications` (integer >= 1).
//! \throws core::InputError with every problem (file, JSON pointer, message).
SweepPlan read_plan(const std::string& path);

//! read_plan of a document already parsed from `path` (the fuzz harness reads no file).
SweepPlan read_plan_document(const nlohmann::json& document, const std::string& path);

//! The keys a sweep plan shares with an uncertainty file, read the same way in both.
struct SharedPlanKeys {
  std::vector<Derived> derived;              //!< "derived": [{"pointer", "value"}]
  std::vector<std::string> strategies;       //!< "strategies": [names]
  std::optional<std::uint64_t> seed;         //!< "seed": integer 0 .. 2^64-1
  std::optional<std::int64_t> replications;  //!< "replications": integer 1 .. 1000000
};

//! Reads the shared keys of `doc` (each optional), reporting problems located in `file`.
SharedPlanKeys read_shared_plan_keys(const nlohmann::json& doc, const std::string& file,
                                     core::DiagnosticList& out);

//! Most points one sweep may have (checked by check_plan before any point is built).
inline constexpr std::size_t MAX_SWEEP_POINTS = 1000000;

//! Checks a plan's consistency: at least one parameter; names valid and unique; pointers
//! well-formed and not set twice (by two parameters or a parameter and a derived value);
//! with design zip, equally long value lists; with design grid, at most MAX_SWEEP_POINTS
//! points; every derived expression parses and names
//! only parameters. `file` labels the diagnostics (the plan path or "command line").
//! \throws core::InputError with every problem.
void check_plan(const SweepPlan& plan, const std::string& file);

}  // namespace pbr::sweep
