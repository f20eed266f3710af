#pragma once
//! \file An uncertainty file: which inputs of a scenario are uncertain, their distributions,
//! their correlations, the contract variants to choose between and the commissioner's value
//! of an outcome (docs/uncertainty.md, "The uncertainty file").
//!
//! **Example**
//! \code{.json}
//! {"scenario": "../default.json",
//!  "inputs": [
//!    {"name": "early_dropout", "pointer": "/transitions/1/by_duration/0/monthly",
//!     "distribution": "beta", "events": 49, "trials": 200, "source": "Stevens et al."},
//!    {"name": "cost_crack", "pointers": ["/economics/cost_per_month/2/pounds"],
//!     "distribution": "gamma", "mean": 95, "sd": 19, "decimals": 2, "assumption": true}],
//!  "correlations": [{"between": ["a", "b"], "rho": 0.5}],
//!  "variants": [{"name": "as_is"}, {"name": "no_window", "set": {"/x": 0}}],
//!  "decision": {"value_per_sustained_recovery": 20000}}
//! \endcode

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "engine/sweep/parameter.hpp"
#include "engine/uncertainty/distribution.hpp"

namespace pbr::uncertainty {

//! One component of a Dirichlet input: a share of a row of exits.
struct Component {
  std::string name;                   //!< the input's name + "_" + the component's name
  std::vector<std::string> pointers;  //!< where its drawn share is written (may be none)
  double alpha = 1.0;                 //!< count + prior
};

//! One uncertain input.
struct UncertainInput {
  std::string name;  //!< a valid identifier, unique; the CSV column
  //! Where the drawn value is written in the resolved scenario (the same value at each); none
  //! for a value used only by derived expressions.
  std::vector<std::string> pointers;
  Distribution distribution;          //!< scalar inputs
  std::vector<Component> components;  //!< Dirichlet inputs (then `distribution` is unused)
  //! Decimals the drawn value is rounded to (2 for pounds); nullopt = 6 significant digits.
  std::optional<int> decimals;
  bool assumption = false;  //!< marked as an assumption rather than a published figure
  std::string source;       //!< where its distribution comes from (text)
  std::string at;           //!< its JSON pointer in the uncertainty file, for messages

  [[nodiscard]] bool is_dirichlet() const { return !components.empty(); }
};

//! A correlation between two scalar inputs' ranks, imposed by a Gaussian copula.
struct Correlation {
  std::string first, second;
  double rho = 0.0;  //!< the normal copula's correlation, -1 < rho < 1
  std::string at;
};

//! One contract design the commissioner could choose (values set on the scenario).
struct Variant {
  std::string name;
  std::vector<std::pair<std::string, std::string>> settings;  //!< (pointer, compact JSON)
};

//! The commissioner's net benefit of a contract under the provider's response (best_response
//! when evaluated, else admit_all): value_per_sustained_recovery x sustained recoveries -
//! commissioner spend (pounds).
struct Decision {
  std::optional<double> value_per_sustained_recovery;
};

//! A whole uncertainty file.
struct UncertaintySpec {
  std::string path;         //!< the file ("" when built in code)
  std::string scenario;     //!< the base scenario, resolved relative to the file
  std::string description;  //!< free text
  std::vector<UncertainInput> inputs;
  std::vector<Correlation> correlations;
  std::vector<sweep::Derived> derived;  //!< values computed from the drawn inputs
  std::vector<Variant> variants;        //!< empty = the scenario as it is
  Decision decision;
  std::vector<std::string> strategies;  //!< empty = the scenario's strategies.evaluate
  std::optional<std::int64_t> draws;
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> replications;
};

//! Most draws one analysis may have.
inline constexpr std::int64_t MAX_DRAWS = 1000000;

//! Reads and checks an uncertainty file (every problem, located by JSON pointer).
//! \throws core::InputError
UncertaintySpec read_uncertainty(const std::string& path);

//! The same for a parsed document; `path` labels the diagnostics and anchors the relative
//! scenario path. \throws core::InputError
UncertaintySpec read_uncertainty_document(const nlohmann::json& doc, const std::string& path);

//! Checks names (valid identifiers, unique, not a reserved column: draw, variant, mc_seed),
//! correlations (known scalar non-fixed inputs, each pair once, a positive definite
//! matrix) and variants (unique names). `file` labels the diagnostics.
//! \throws core::InputError
void check_uncertainty(const UncertaintySpec& spec, const std::string& file);

}  // namespace pbr::uncertainty
