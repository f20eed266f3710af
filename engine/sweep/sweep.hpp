#pragma once
//! \file A sweep made concrete: every point expanded from the plan, its document built from
//! the resolved base scenario and checked by the scenario reader before anything runs, and
//! the fingerprint that identifies the sweep across resumes and shards.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/core/sha256.hpp"

#include "engine/model/scenario.hpp"
#include "engine/sweep/evaluator.hpp"
#include "engine/sweep/plan.hpp"

namespace pbr::sweep {

//! One value written into a point's document.
struct Assignment {
  std::string pointer;
  std::string json;  //!< compact JSON text
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

//! One point of a sweep.
struct PointSpec {
  std::size_t index = 0;                //!< 0-based, in design order
  std::vector<std::size_t> choice;      //!< index into each parameter's values
  std::vector<Assignment> assignments;  //!< parameters with a pointer, then derived values
  std::string scenario_sha256;          //!< hash of the point's canonical resolved document
  std::uint64_t seed = 0;
  std::int64_t replications = 0;
  std::vector<std::string> strategies;
  friend bool operator==(const PointSpec&, const PointSpec&) = default;
};

//! A fully described sweep: what the sidecar records and what shards must agree on.
struct SweepDefinition {
  SweepPlan plan;
  std::string base_sha256;    //!< SHA-256 of the base's canonical resolved document
  std::string base_document;  //!< that canonical document (compact JSON, keys sorted)
  EvaluatorInfo evaluator;
  std::vector<PointSpec> points;
  std::string fingerprint;  //!< see fingerprint_of
};

//! Turns a resolved scenario document into a Scenario, or throws core::InputError with every
//! problem; `label` is used as the diagnostics' file. The default is format::build_scenario.
using ScenarioBuilder =
    std::function<model::Scenario(const nlohmann::json& resolved, const std::string& label)>;

//! The number of points of a design over parameters with `sizes` values each: their product
//! (grid) or the common size (zip); 0 without parameters. Saturates at SIZE_MAX.
std::size_t point_count(Design design, const std::vector<std::size_t>& sizes);

//! The value indices of point `index` (0-based, in design order), computed rather than
//! stored, so that a million-point sweep needs no table of them.
//! grid: cartesian product, the first parameter slowest; zip: (i, i, ..., i).
//! \pre index < point_count(design, sizes); with zip, all sizes are equal (check_plan).
std::vector<std::size_t> choice_of(Design design, const std::vector<std::size_t>& sizes,
                                   std::size_t index);

//! Every point's choice_of, in design order (for small designs and tests).
std::vector<std::vector<std::size_t>> expand_design(Design design,
                                                    const std::vector<std::size_t>& sizes);

//! A point's label for messages: "point 3 (window=6, fee_share=0.1)" (1-based, as users count).
std::string point_label(const SweepPlan& plan, const PointSpec& point);

//! Settings given on the command line that override the plan and the scenario.
struct RunOverrides {
  std::optional<std::uint64_t> seed;
  std::optional<std::int64_t> replications;
  std::vector<std::string> strategies;  //!< empty: no override
};

//! A checked sweep, ready to run: its definition (every point), and what rebuilds any
//! point's scenario on demand. Scenarios are not kept: a point's scenario is large (its
//! groups, contract, behaviours) and a sweep may have a million points.
struct PreparedSweep {
  SweepDefinition definition;
  nlohmann::json base;     //!< the resolved base document
  std::string base_label;  //!< how messages name the base file
  ScenarioBuilder build;

  //! Point `index`'s scenario, built from the base and its assignments (checked already).
  [[nodiscard]] model::Scenario scenario(std::size_t index) const;
};

//! What check_sweep returns: the definition without its points (each was handed to the
//! visitor) and their number.
struct CheckedSweep {
  SweepDefinition definition;  //!< fingerprint and evaluator complete; `points` empty
  std::size_t points = 0;
};

//! Expands the plan over the resolved base document, applies each point's values and derived
//! values, and builds every point's scenario (in parallel). Pointers must exist in the base,
//! or their parent must be an object (the key is then added). Seeds, replications and
//! strategies come from `overrides`, else the plan, else each point's scenario (so all
//! points share the base's seed unless the sweep itself varies it).
//! \param base       the resolved base scenario (format::resolve_scenario_document)
//! \param base_label how messages name the base file
//! \param evaluator  its info is recorded; its resolve_strategies (if any) checks each point
//! \throws core::InputError listing every problem, each naming the point (index and values),
//!   the pointer and the reader's message; at most 50 are listed, then a count of the rest.
PreparedSweep prepare_sweep(const SweepPlan& plan, const nlohmann::json& base,
                            const std::string& base_label, const RunOverrides& overrides,
                            const Evaluator& evaluator, const ScenarioBuilder& build);

//! prepare_sweep without keeping the points: each checked point is handed to `visit`, in
//! point order, and dropped. Points are built a block at a time, so memory does not grow
//! with the number of points (what `--dry-run` of a million points needs). Every point is
//! checked before the problems are thrown; once a problem is found, no further point is
//! visited. \throws core::InputError as prepare_sweep does.
CheckedSweep check_sweep(const SweepPlan& plan, const nlohmann::json& base,
                         const std::string& base_label, const RunOverrides& overrides,
                         const Evaluator& evaluator, const ScenarioBuilder& build,
                         const std::function<void(PointSpec&&)>& visit);

//! The fingerprint, computed as the points come (one pass, nothing kept per point): a
//! SHA-256 of the points' lines (each point's `[document hash, seed, replications,
//! strategies, assignments]`), then the SHA-256 of the sweep's identity holding it.
class FingerprintBuilder {
 public:
  void add_point(const PointSpec& point);
  //! The fingerprint of `definition` (whose points are ignored) with the points added.
  std::string finish(const SweepDefinition& definition);

 private:
  core::Sha256 points_;
  std::size_t count_ = 0;
};

//! SHA-256 of the sweep's identity: format version, engine version, evaluator (id and
//! metrics), base document hash, parameter names and pointers, and each point's document
//! hash, seed, replications, strategies and assignments. Shards and journals carry it; resuming or
//! merging checks it, so outputs of different sweeps are never mixed.
std::string fingerprint_of(const SweepDefinition& definition);

}  // namespace pbr::sweep
