#include "engine/strategy/strategies.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/diagnostics.hpp"
#include "engine/exact/exact.hpp"

namespace pbr::strategy {

namespace {

constexpr double NOT_VALUED = std::numeric_limits<double>::quiet_NaN();

const model::Behaviour* find(const model::Scenario& scenario, const std::string& name) {
  const int i = model::find_behaviour(scenario.behaviours, name);
  return i < 0 ? nullptr : &scenario.behaviours[static_cast<std::size_t>(i)];
}

std::vector<std::string> valid_names(const model::Scenario& scenario) {
  std::vector<std::string> out(std::begin(BUILTIN_STRATEGIES), std::end(BUILTIN_STRATEGIES));
  for (const auto& b : scenario.behaviours) {
    if (std::find(out.begin(), out.end(), b.name) == out.end()) out.push_back(b.name);
  }
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Checks one name; adds a diagnostic when it cannot be evaluated.
void check_name(const model::Scenario& scenario, const std::string& name,
                core::DiagnosticList& problems) {
  const auto valid = valid_names(scenario);
  if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
    std::string message = "unknown strategy '" + name + "'";
    const auto near = core::nearest(name, valid);
    if (!near.empty()) message += "; did you mean '" + near + "'?";
    message += " Valid strategies: " + join(valid);
    problems.add("", "/strategies/evaluate", message);
    return;
  }
  if ((name == "park" || name == "fast_track") && find(scenario, name) == nullptr) {
    problems.add("", "/behaviours",
                 "strategy '" + name + "' takes its effort modifiers from a behaviour named '" +
                     name + "', which the scenario does not declare");
  }
}

const model::Behaviour& require(const model::Scenario& scenario, const std::string& name) {
  const auto* b = find(scenario, name);
  if (b == nullptr) {
    throw core::InputError("", "/behaviours",
                           "strategy '" + name + "' needs a behaviour named '" + name +
                               "', which the scenario does not declare");
  }
  return *b;
}

// Expected demand for treatment-months of a group when admitted: referrals x months per client.
// Worst case with capacity: the admitted groups are ranked by margin per treatment-month
// and kept while their expected treatment-months fit in what the capacity offers over the
// horizon (less what the existing caseload uses); the group at the edge is admitted in part.
void fit_capacity(const model::Scenario& scenario, const MarginAnalysis& m,
                  std::vector<GroupDecision>& decisions) {
  if (!scenario.economics.capacity) return;
  double budget = static_cast<double>(*scenario.economics.capacity) *
                      static_cast<double>(scenario.horizon_months) -
                  m.existing_treatment_months;
  const auto months = [&](std::size_t g) {
    const Effort e = decisions[g].effort;
    if (e == Effort::park && m.park) return m.park->groups[g].treatment_months;
    if (e == Effort::fast_track && m.fast_track) return m.fast_track->groups[g].treatment_months;
    return m.honest.groups[g].treatment_months;
  };
  std::vector<std::size_t> order;
  for (std::size_t g = 0; g < decisions.size(); ++g) {
    if (decisions[g].admission_probability > 0.0) order.push_back(g);
  }
  const auto rate = [&](std::size_t g) {
    const double tm = months(g);
    return tm > 0.0 ? decisions[g].expected_margin / tm : std::numeric_limits<double>::infinity();
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rate(a) > rate(b); });
  for (std::size_t g : order) {
    const double demand = m.referrals[g] * months(g);
    if (demand <= budget) {
      budget -= demand;
      continue;
    }
    decisions[g].admission_probability = budget > 0.0 ? budget / demand : 0.0;
    budget = 0.0;
  }
}

sim::ProviderPolicy build_policy(const model::Scenario& scenario, const std::string& name,
                                 const std::vector<GroupDecision>& decisions) {
  const auto* park = find(scenario, "park");
  const auto* fast = find(scenario, "fast_track");
  std::vector<sim::GroupChoice> choices;
  for (std::size_t g = 0; g < decisions.size(); ++g) {
    sim::GroupChoice c;
    c.admission_probability = decisions[g].admission_probability;
    if (decisions[g].effort == Effort::park) c.effort = &park->groups[g];
    if (decisions[g].effort == Effort::fast_track) c.effort = &fast->groups[g];
    choices.push_back(c);
  }
  return sim::mixed_policy(scenario, choices, name);
}

}  // namespace

std::string_view to_string(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::admit_all:
      return "admit_all";
    case StrategyKind::cherry_pick:
      return "cherry_pick";
    case StrategyKind::park:
      return "park";
    case StrategyKind::fast_track:
      return "fast_track";
    case StrategyKind::worst_case:
      return "worst_case";
    case StrategyKind::custom:
      return "custom";
  }
  return "custom";
}

std::string_view to_string(Effort effort) {
  switch (effort) {
    case Effort::honest:
      return "honest";
    case Effort::park:
      return "park";
    case Effort::fast_track:
      return "fast_track";
    case Effort::declared:
      return "declared";
  }
  return "declared";
}

