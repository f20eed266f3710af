#pragma once
//! \file The uncertainty analysis as a sweep: one point per (draw, variant), draw-major, so
//! that scheduling, journals, resuming, sharding and merging are the sweep's own
//! (engine/sweep). The plan's design is zip; its parameters, in CSV column order:
//! - `draw` (1-based) and, with variants, `variant`: labels, written nowhere;
//! - `mc_seed` (/run/seed): the draw's Monte Carlo seed (monte_carlo_seed), the same for
//!   every variant of a draw (common random numbers between variants);
//! - one column per drawn input (draws.hpp), written at its pointers;
//! - one column per pointer a variant sets, named by the pointer (the base's value where a
//!   variant leaves it);
//! then the file's derived values.

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "engine/sweep/plan.hpp"
#include "engine/uncertainty/draws.hpp"
#include "engine/uncertainty/spec.hpp"

namespace pbr::uncertainty {

//! The sweep plan of an analysis with `table`'s draws.
//! \param base the resolved base scenario (for the values variants leave unchanged)
//! \throws core::InputError when a variant sets a pointer another variant leaves and the
//!   base has no value there
sweep::SweepPlan psa_sweep_plan(const UncertaintySpec& spec, const DrawTable& table,
                                std::uint64_t seed, const nlohmann::json& base);

//! The names of the plan's label parameters ("draw", "variant", "mc_seed") and whether a
//! parameter name is an input column (a valid name that is not one of them; variant settings
//! are named by their pointers).
bool is_input_column(const std::string& parameter_name);

}  // namespace pbr::uncertainty
