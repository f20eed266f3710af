#include "engine/strategy/provider_options.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace pbr::strategy {

namespace {
constexpr double NOT_VALUED = std::numeric_limits<double>::quiet_NaN();
}  // namespace

std::vector<double> intensity_grid(const model::Behaviour& b, int points) {
  if (!b.intensity) return {1.0};
  std::vector<double> out{1.0};
  const double lo = b.intensity->min, hi = b.intensity->max;
  for (int k = 0; k < points; ++k) {
    const double t = points > 1 ? lo + (hi - lo) * k / (points - 1) : lo;
    if (std::abs(t - 1.0) > 1e-12) out.push_back(t);
  }
  return out;
}

std::optional<std::pair<double, double>> intensity_window(const model::Behaviour& behaviour,
                                                          double intensity, int grid_points) {
  if (!behaviour.intensity) return std::nullopt;
  const auto& range = *behaviour.intensity;
  const double step = (range.max - range.min) / std::max(1, grid_points - 1);
  if (!(step > 0.0)) return std::nullopt;
  return std::pair{std::max(range.min, intensity - step), std::min(range.max, intensity + step)};
}

std::vector<Option> option_grid(const model::Scenario& scenario, std::span<const double> admissions,
                                int intensity_points) {
  std::vector<Option> out;
  for (const double a : admissions) {
    out.push_back({a, -1, 1.0});
    for (std::size_t b = 0; b < scenario.behaviours.size(); ++b) {
      for (const double t : intensity_grid(scenario.behaviours[b], intensity_points)) {
        out.push_back({a, static_cast<int>(b), t});
      }
    }
  }
  return out;
}

sim::ProviderPolicy policy_of(const model::Scenario& scenario, std::span<const Option> choice,
                              const std::string& name) {
  std::vector<sim::GroupChoice> groups;
  for (std::size_t g = 0; g < choice.size(); ++g) {
    sim::GroupChoice c;
    c.admission_probability = choice[g].admission;
    if (choice[g].behaviour >= 0) {
      c.effort = &scenario.behaviours[static_cast<std::size_t>(choice[g].behaviour)].groups[g];
      c.intensity = choice[g].intensity;
    }
    groups.push_back(c);
  }
  return sim::mixed_policy(scenario, groups, name);
}

std::vector<Option> options_of(const model::Scenario& scenario, const StrategyPlan& plan) {
  std::vector<Option> out;
  for (const auto& d : plan.groups) {
    Option o{d.admission_probability, -1, 1.0};
    if (d.effort != Effort::honest) {
      o.behaviour = model::find_behaviour(scenario.behaviours, d.behaviour);
      o.intensity = d.intensity;
    }
    out.push_back(o);
  }
  return out;
}

GroupDecision decision_of(const model::Scenario& scenario, const MarginAnalysis& margins,
                          std::size_t g, const Option& o) {
  GroupDecision d;
  d.admission_probability = o.admission;
  d.expected_margin = NOT_VALUED;
  if (o.behaviour < 0) {
    d.effort = Effort::honest;
    d.expected_margin = margins.honest.groups[g].margin;
    return d;
  }
  d.behaviour = scenario.behaviours[static_cast<std::size_t>(o.behaviour)].name;
  d.intensity = o.intensity;
  if (o.intensity != 1.0) {
    d.effort = d.behaviour == "park"         ? Effort::park
               : d.behaviour == "fast_track" ? Effort::fast_track
                                             : Effort::declared;
    return d;  // the margins analysis values the declared intensity only
  }
  if (d.behaviour == "park") {
    d.effort = Effort::park;
    if (margins.park) d.expected_margin = margins.park->groups[g].margin;
  } else if (d.behaviour == "fast_track") {
    d.effort = Effort::fast_track;
    if (margins.fast_track) d.expected_margin = margins.fast_track->groups[g].margin;
  } else {
    d.effort = Effort::declared;
  }
  return d;
}

bool strictly_better(double candidate, double incumbent) {
  return candidate > incumbent + 1e-9 * std::max(1.0, std::abs(incumbent));
}

}  // namespace pbr::strategy
