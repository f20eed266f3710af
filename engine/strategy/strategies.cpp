#include "engine/strategy/strategies.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/core/diagnostics.hpp"
#include "engine/exact/exact.hpp"
#include "engine/strategy/best_response.hpp"

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

// True when the strategy may refuse referrals: cherry_pick, or a declared behaviour that
// admits some group with a probability below 1.
bool refuses(const model::Scenario& scenario, const std::string& name) {
  if (name == "cherry_pick") return true;
  const auto* b = find(scenario, name);
  if (b == nullptr || name == "park" || name == "fast_track") return false;
  return std::any_of(b->groups.begin(), b->groups.end(),
                     [](const model::GroupBehaviour& g) { return g.admission_probability < 1.0; });
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
  if (scenario.strategies.open_access && refuses(scenario, name)) {
    problems.add("", "/strategies/open_access",
                 "strategy '" + name +
                     "' refuses referrals, which open access forbids (strategies.open_access)");
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
    case StrategyKind::best_response:
      return "best_response";
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

  return out;
}

std::vector<std::string> resolve_strategy_names(const model::Scenario& scenario,
                                                std::span<const std::string> requested) {
  std::vector<std::string> names(requested.begin(), requested.end());
  if (names.empty()) names = scenario.strategies.names;
  core::DiagnosticList problems;
  std::vector<std::string> out{"admit_all"};
  for (const auto& requested_name : names) {
    const std::string n =
        requested_name == WORST_CASE_ALIAS ? std::string("best_response") : requested_name;
    check_name(scenario, n, problems);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
  }
  problems.throw_if_any();
  return out;
}

GroupDecision best_per_admission(double honest, std::optional<double> park,
                                 std::optional<double> fast_track) {
  GroupDecision best{1.0, Effort::honest, "", honest};
  if (park && *park > best.expected_margin) best = {1.0, Effort::park, "park", *park};
  if (fast_track && *fast_track > best.expected_margin) {
    best = {1.0, Effort::fast_track, "fast_track", *fast_track};
  }
  if (best.expected_margin < 0.0) best = {0.0, Effort::honest, "", 0.0};
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
      plan.groups.push_back({1.0, Effort::honest, "", honest(g)});
    plan.policy = sim::admit_all_policy(scenario);
    return plan;
  }
  if (name == "cherry_pick") {
    plan.kind = StrategyKind::cherry_pick;
    const double threshold = static_cast<double>(scenario.strategies.cherry_pick_min_margin);
    for (std::size_t g = 0; g < n_groups; ++g) {
      plan.groups.push_back({honest(g) >= threshold ? 1.0 : 0.0, Effort::honest, "", honest(g)});
    }
  } else if (name == "park") {
    plan.kind = StrategyKind::park;
    require(scenario, "park");
    for (std::size_t g = 0; g < n_groups; ++g) {
      if (honest(g) < 0.0 && margins.park) {
        plan.groups.push_back({1.0, Effort::park, "park", margins.park->groups[g].margin});
      } else {
        plan.groups.push_back({1.0, Effort::honest, "", honest(g)});
      }
    }
  } else if (name == "fast_track") {
    plan.kind = StrategyKind::fast_track;
    require(scenario, "fast_track");
    for (std::size_t g = 0; g < n_groups; ++g) {
      const double fast = margins.fast_track ? margins.fast_track->groups[g].margin : honest(g);
      if (fast > honest(g)) {
        plan.groups.push_back({1.0, Effort::fast_track, "fast_track", fast});
      } else {
        plan.groups.push_back({1.0, Effort::honest, "", honest(g)});
      }
    }
  } else if (name == "best_response") {
    throw std::invalid_argument("plan_strategy: best_response needs a search (plan_strategies)");
  } else {
    plan.kind = StrategyKind::custom;
    const auto& b = require(scenario, name);
    for (std::size_t g = 0; g < n_groups; ++g) {
      plan.groups.push_back(
          {b.groups[g].admission_probability, Effort::declared, b.name, NOT_VALUED});
    }
    plan.policy = sim::apply_behaviour(scenario, b);
    plan.policy.name = name;
    return plan;
  }
  plan.policy = build_policy(scenario, name, plan.groups);
  return plan;
}

std::vector<StrategyPlan> plan_strategies(const model::Scenario& scenario,
                                          std::span<const std::string> names,
                                          const MarginAnalysis& margins,
                                          const sim::RunSettings& run) {
  std::vector<StrategyPlan> out;
  for (const auto& name : names) {
    if (name == "best_response") {
      // Every canned strategy is a starting point of the search.
      std::vector<StrategyPlan> starts;
      for (const auto& canned : valid_names(scenario)) {
        if (canned == "best_response") continue;
        core::DiagnosticList problems;
        check_name(scenario, canned, problems);
        if (!problems.empty()) continue;  // park / fast_track without their behaviour
        starts.push_back(plan_strategy(scenario, canned, margins));
      }
      out.push_back(find_best_response(scenario, starts, run, margins).plan);
    } else {
      out.push_back(plan_strategy(scenario, name, margins));
    }
  }
  return out;
}

}  // namespace pbr::strategy