MarginAnalysis analyse_margins(const model::Scenario& scenario, const MarginSettings& settings) {
  MarginAnalysis out;
  out.honest = policy_economics(scenario, sim::admit_all_policy(scenario), settings);
  if (const auto* b = find(scenario, "park")) {
    out.park = policy_economics(scenario, sim::apply_behaviour(scenario, *b), settings);
  }
  if (const auto* b = find(scenario, "fast_track")) {
    out.fast_track = policy_economics(scenario, sim::apply_behaviour(scenario, *b), settings);
  }
  const auto per_month = exact::expected_referrals(scenario.referrals, scenario.horizon_months);
  const double total = std::accumulate(per_month.begin(), per_month.end(), 0.0);
  for (const auto& g : scenario.groups) out.referrals.push_back(total * g.share);

  if (scenario.economics.capacity && !scenario.referrals.existing.empty()) {
    // The existing caseload's own treatment-months: clients are independent once capacity is
    // lifted, so exact mode applies to them alone (referrals removed, contract irrelevant).
    model::Scenario alone = scenario;
    alone.economics.capacity.reset();
    alone.referrals.starting_cohort = 0;
    alone.referrals.monthly_rate = {model::RatePiece{0, 0.0}};
    alone.contract = model::Contract{};
    const auto tally = exact::exact_expected_tally(alone, sim::admit_all_policy(alone));
    for (const auto& gt : tally.by_group) {
      for (std::size_t s = 0; s < scenario.states.size(); ++s) {
        if (scenario.states[s].kind == model::StateKind::treatment) {
          out.existing_treatment_months += gt.client_months[s];
        }
      }
    }
  }
  return out;
}

std::vector<std::string> resolve_strategy_names(const model::Scenario& scenario,
                                                std::span<const std::string> requested) {
  std::vector<std::string> names(requested.begin(), requested.end());
  if (names.empty()) names = scenario.strategies.names;
  core::DiagnosticList problems;
  std::vector<std::string> out{"admit_all"};
  for (const auto& n : names) {
    check_name(scenario, n, problems);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  problems.throw_if_any();
  return out;
}

GroupDecision best_response(double honest, std::optional<double> park,
                            std::optional<double> fast_track) {
  GroupDecision best{1.0, Effort::honest, honest};
  if (park && *park > best.expected_margin) best = {1.0, Effort::park, *park};
  if (fast_track && *fast_track > best.expected_margin) {
    best = {1.0, Effort::fast_track, *fast_track};
  }
  if (best.expected_margin < 0.0) best = {0.0, Effort::honest, 0.0};
  return best;
}

StrategyPlan plan_strategy(const model::Scenario& scenario, const std::string& name,
                           const MarginAnalysis& margins) {
  core::DiagnosticList problems;
  check_name(scenario, name, problems);
  problems.throw_if_any();

  StrategyPlan plan;
  plan.name = name;
  const std::size_t n_groups = scenario.groups.size();
  const auto honest = [&](std::size_t g) { return margins.honest.groups[g].margin; };

  if (name == "admit_all") {
    plan.kind = StrategyKind::admit_all;
    for (std::size_t g = 0; g < n_groups; ++g)
      plan.groups.push_back({1.0, Effort::honest, honest(g)});
    plan.policy = sim::admit_all_policy(scenario);
    return plan;
  }
  if (name == "cherry_pick") {
    plan.kind = StrategyKind::cherry_pick;
    const double threshold = static_cast<double>(scenario.strategies.cherry_pick_min_margin);
    for (std::size_t g = 0; g < n_groups; ++g) {
      plan.groups.push_back({honest(g) >= threshold ? 1.0 : 0.0, Effort::honest, honest(g)});
    }
  } else if (name == "park") {
    plan.kind = StrategyKind::park;
    require(scenario, "park");
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (honest(g) < 0.0 && margins.park) {
        plan.groups.push_back({1.0, Effort::park, margins.park->groups[g].margin});
      } else {
        plan.groups.push_back({1.0, Effort::honest, honest(g)});
      }
    }
  } else if (name == "fast_track") {
    plan.kind = StrategyKind::fast_track;
    require(scenario, "fast_track");
    for (std::size_t g = 0; g < n_groups; ++g) {
      const double fast = margins.fast_track ? margins.fast_track->groups[g].margin : honest(g);
      if (fast > honest(g)) {
        plan.groups.push_back({1.0, Effort::fast_track, fast});
      } else {
        plan.groups.push_back({1.0, Effort::honest, honest(g)});
      }
    }
  } else if (name == "worst_case") {
    plan.kind = StrategyKind::worst_case;
    for (std::size_t g = 0; g < n_groups; ++g) {
      std::optional<double> park, fast;
      if (margins.park) park = margins.park->groups[g].margin;
      if (margins.fast_track) fast = margins.fast_track->groups[g].margin;
      plan.groups.push_back(best_response(honest(g), park, fast));
    }
    fit_capacity(scenario, margins, plan.groups);
  } else {
    plan.kind = StrategyKind::custom;
    const auto& b = require(scenario, name);
    for (std::size_t g = 0; g < n_groups; ++g) {
      plan.groups.push_back({b.groups[g].admission_probability, Effort::declared, NOT_VALUED});
    }
    plan.policy = sim::apply_behaviour(scenario, b);
    plan.policy.name = name;
    return plan;
  }
  plan.policy = build_policy(scenario, name, plan.groups);
  return plan;
}

}  // namespace pbr::strategy
