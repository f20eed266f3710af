#pragma once
//! \file Provider strategies: what a provider could do under a contract, turned into a
//! sim::ProviderPolicy that the cohort runner simulates like any other.
//!
//! Built-in strategies (docs/cherry-picking.md explains each choice):
//! - `admit_all`: every referral admitted, honest effort (the baseline);
//! - `cherry_pick`: admit only the groups whose expected margin per admitted client reaches
//!   StrategySettings::cherry_pick_min_margin; honest effort for those admitted;
//! - `park`: admit everyone; the scenario's "park" behaviour's effort (transition and cost
//!   multipliers; its admission probabilities are ignored) for groups with a negative margin;
//! - `fast_track`: admit everyone; the "fast_track" behaviour's effort for the groups where it
//!   raises the expected margin per admitted client (a rational provider does not fast-track
//!   where it loses money);
//! - `best_response`: the admission probability and effort per group that maximise the
//!   provider's expected margin on the full scenario (best_response.hpp: exact enumeration
//!   or coordinate ascent; every strategy above is a point of its search space).
//!   `worst_case` is accepted as its former name;
//! - any declared behaviour by name (`custom`): applied as declared.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/margins.hpp"

namespace pbr::strategy {

//! The kinds of strategy.
enum class StrategyKind { admit_all, cherry_pick, park, fast_track, best_response, custom };

//! Snake_case name of a built-in kind ("custom" for custom).
std::string_view to_string(StrategyKind kind);

//! The built-in strategy names, in the order reports list them.
inline constexpr std::string_view BUILTIN_STRATEGIES[] = {"admit_all", "cherry_pick", "park",
                                                          "fast_track", "best_response"};

//! The former name of best_response, still accepted (and reported as best_response).
inline constexpr std::string_view WORST_CASE_ALIAS = "worst_case";

//! The effort a strategy applies to a group.
enum class Effort {
  honest,      //!< the scenario's transitions and costs
  park,        //!< the "park" behaviour's multipliers
  fast_track,  //!< the "fast_track" behaviour's multipliers
  declared     //!< another declared behaviour's entry for the group (GroupDecision::behaviour)
};

//! "honest", "park", "fast_track" or "declared".
std::string_view to_string(Effort effort);

//! What a strategy does with one group.
struct GroupDecision {
  double admission_probability = 1.0;  //!< in [0, 1]
  Effort effort = Effort::honest;
  //! The behaviour whose multipliers give the effort ("park", "fast_track" or another
  //! declared behaviour); empty for honest effort.
  std::string behaviour;
  //! Expected margin per admitted client under that effort (pence); NaN when unknown
  //! (custom behaviours are not valued).
  double expected_margin = 0.0;
  //! The behaviour's intensity (model::IntensityRange): 1 applies it as declared.
  double intensity = 1.0;
};

//! A strategy resolved against a scenario: the decisions and the policy to simulate.
struct StrategyPlan {
  std::string name;  //!< as requested ("admit_all", ..., or the behaviour's name)
  StrategyKind kind = StrategyKind::admit_all;
  std::vector<GroupDecision> groups;  //!< indexed by GroupIndex
  sim::ProviderPolicy policy;         //!< policy.name == name
};

//! The per-client economics every built-in strategy decides from.
struct MarginAnalysis {
  PolicyEconomics honest;                     //!< admit_all effort
  std::optional<PolicyEconomics> park;        //!< when a "park" behaviour is declared
  std::optional<PolicyEconomics> fast_track;  //!< when a "fast_track" behaviour is declared
  //! Expected referrals per replication of each group (scenario shares), for weighting.
  std::vector<double> referrals;
};

//! Computes the margins of honest effort and of the declared "park" and "fast_track"
//! behaviours' efforts (see margins.hpp for the method).
MarginAnalysis analyse_margins(const model::Scenario& scenario, const MarginSettings& settings);

//! The strategies to evaluate: `requested` when not empty, else the scenario's
//! strategies.names; `admit_all` is always first (added when missing); `worst_case` becomes
//! `best_response`; duplicates dropped.
//! \throws core::InputError naming each unknown strategy (with the nearest valid name) and
//!         each of park / fast_track requested without its behaviour declared.
std::vector<std::string> resolve_strategy_names(const model::Scenario& scenario,
                                                std::span<const std::string> requested);

//! Resolves one canned strategy by name (see the file comment); not best_response, which
//! needs a search (plan_strategies).
//! \throws core::InputError for an unknown name or a missing "park" / "fast_track" behaviour;
//!         std::invalid_argument for best_response.
StrategyPlan plan_strategy(const model::Scenario& scenario, const std::string& name,
                           const MarginAnalysis& margins);

//! Plans every strategy of `names` (resolved), in order. best_response is searched from every
//! canned strategy the scenario allows (admit_all, cherry_pick, park and fast_track when
//! their behaviours are declared, and each declared behaviour as declared), with `run`'s seed
//! and replications when the search needs the Monte Carlo (best_response.hpp).
std::vector<StrategyPlan> plan_strategies(const model::Scenario& scenario,
                                          std::span<const std::string> names,
                                          const MarginAnalysis& margins,
                                          const sim::RunSettings& run);

//! The most profitable choice for one group from per-admission margins alone (no existing
//! caseload, no coupling): the effort (or refusal, returned as admission 0) with the largest
//! expected margin per admitted client; refusing is worth 0. Ties prefer honest effort, then
//! admission. Calibration uses it as its per-client measure of the incentive to game.
GroupDecision best_per_admission(double honest, std::optional<double> park,
                                 std::optional<double> fast_track);

}  // namespace pbr::strategy
