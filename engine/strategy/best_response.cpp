#include "engine/strategy/best_response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "engine/exact/exact.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/compare.hpp"

namespace pbr::strategy {

namespace {

constexpr double NOT_VALUED = std::numeric_limits<double>::quiet_NaN();

//! One group's option: admission probability and effort (-1: honest, else the index of the
//! declared behaviour whose multipliers give the effort).
struct Option {
  double admission = 1.0;
  int behaviour = -1;
  double intensity = 1.0;  //!< of the behaviour (model::IntensityRange)
  bool operator==(const Option&) const = default;
};

//! The intensities tried for a behaviour: 1 alone without a range; with one, `points` evenly
//! spaced from min to max, with 1 (the behaviour as declared) among them: 1 first, so that a
//! tie keeps the declared behaviour.
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

//! The options tried for one group, in tie-breaking order: admission from high to low, and
//! for each admission honest effort first, then the behaviours in declaration order, each
//! at the intensities of its grid.
std::vector<Option> options(const model::Scenario& scenario, std::span<const double> admissions,
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

sim::ProviderPolicy policy_of(const model::Scenario& scenario, const std::vector<Option>& choice) {
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
  return sim::mixed_policy(scenario, groups, "best_response");
}

//! A plan's decisions as options; the behaviour of an effort is found by name.
std::vector<Option> options_of(const model::Scenario& scenario, const StrategyPlan& plan) {
  std::vector<Option> out;
  for (const auto& d : plan.groups) {
    Option o{d.admission_probability, -1};
    if (d.effort != Effort::honest)
      o.behaviour = model::find_behaviour(scenario.behaviours, d.behaviour);
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

//! The group-scope margins of one exact expected tally of `choice`, and the block payment
//! (the total less the groups: paid whatever the provider does).
struct GroupMargins {
  std::vector<double> groups;
  double block = 0.0;
};

GroupMargins exact_group_margins(const model::Scenario& scenario,
                                 const std::vector<Option>& choice) {
  const std::string margin = margin_metric(scenario);
  const auto metrics = sim::compute_metrics(
      scenario, exact::exact_expected_tally(scenario, policy_of(scenario, choice)));
  GroupMargins out;
  double sum = 0.0;
  for (const auto& g : scenario.groups) {
    out.groups.push_back(sim::metric_value(metrics, margin, "group", g.name));
    sum += out.groups.back();
  }
  out.block = sim::metric_value(metrics, margin, "total", "total") - sum;
  return out;
}

//! Strictly better only: ties keep the earlier, less gaming option.
bool better(double candidate, double incumbent) {
  return candidate > incumbent + 1e-9 * std::max(1.0, std::abs(incumbent));
}

//! Golden-section refinement of each group's intensity, for the groups whose best option is a
//! behaviour with an intensity range, within the grid cell on either side of its best
//! intensity. Groups are independent (separable scenario), so one exact tally per iteration
//! carries every group's probe.
void refine_intensities(const model::Scenario& scenario, std::vector<Option>& best,
                        std::vector<double>& best_value, int& evaluations) {
  constexpr double PHI = 0.6180339887498949;
  const std::size_t n = best.size();
  std::vector<bool> refining(n, false);
  std::vector<double> lo(n), hi(n);
  for (std::size_t g = 0; g < n; ++g) {
    if (best[g].behaviour < 0) continue;
    const auto& b = scenario.behaviours[static_cast<std::size_t>(best[g].behaviour)];
    if (!b.intensity) continue;
    const double step = (b.intensity->max - b.intensity->min) / (INTENSITY_GRID_POINTS - 1);
    if (!(step > 0.0)) continue;
    refining[g] = true;
    lo[g] = std::max(b.intensity->min, best[g].intensity - step);
    hi[g] = std::min(b.intensity->max, best[g].intensity + step);
  }
  if (std::find(refining.begin(), refining.end(), true) == refining.end()) return;
  std::vector<double> c(n), d(n), fc(n), fd(n);
  const auto probe = [&](const std::vector<double>& at, std::vector<double>& value) {
    auto choice = best;
    for (std::size_t g = 0; g < n; ++g) {
      if (refining[g]) choice[g].intensity = at[g];
    }
    const auto margins = exact_group_margins(scenario, choice);
    ++evaluations;
    for (std::size_t g = 0; g < n; ++g) {
      if (!refining[g]) continue;
      value[g] = margins.groups[g];
      if (better(value[g], best_value[g])) {
        best_value[g] = value[g];
        best[g].intensity = at[g];
      }
    }
  };
  for (std::size_t g = 0; g < n; ++g) {
    c[g] = hi[g] - PHI * (hi[g] - lo[g]);
    d[g] = lo[g] + PHI * (hi[g] - lo[g]);
  }
  probe(c, fc);
  probe(d, fd);
  for (int k = 0; k < GOLDEN_SECTION_STEPS; ++k) {
    std::vector<double> next(n);
    std::vector<bool> moved_c(n, false);
    for (std::size_t g = 0; g < n; ++g) {
      if (!refining[g]) continue;
      if (fc[g] > fd[g]) {  // the maximum lies in [lo, d]
        hi[g] = d[g];
        d[g] = c[g];
        fd[g] = fc[g];
        c[g] = hi[g] - PHI * (hi[g] - lo[g]);
        next[g] = c[g];
        moved_c[g] = true;
      } else {  // ... in [c, hi]
        lo[g] = c[g];
        c[g] = d[g];
        fc[g] = fd[g];
        d[g] = lo[g] + PHI * (hi[g] - lo[g]);
        next[g] = d[g];
      }
    }
    std::vector<double> value(n);
    probe(next, value);
    for (std::size_t g = 0; g < n; ++g) {
      if (!refining[g]) continue;
      (moved_c[g] ? fc[g] : fd[g]) = value[g];
    }
  }
}

//! Exact enumeration (separable scenarios; see the header).
BestResponse enumerate_exact(const model::Scenario& scenario, const MarginAnalysis& margins) {
  const std::size_t n_groups = scenario.groups.size();
  const std::vector<double> admissions =
      scenario.strategies.open_access ? std::vector<double>{1.0} : std::vector<double>{1.0, 0.0};
  BestResponse out;
  std::vector<Option> best(n_groups);
  std::vector<double> best_value(n_groups, 0.0);
  std::vector<bool> found(n_groups, false);
  double block = 0.0;
  for (const auto& o : options(scenario, admissions, INTENSITY_GRID_POINTS)) {
    const auto margins_of = exact_group_margins(scenario, std::vector<Option>(n_groups, o));
    ++out.search.evaluations;
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (!found[g] || better(margins_of.groups[g], best_value[g])) {
        found[g] = true;
        best_value[g] = margins_of.groups[g];
        best[g] = o;
      }
    }
    block = margins_of.block;
  }
  refine_intensities(scenario, best, best_value, out.search.evaluations);
  out.plan.name = "best_response";
  out.plan.kind = StrategyKind::best_response;
  out.search.objective = block;
  for (std::size_t g = 0; g < n_groups; ++g) {
    out.plan.groups.push_back(decision_of(scenario, margins, g, best[g]));
    out.search.objective += best_value[g];
  }
  out.plan.policy = policy_of(scenario, best);
  return out;
}

//! Mean provider margin of each policy over the run's replications, common random numbers.
std::vector<double> estimate(const model::Scenario& scenario,
                             const std::vector<sim::ProviderPolicy>& policies,
                             const sim::RunSettings& run) {
  const std::string margin = margin_metric(scenario);
  std::vector<double> sums(policies.size(), 0.0);
  sim::for_each_replication(
      scenario, policies, run, [&](int, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
        for (std::size_t p = 0; p < tallies.size(); ++p) {
          sums[p] += sim::metric_value(sim::compute_metrics(scenario, tallies[p]), margin, "total",
                                       "total");
        }
      });
  for (auto& s : sums) s /= static_cast<double>(run.replications);
  return sums;
}

//! Coordinate ascent by Monte Carlo (coupled scenarios; see the header).
BestResponse ascend(const model::Scenario& scenario, std::span<const StrategyPlan> starts,
                    const sim::RunSettings& run, const MarginAnalysis& margins) {
  if (starts.empty()) throw std::invalid_argument("best response: no starting plan");
  BestResponse out;
  // The ascent compares many policies on the first SEARCH_REPLICATIONS replications; the
  // final choice below compares its result with every start on all of the run's.
  sim::RunSettings search = run;
  search.replications = std::min(run.replications, SEARCH_REPLICATIONS);
  std::vector<sim::ProviderPolicy> start_policies;
  for (const auto& p : starts) start_policies.push_back(p.policy);
  const auto start_values = estimate(scenario, start_policies, search);
  out.search.evaluations += static_cast<int>(starts.size());
  std::size_t first = 0;
  for (std::size_t i = 1; i < starts.size(); ++i) {
    if (start_values[i] > start_values[first]) first = i;
  }
  out.search.started_from = starts[first].name;
  std::vector<Option> current = options_of(scenario, starts[first]);
  double value = start_values[first];
  const std::vector<double> admissions = scenario.strategies.open_access
                                             ? std::vector<double>{1.0}
                                             : std::vector<double>{1.0, 0.75, 0.5, 0.25, 0.0};
  const auto tried = options(scenario, admissions, COUPLED_INTENSITY_POINTS);
  bool changed = true;
  while (changed && out.search.sweeps < MAX_SWEEPS) {
    changed = false;
    ++out.search.sweeps;
    for (std::size_t g = 0; g < current.size(); ++g) {
      std::vector<sim::ProviderPolicy> policies;
      std::vector<Option> candidates;
      for (const auto& o : tried) {
        if (o == current[g]) continue;
        auto next = current;
        next[g] = o;
        policies.push_back(policy_of(scenario, next));
        candidates.push_back(o);
      }
      const auto values = estimate(scenario, policies, search);
      out.search.evaluations += static_cast<int>(policies.size());
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (values[k] > value + 1e-9 * std::max(1.0, std::abs(value))) {
          value = values[k];
          current[g] = candidates[k];
          changed = true;
        }
      }
    }
  }
  // The final choice, on the run's own replications: the ascent's result unless a start
  // does better there (then that start's choices), so the reported estimate is never below
  // any start's on the same random numbers.
  std::vector<std::vector<Option>> finalists{current};
  std::vector<sim::ProviderPolicy> final_policies{policy_of(scenario, current)};
  for (const auto& p : starts) {
    finalists.push_back(options_of(scenario, p));
    final_policies.push_back(p.policy);
  }
  const auto final_values = estimate(scenario, final_policies, run);
  out.search.evaluations += static_cast<int>(final_policies.size());
  std::size_t chosen = 0;
  for (std::size_t i = 1; i < final_values.size(); ++i) {
    if (better(final_values[i], final_values[chosen])) chosen = i;
  }
  out.search.exact = false;
  out.search.objective = final_values[chosen];
  out.plan.name = "best_response";
  out.plan.kind = StrategyKind::best_response;
  for (std::size_t g = 0; g < finalists[chosen].size(); ++g) {
    out.plan.groups.push_back(decision_of(scenario, margins, g, finalists[chosen][g]));
  }
  // A start's own policy (a custom behaviour keeps its declared admission probabilities).
  out.plan.policy = chosen == 0 ? final_policies[0] : starts[chosen - 1].policy;
  out.plan.policy.name = "best_response";
  return out;
}

}  // namespace

BestResponse find_best_response(const model::Scenario& scenario,
                                std::span<const StrategyPlan> starts, const sim::RunSettings& run,
                                const MarginAnalysis& margins) {
  if (exact::exact_refusals(scenario, sim::admit_all_policy(scenario)).empty()) {
    return enumerate_exact(scenario, margins);
  }
  return ascend(scenario, starts, run, margins);
}

}  // namespace pbr::strategy
