#pragma once
//! \file The best response's global search on contracts whose terms couple the groups
//! (cohort thresholds, graded payments, deadweight baselines, contract caps), without a
//! capacity limit.
//!
//! **Evaluation.** Each option of a group's list is simulated once, on the search
//! replications, with per-client payments (sim::PaymentStage::per_client); one run carries a
//! different option for each group. Any combination of options (one per group) is then
//! evaluated exactly as the runner would evaluate its mixed policy on the same random numbers:
//! its groups' ledger parts are mixed (sim/group_mix.hpp) and the contract stage applied. So
//! a combination costs one contract stage per replication, not a simulation.
//!
//! **Search: branch and bound.** Groups are fixed one at a time, each group's options tried in
//! decreasing order of their bound. The bound of an option is its group's discounted
//! per-client payments less its cost, averaged over the search replications: the contract
//! stage never raises what a payment pays (graded shares are at most 1; thresholds,
//! deadweight and caps only cut; a clawback never recovers more than its payment paid), so the
//! sum of the fixed groups' bounds and the best bound of each group still free is at least
//! the margin of every combination below the node. A node whose bound does not exceed the
//! best margin found is pruned. When the search ends within MAX_COMBINATIONS evaluations it
//! is exhaustive: the result is the best combination of the option lists on the search
//! replications (proven). Past that budget it stops branching and climbs from the best
//! combination found by moves of one group at a time (not proven).
//!
//! **Fractional admission** is then refined locally: with each group's effort kept, the
//! admissions of ADMISSION_FRACTIONS are simulated and tried group by group until no move
//! raises the margin.
//!
//! **Finalists.** The combinations (and the starting plans) whose estimate lies within
//! FINALIST_STANDARD_ERRORS paired standard errors of the best, at most MAX_FINALISTS, are
//! returned for the caller to compare on all of the run's replications.

#include <span>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/strategy/best_response.hpp"
#include "engine/strategy/provider_options.hpp"

namespace pbr::strategy {

//! Combinations the branch and bound may evaluate before it stops branching.
inline constexpr int MAX_COMBINATIONS = 2000;
//! Past the budget, every admission pattern is a start while there are at most this many
//! groups (2^6 = 64 starts).
inline constexpr std::size_t MAX_PATTERN_GROUPS = 6;
//! Intensities tried per ranged behaviour in the option lists (min, mid, max, and 1), then
//! refined by GOLDEN_SECTION_STEPS steps of golden-section search within a grid step.
inline constexpr int COUPLED_GRID_POINTS = 3;
//! Admissions tried between 0 and 1 by the local refinement.
inline constexpr double ADMISSION_FRACTIONS[] = {0.75, 0.5, 0.25};
//! Finalists kept for the comparison on all replications.
inline constexpr std::size_t MAX_FINALISTS = 4;
inline constexpr double FINALIST_STANDARD_ERRORS = 3.0;

//! With a capacity limit, the screen's best combinations simulated in full.
inline constexpr std::size_t CAPACITY_CANDIDATES = 4;
//! With a capacity limit, sweeps of single-group moves simulated in full after the screen.
inline constexpr int CAPACITY_SWEEPS = 1;

//! The standard error of the mean of the paired differences a[i] - b[i] (0 for fewer than 2).
double paired_standard_error(const std::vector<double>& a, const std::vector<double>& b);

//! What the coupled search found.
struct CoupledSearchResult {
  std::vector<std::vector<Option>> finalists;  //!< best first, then by estimate
  std::vector<double> estimates;  //!< margin on the search replications, pounds (no block)
  //! The best combinations evaluated, best first (at most 16), finalists or not
  std::vector<std::vector<Option>> candidates;
  int simulations = 0;   //!< policies simulated on the search replications
  int combinations = 0;  //!< combinations evaluated
  bool proven = true;    //!< the branch and bound completed within MAX_COMBINATIONS
};

//! Searches one option per group (see the file comment).
//! \param lists   each group's options, in tie-breaking order (earlier wins a tie)
//! \param starts  combinations to evaluate first (the canned strategies' choices); each of
//!                their options must be in its group's list
//! \param search  seed and replications of the search
//! \pre the scenario has no capacity limit
CoupledSearchResult search_coupled(const model::Scenario& scenario,
                                   const std::vector<std::vector<Option>>& lists,
                                   std::span<const std::vector<Option>> starts,
                                   const sim::RunSettings& search);

}  // namespace pbr::strategy
