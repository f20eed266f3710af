#include "engine/strategy/best_response.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "engine/exact/exact.hpp"
#include "engine/sim/group_mix.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/coupled_search.hpp"
#include "engine/strategy/golden_section.hpp"
#include "engine/strategy/provider_options.hpp"

namespace pbr::strategy {

namespace {

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

//! Golden-section refinement of each group's intensity, for the groups whose best option is a
//! behaviour with an intensity range, within the grid cell on either side of its best
//! intensity. Groups are independent (separable scenario), so one exact tally per iteration
//! carries every group's probe.
void refine_intensities(const model::Scenario& scenario, std::vector<Option>& best,
                        std::vector<double>& best_value, int& evaluations) {
  const std::size_t n = best.size();
  std::vector<bool> refining(n, false);
  std::vector<double> lo(n), hi(n);
  for (std::size_t g = 0; g < n; ++g) {
    if (best[g].behaviour < 0) continue;
    const auto window =
        intensity_window(scenario.behaviours[static_cast<std::size_t>(best[g].behaviour)],
                         best[g].intensity, INTENSITY_GRID_POINTS);
    if (!window) continue;
    refining[g] = true;
    std::tie(lo[g], hi[g]) = *window;
  }
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
      if (strictly_better(value[g], best_value[g])) {
        best_value[g] = value[g];
        best[g].intensity = at[g];
      }
    }
  };
  golden_section_side_by_side(refining, lo, hi, GOLDEN_SECTION_STEPS, probe);
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
  for (const auto& o : option_grid(scenario, admissions, INTENSITY_GRID_POINTS)) {
    const auto margins_of = exact_group_margins(scenario, std::vector<Option>(n_groups, o));
    ++out.search.evaluations;
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (!found[g] || strictly_better(margins_of.groups[g], best_value[g])) {
        found[g] = true;
        best_value[g] = margins_of.groups[g];
        best[g] = o;
      }
    }
    block = margins_of.block;
  }
  refine_intensities(scenario, best, best_value, out.search.evaluations);
  out.search.proven = true;
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
std::vector<double> mean_margins(const model::Scenario& scenario,
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

//! The plan of one option per group, named best_response, and its policy.
StrategyPlan plan_of(const model::Scenario& scenario, const MarginAnalysis& margins,
                     const std::vector<Option>& choice) {
  StrategyPlan plan;
  plan.name = "best_response";
  plan.kind = StrategyKind::best_response;
  for (std::size_t g = 0; g < choice.size(); ++g) {
    plan.groups.push_back(decision_of(scenario, margins, g, choice[g]));
  }
  plan.policy = policy_of(scenario, choice);
  return plan;
}

//! The block payment over the horizon (discounted when the contract discounts), pounds: the
//! part of the margin no choice changes.
double block_payment(const model::Scenario& scenario) {
  const sim::ReplicationTally<std::int64_t> empty(
      static_cast<int>(scenario.states.size()), static_cast<int>(scenario.groups.size()),
      static_cast<int>(scenario.contract.rules.size()), scenario.horizon_months);
  const std::string name =
      scenario.contract.annual_discount_rate > 0.0 ? "discounted_block_payment" : "block_payment";
  return sim::metric_value(sim::compute_metrics(scenario, empty), name, "total", "total");
}

//! Mean provider margin of each candidate (one option per group) over the run's
//! replications: the groups' options are simulated once each (packed into as few runs as the
//! group with most distinct options needs) and every candidate's tally mixed from them.
std::vector<double> margins_by_mixing(const model::Scenario& scenario,
                                      const std::vector<std::vector<Option>>& candidates,
                                      const sim::RunSettings& run, int& simulations) {
  const std::size_t groups = scenario.groups.size();
  std::vector<std::vector<Option>> needed(groups);  // distinct options per group
  std::vector<std::vector<std::size_t>> run_of(candidates.size(), std::vector<std::size_t>(groups));
  for (std::size_t c = 0; c < candidates.size(); ++c) {
    for (std::size_t g = 0; g < groups; ++g) {
      auto& list = needed[g];
      const auto it = std::find(list.begin(), list.end(), candidates[c][g]);
      run_of[c][g] = static_cast<std::size_t>(it - list.begin());
      if (it == list.end()) list.push_back(candidates[c][g]);
    }
  }
  std::size_t runs = 0;
  for (const auto& list : needed) runs = std::max(runs, list.size());
  std::vector<sim::ProviderPolicy> policies;
  for (std::size_t j = 0; j < runs; ++j) {
    std::vector<Option> choice;
    for (const auto& list : needed) choice.push_back(j < list.size() ? list[j] : list.front());
    policies.push_back(policy_of(scenario, choice, "best_response_finalists"));
  }
  simulations += static_cast<int>(runs);
  const std::string margin = margin_metric(scenario);
  std::vector<double> sums(candidates.size(), 0.0);
  sim::ReplicationTally<std::int64_t> mixed(
      static_cast<int>(scenario.states.size()), static_cast<int>(groups),
      static_cast<int>(scenario.contract.rules.size()), scenario.horizon_months);
  std::vector<const sim::ReplicationTally<std::int64_t>*> sources(groups);
  sim::for_each_replication(
      scenario, policies, run,
      [&](int, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
        for (std::size_t c = 0; c < candidates.size(); ++c) {
          for (std::size_t g = 0; g < groups; ++g) sources[g] = &tallies[run_of[c][g]];
          sim::mix_group_parts(sources, mixed);
          sim::apply_contract_stage(scenario, mixed);
          sums[c] +=
              sim::metric_value(sim::compute_metrics(scenario, mixed), margin, "total", "total");
        }
      },
      {}, sim::PaymentStage::per_client);
  for (auto& v : sums) v /= static_cast<double>(run.replications);
  return sums;
}

//! Each group's options for the coupled search: admit or refuse (admit only under open
//! access) x honest effort or each behaviour at the intensities of its COUPLED_GRID_POINTS
//! grid, less a behaviour at intensity 0 that is honest effort.
std::vector<std::vector<Option>> coupled_lists(const model::Scenario& scenario) {
  const std::vector<double> admissions =
      scenario.strategies.open_access ? std::vector<double>{1.0} : std::vector<double>{1.0, 0.0};
  const auto grid = option_grid(scenario, admissions, COUPLED_GRID_POINTS);
  std::vector<std::vector<Option>> lists(scenario.groups.size());
  for (std::size_t g = 0; g < lists.size(); ++g) {
    for (const auto& o : grid) {
      // At intensity 0 a behaviour without an entry state is honest effort: not an option.
      const bool honest =
          o.behaviour >= 0 && o.intensity == 0.0 &&
          !scenario.behaviours[static_cast<std::size_t>(o.behaviour)].groups[g].entry_state;
      if (!honest) lists[g].push_back(o);
    }
  }
  return lists;
}

//! The global search of coupled contracts without a capacity limit (coupled_search.hpp),
//! then its finalists compared on all of the run's replications.
BestResponse search_without_capacity(const model::Scenario& scenario,
                                     std::span<const StrategyPlan> starts,
                                     const sim::RunSettings& run, const MarginAnalysis& margins) {
  const auto lists = coupled_lists(scenario);
  std::vector<std::vector<Option>> start_choices;
  for (const auto& p : starts) start_choices.push_back(options_of(scenario, p));
  sim::RunSettings search = run;
  search.replications = std::min(run.replications, SEARCH_REPLICATIONS);
  const auto found = search_coupled(scenario, lists, start_choices, search);

  BestResponse out;
  out.search.exact = false;
  out.search.proven = found.proven;
  out.search.combinations = found.combinations;
  out.search.evaluations = found.simulations;
  std::size_t chosen = 0;
  if (found.finalists.size() == 1 && search.replications == run.replications) {
    out.search.objective = found.estimates[0] + block_payment(scenario);
  } else {
    const auto values = margins_by_mixing(scenario, found.finalists, run, out.search.evaluations);
    for (std::size_t i = 1; i < values.size(); ++i) {
      if (strictly_better(values[i], values[chosen])) chosen = i;
    }
    out.search.objective = values[chosen];
  }
  out.search.finalists = static_cast<int>(found.finalists.size());
  out.plan = plan_of(scenario, margins, found.finalists[chosen]);
  return out;
}

//! With a capacity limit: the coupled search on mixed groups' parts as a screen (it ignores
//! how one group's choice changes the others' waits), its best candidates and the starting
//! plans compared by simulating each in full on the search replications, and those within
//! FINALIST_STANDARD_ERRORS paired standard errors of the best on all of the run's.
BestResponse search_with_capacity(const model::Scenario& scenario,
                                  std::span<const StrategyPlan> starts, const sim::RunSettings& run,
                                  const MarginAnalysis& margins) {
  std::vector<std::vector<Option>> start_choices;
  for (const auto& p : starts) start_choices.push_back(options_of(scenario, p));
  sim::RunSettings search = run;
  search.replications = std::min(run.replications, SEARCH_REPLICATIONS);
  const auto screened = search_coupled(scenario, coupled_lists(scenario), start_choices, search);
  std::vector<std::vector<Option>> candidates;
  const auto add = [&](const std::vector<Option>& c) {
    if (std::find(candidates.begin(), candidates.end(), c) == candidates.end()) {
      candidates.push_back(c);
    }
  };
  for (std::size_t i = 0; i < screened.candidates.size() && i < CAPACITY_CANDIDATES; ++i) {
    add(screened.candidates[i]);
  }
  for (const auto& c : start_choices) add(c);
  // Simulates, in full on the search replications, the candidates not simulated yet.
  std::vector<sim::ProviderPolicy> policies;
  std::vector<std::vector<double>> values;
  std::vector<double> means;
  const std::string margin = margin_metric(scenario);
  const auto simulate_new = [&] {
    const std::size_t first = policies.size();
    for (std::size_t i = first; i < candidates.size(); ++i) {
      policies.push_back(policy_of(scenario, candidates[i]));
    }
    if (policies.size() == first) return;
    values.resize(policies.size());
    sim::for_each_replication(
        scenario, std::span(policies).subspan(first), search,
        [&](int, std::span<sim::ReplicationTally<std::int64_t>> t) {
          for (std::size_t i = 0; i < t.size(); ++i) {
            values[first + i].push_back(
                sim::metric_value(sim::compute_metrics(scenario, t[i]), margin, "total", "total"));
          }
        });
    for (std::size_t i = first; i < values.size(); ++i) {
      means.push_back(std::accumulate(values[i].begin(), values[i].end(), 0.0) /
                      static_cast<double>(values[i].size()));
    }
  };
  const auto best_index = [&] {
    std::size_t best = 0;
    for (std::size_t i = 1; i < means.size(); ++i) {
      if (strictly_better(means[i], means[best])) best = i;
    }
    return best;
  };
  simulate_new();
  // Then a climb in full simulations: every single-group move of the best to another option of
  // the group's list, all of one sweep's moves simulated together, while a sweep raises the
  // best (at most CAPACITY_SWEEPS).
  const auto lists = coupled_lists(scenario);
  for (int sweep = 0; sweep < CAPACITY_SWEEPS; ++sweep) {
    const std::size_t before = best_index();
    const auto from = candidates[before];
    for (std::size_t g = 0; g < from.size(); ++g) {
      for (const auto& o : lists[g]) {
        auto next = from;
        next[g] = o;
        add(next);
      }
    }
    simulate_new();
    if (best_index() == before) break;
  }
  BestResponse out;
  out.search.exact = false;
  out.search.proven = false;
  out.search.combinations = screened.combinations;
  out.search.evaluations = screened.simulations + static_cast<int>(candidates.size());
  const std::size_t best = best_index();
  std::vector<std::size_t> finalists{best};
  for (std::size_t i = 0; i < means.size() && finalists.size() < MAX_FINALISTS; ++i) {
    if (i != best && means[best] - means[i] <= FINALIST_STANDARD_ERRORS *
                                                   paired_standard_error(values[best], values[i])) {
      finalists.push_back(i);
    }
  }
  out.search.finalists = static_cast<int>(finalists.size());
  std::size_t chosen = best;
  out.search.objective = means[best];
  if (search.replications < run.replications) {
    std::vector<sim::ProviderPolicy> final_policies;
    for (const auto i : finalists) final_policies.push_back(policies[i]);
    const auto final_values = mean_margins(scenario, final_policies, run);
    out.search.evaluations += static_cast<int>(final_policies.size());
    std::size_t k = 0;
    for (std::size_t i = 1; i < final_values.size(); ++i) {
      if (strictly_better(final_values[i], final_values[k])) k = i;
    }
    chosen = finalists[k];
    out.search.objective = final_values[k];
  }
  out.plan = plan_of(scenario, margins, candidates[chosen]);
  return out;
}

}  // namespace

BestResponse find_best_response(const model::Scenario& scenario,
                                std::span<const StrategyPlan> starts, const sim::RunSettings& run,
                                const MarginAnalysis& margins) {
  if (exact::exact_refusals(scenario, sim::admit_all_policy(scenario)).empty()) {
    return enumerate_exact(scenario, margins);
  }
  if (!scenario.economics.capacity) return search_without_capacity(scenario, starts, run, margins);
  return search_with_capacity(scenario, starts, run, margins);
}

}  // namespace pbr::strategy
