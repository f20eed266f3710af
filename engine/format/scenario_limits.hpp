#pragma once
//! \file The limits on a scenario's shape that keep a run's memory bounded, and the check of
//! the per-replication tally they bound (docs/scenario-format.md, "Limits").
//!
//! A replication's tally (sim/tally.hpp) holds, per group, a states x states table of moves and,
//! per month and group, a count per state and a payment per rule. Its size grows with the
//! product of the scenario's dimensions, which a small file can make huge (1,000 states in
//! 58 KB), so each dimension and the product are limited before anything is built.
//!
//! **Example**
//! \code
//!   tally_cells({.states = 10, .groups = 4, .horizon_months = 36, .payments = 3});  // 2272
//! \endcode

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/core/diagnostics.hpp"

namespace pbr::format {

//! Most entries of `states` (a tally grows with states squared).
inline constexpr std::size_t MAX_STATES = 500;
//! Most entries of `groups`.
inline constexpr std::size_t MAX_GROUPS = 2000;
//! Most cells of one replication's tally: 4,000,000 integers of 8 bytes, 32 MB.
inline constexpr std::uint64_t MAX_TALLY_CELLS = 4'000'000;

//! The dimensions a tally's size depends on.
struct TallyShape {
  std::uint64_t states = 0;
  std::uint64_t groups = 0;
  std::uint64_t horizon_months = 0;
  std::uint64_t payments = 0;  //!< entries of contract.payments
};

//! groups x states^2 + horizon_months x groups x (states + payments): the moves between
//! states, the monthly occupancy and the monthly payments of one replication. Exact for
//! counts within MAX_STATES and MAX_GROUPS and any horizon and payment list a file can hold.
std::uint64_t tally_cells(const TallyShape& shape);

//! Adds a diagnostic at the root of `resolved` when its tally would exceed MAX_TALLY_CELLS:
//! `x.json: /: the per-replication tally would have 4010000 cells (groups x states^2 +
//! horizon_months x groups x (states + payments) = 1000 x 20^2 + 120 x 1000 x (20 + 10));
//! at most 4000000 are allowed (a limit that bounds a run's memory)`. Checked only when
//! `states` and `groups` are arrays within their limits and `horizon_months` is known
//! (otherwise those problems are reported already). Returns false when it reported.
bool check_tally_size(const nlohmann::json& resolved, std::optional<std::int64_t> horizon_months,
                      const std::string& file, core::DiagnosticList& diagnostics);

}  // namespace pbr::format
