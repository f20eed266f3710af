#pragma once
//! \file The provider's choices for one group, as the best response searches them: an
//! admission probability and an effort (honest, or a declared behaviour at an intensity), and
//! how a choice per group becomes a policy and a plan's decisions.

#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::strategy {

//! One group's option: admission probability and effort.
struct Option {
  double admission = 1.0;
  int behaviour = -1;      //!< -1: honest, else the index of the declared behaviour
  double intensity = 1.0;  //!< of the behaviour (model::IntensityRange); 1 as declared
  bool operator==(const Option&) const = default;
};

//! The intensities tried for a behaviour: 1 alone without a range; with one, `points` evenly
//! spaced from min to max, with 1 (the behaviour as declared) first, so that a tie keeps the
//! declared behaviour.
std::vector<double> intensity_grid(const model::Behaviour& behaviour, int points);

//! The interval within `behaviour`'s intensity range one step of its `grid_points` grid on
//! either side of `intensity`, where golden-section search refines a grid's best; empty
//! without a range (or with one of zero width).
std::optional<std::pair<double, double>> intensity_window(const model::Behaviour& behaviour,
                                                          double intensity, int grid_points);

//! The options tried for one group, in tie-breaking order: admission from high to low, and
//! for each admission honest effort first, then the behaviours in declaration order, each
//! at the intensities of its grid.
std::vector<Option> option_grid(const model::Scenario& scenario, std::span<const double> admissions,
                                int intensity_points);

//! The policy of one option per group.
sim::ProviderPolicy policy_of(const model::Scenario& scenario, std::span<const Option> choice,
                              const std::string& name = "best_response");

//! A plan's decisions as options; the behaviour of an effort is found by name.
std::vector<Option> options_of(const model::Scenario& scenario, const StrategyPlan& plan);

//! One group's decision for `option`, valued from `margins` where they value it (honest
//! effort, park and fast_track as declared; NaN otherwise).
GroupDecision decision_of(const model::Scenario& scenario, const MarginAnalysis& margins,
                          std::size_t group, const Option& option);

//! Strictly better only (by more than a relative 1e-9): ties keep the incumbent, the earlier
//! and less gaming option.
bool strictly_better(double candidate, double incumbent);

}  // namespace pbr::strategy
