#pragma once
//! \file The provider's best response to a contract: per group, the admission probability and
//! the effort that maximise its expected margin over the horizon, on the full scenario.
//!
//! **Search space.** For each group g: an admission probability a_g in [0, 1] (0 refuses the
//! group's referrals) and an effort e_g, either honest or any behaviour the scenario declares
//! (its transition and cost multipliers for the group; its own admission probabilities are
//! ignored, a_g decides admission). Effort applies to the group's existing caseload as well as
//! to its admissions. Every canned strategy (admit_all, cherry_pick, park, fast_track, and a
//! declared behaviour applied as declared) is a point of this space.
//!
//! With model::StrategySettings::open_access the provider must admit every referral: a_g is
//! fixed at 1 and only the effort is chosen.
//!
//! **Objective.** The provider margin metric of the whole scenario (discounted when the
//! contract discounts): existing caseload, capacity and contract-level terms included.
//!
//! **Method and guarantee.**
//! - *Separable* scenarios (exact mode applies: no capacity limit, no contract-level term):
//!   each group's margin depends on its own choice only, and is linear in a_g (admissions
//!   times the margin per admission, plus its existing caseload's margin), so an optimum has
//!   a_g in {0, 1}. Exact enumeration: one exact expected tally per option (a, e) applied to
//!   every group at once, 2 x (behaviours + 1) tallies, then each group's best option. This
//!   is the global maximum of the expected margin over the whole space.
//! - *Coupled* scenarios without a capacity limit (cohort thresholds, graded payments,
//!   deadweight baselines, caps): a global search on the run's seed and its first
//!   min(replications, SEARCH_REPLICATIONS) replications (coupled_search.hpp). Each group's
//!   options (admit or refuse x honest or each behaviour on a COUPLED_GRID_POINTS intensity
//!   grid, and the starting plans' choices) are simulated once; any combination is evaluated
//!   exactly as its mixed policy would be on those random numbers, by mixing the groups'
//!   per-client ledgers and applying the contract stage. Branch and bound over every
//!   combination, bounded by "the contract stage never raises a payment", is exhaustive
//!   (search.proven) within MAX_COMBINATIONS evaluations; past that, every admission
//!   pattern is a start of a climb of efforts, then of free moves. Intensities are refined by
//!   golden-section search, fractional admissions (ADMISSION_FRACTIONS) tried group by group.
//!   The finalists within FINALIST_STANDARD_ERRORS paired standard errors of the best are
//!   compared on all of the run's replications.
//! - With a *capacity limit* the same search on mixed tallies is a screen only (one group's
//!   admissions change the others' waits, which mixing ignores): its CAPACITY_CANDIDATES best
//!   and the starting plans are simulated in full on the search replications; from the best,
//!   CAPACITY_SWEEPS sweeps of single-group moves to another option of the group's list are
//!   simulated in full; those within FINALIST_STANDARD_ERRORS paired standard errors of the
//!   best are compared on all of the run's replications. Never below a starting plan on the
//!   search replications; not proven.
//! **Intensities.** A behaviour that declares an intensity range (model::IntensityRange) is a
//! continuous lever: the exact enumeration tries INTENSITY_GRID_POINTS intensities from min
//! to max (and 1, the behaviour as declared), then refines each group's best by
//! golden-section search within a grid step on either side (GOLDEN_SECTION_STEPS steps, one
//! exact tally per step for all groups at once); this is the maximum over the grid, improved
//! locally, and the global one when a group's margin is unimodal in the intensity. The
//! coupled search does the same with COUPLED_GRID_POINTS grid points and one simulated run
//! per step.
//! Ties keep the earlier option: admission before refusal, honest effort before any
//! behaviour, the declared intensity before others, so the best response games only where
//! gaming pays.

#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::strategy {

//! Intensities tried per ranged behaviour: a grid from min to max (and 1) in the exact
//! enumeration, refined by GOLDEN_SECTION_STEPS steps of golden-section search.
inline constexpr int INTENSITY_GRID_POINTS = 9;
inline constexpr int GOLDEN_SECTION_STEPS = 12;
//! Replications the coupled search compares policies on (at most the run's own).
inline constexpr int SEARCH_REPLICATIONS = 20;

//! How the best response was found.
struct BestResponseSearch {
  bool exact = true;       //!< exact enumeration (else the coupled search by Monte Carlo)
  int evaluations = 0;     //!< policies evaluated (exact tallies or Monte Carlo runs)
  double objective = 0.0;  //!< the expected (or estimated) provider margin, pounds
  //! Branch and bound (no capacity limit): combinations evaluated, whether the search was
  //! exhaustive over the option lists (proven), finalists compared on all replications
  int combinations = 0;
  bool proven = false;
  int finalists = 0;
};

//! The best response and how it was found.
struct BestResponse {
  StrategyPlan plan;  //!< named "best_response", kind StrategyKind::best_response
  BestResponseSearch search;
};

//! Finds the provider's best response (see the file comment).
//! \param starts  plans of the same scenario the coupled search starts from (the canned
//!                strategies); ignored by exact enumeration, whose optimum is global
//! \param run     seed and replications of the Monte Carlo estimate in the coupled case
//!                (use the run's own, so that the guarantee holds on the reported numbers)
//! \param margins the honest / park / fast_track margins, for the decisions' expected_margin
BestResponse find_best_response(const model::Scenario& scenario,
                                std::span<const StrategyPlan> starts, const sim::RunSettings& run,
                                const MarginAnalysis& margins);

}  // namespace pbr::strategy
