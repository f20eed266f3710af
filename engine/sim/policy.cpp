#include "engine/sim/policy.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace pbr::sim {

namespace {

// Same tolerance as model::check_invariants: rows that sum to 1 up to rounding stay valid.
constexpr double ROW_SUM_TOLERANCE = 1e-9;

void check_row(const model::TransitionCell& cell, std::size_t from, std::size_t index) {
  const double sum = cell.exit_probability();
  if (sum > 1.0 + ROW_SUM_TOLERANCE) {
    throw std::invalid_argument("transition multipliers make the exits of state " +
                                std::to_string(from) + " (cell " + std::to_string(index) +
                                ") sum to " + std::to_string(sum) + ", above 1");
  }
}

GroupPolicy make_group(const model::Scenario& scenario, model::GroupIndex g,
                       double admission_probability, const model::GroupBehaviour* effort) {
  if (!(admission_probability >= 0.0 && admission_probability <= 1.0)) {
    throw std::invalid_argument("admission probability outside [0, 1] for group " +
                                std::to_string(g));
  }
  GroupPolicy out;
  out.admission_probability = admission_probability;
  if (effort == nullptr) {
    out.transitions = scenario.transitions.at(static_cast<std::size_t>(g));
    return out;
  }
  if (!(effort->cost_multiplier >= 0.0) || !std::isfinite(effort->cost_multiplier)) {
    throw std::invalid_argument("negative or non-finite cost multiplier for group " +
                                std::to_string(g));
  }
  out.transitions =
      apply_multipliers(scenario.transitions.at(static_cast<std::size_t>(g)), effort->multipliers);
  out.cost_multiplier = effort->cost_multiplier;
  if (effort->entry_state) {
    if (*effort->entry_state < 0 ||
        *effort->entry_state >= static_cast<model::StateIndex>(scenario.states.size())) {
      throw std::invalid_argument("entry state out of range for group " + std::to_string(g));
    }
    out.entry_state = effort->entry_state;
  }
  return out;
}

}  // namespace

model::GroupTransitions apply_multipliers(
    const model::GroupTransitions& base, std::span<const model::TransitionMultiplier> multipliers) {
  model::GroupTransitions out = base;
  const auto states = static_cast<model::StateIndex>(out.from.size());
  for (const auto& m : multipliers) {
    if (m.from < 0 || m.from >= states || m.to < 0 || m.to >= states) {
      throw std::invalid_argument("transition multiplier names a state out of range");
    }
    if (!(m.factor >= 0.0) || !std::isfinite(m.factor)) {
      throw std::invalid_argument("transition multiplier factor must be finite and >= 0");
    }
    for (auto& cell : out.from[static_cast<std::size_t>(m.from)].cells) {
      for (auto& e : cell.exits) {
        if (e.to == m.to) e.probability *= m.factor;
      }
    }
  }
  // Checked after all multipliers, so that one factor raising a move and another lowering a
  // competing one are judged together.
  for (std::size_t from = 0; from < out.from.size(); ++from) {
    const auto& cells = out.from[from].cells;
    for (std::size_t i = 0; i < cells.size(); ++i) check_row(cells[i], from, i);
  }
  return out;
}

ProviderPolicy admit_all_policy(const model::Scenario& scenario) {
  ProviderPolicy policy;
  policy.name = "admit_all";
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    policy.groups.push_back(make_group(scenario, static_cast<model::GroupIndex>(g), 1.0, nullptr));
  }
  return policy;
}

ProviderPolicy apply_behaviour(const model::Scenario& scenario, const model::Behaviour& behaviour) {
  if (behaviour.groups.size() != scenario.groups.size()) {
    throw std::invalid_argument("behaviour '" + behaviour.name + "' has " +
                                std::to_string(behaviour.groups.size()) + " group entries, " +
                                std::to_string(scenario.groups.size()) + " expected");
  }
  ProviderPolicy policy;
  policy.name = behaviour.name;
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    const auto& gb = behaviour.groups[g];
    policy.groups.push_back(
        make_group(scenario, static_cast<model::GroupIndex>(g), gb.admission_probability, &gb));
  }
  return policy;
}

ProviderPolicy mixed_policy(const model::Scenario& scenario, std::span<const GroupChoice> choices,
                            std::string name) {
  if (choices.size() != scenario.groups.size()) {
    throw std::invalid_argument("mixed policy: " + std::to_string(choices.size()) +
                                " group choices, " + std::to_string(scenario.groups.size()) +
                                " expected");
  }
  ProviderPolicy policy;
  policy.name = std::move(name);
  for (std::size_t g = 0; g < choices.size(); ++g) {
    const auto& c = choices[g];
    if (c.effort != nullptr && c.intensity != 1.0) {
      const auto scaled = model::at_intensity(*c.effort, c.intensity);
      policy.groups.push_back(make_group(scenario, static_cast<model::GroupIndex>(g),
                                         c.admission_probability, &scaled));
    } else {
      policy.groups.push_back(make_group(scenario, static_cast<model::GroupIndex>(g),
                                         c.admission_probability, c.effort));
    }
  }
  return policy;
}

}  // namespace pbr::sim
