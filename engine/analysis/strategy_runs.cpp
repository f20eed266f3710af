#include "engine/analysis/strategy_runs.hpp"

#include <iterator>
#include <limits>
#include <utility>

#include "engine/core/diagnostics.hpp"
#include "engine/exact/exact.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/risk.hpp"

namespace pbr::analysis {

using output::ExactStrategyOutputs;
using output::StrategyRunOutputs;

StrategyRunOutputs run_strategies(const model::Scenario& scenario, const sim::RunSettings& settings,
                                  std::span<const std::string> names, bool with_monthly,
                                  const sim::RunHooks& hooks) {
  strategy::CompareSettings cs;
  cs.run = settings;
  const auto comparison = strategy::compare_strategies(scenario, cs, names, hooks);
  StrategyRunOutputs out;
  for (const auto& r : comparison.strategies) {
    out.strategies.push_back(r.plan.name);
    auto rows = output::summary_rows_monte_carlo(r.plan.name, r.metrics);
    out.rows.insert(out.rows.end(), std::make_move_iterator(rows.begin()),
                    std::make_move_iterator(rows.end()));
    if (with_monthly) {
      out.monthly.push_back(
          output::monthly_table_monte_carlo(scenario, r.plan.name, r.total, r.replications));
    }
  }
  out.report = strategy::build_risk_report(scenario, comparison);
  return out;
}

ExactStrategyOutputs run_strategies_exact(const model::Scenario& scenario,
                                          std::span<const std::string> names, bool with_monthly) {
  const auto resolved = strategy::resolve_strategy_names(scenario, names);
  strategy::MarginSettings ms;
  ms.seed = scenario.run.seed;
  const auto margins = strategy::analyse_margins(scenario, ms);
  ExactStrategyOutputs out;
  const auto margin = strategy::margin_metric(scenario);
  const auto payments = strategy::payments_metric(scenario);
  double base_margin = 0.0, base_payments = 0.0;
  // Refuse a coupled scenario before any search (best_response would search by Monte Carlo).
  if (auto refusals = exact::exact_refusals(scenario, sim::admit_all_policy(scenario));
      !refusals.empty()) {
    throw core::InputError(std::move(refusals));
  }
  sim::RunSettings search;
  search.seed = scenario.run.seed;
  search.replications = scenario.run.replications;
  for (const auto& plan : strategy::plan_strategies(scenario, resolved, margins, search)) {
    const auto& name = plan.name;
    auto refusals = exact::exact_refusals(scenario, plan.policy);
    if (!refusals.empty()) throw core::InputError(std::move(refusals));
    const auto expected = exact::exact_expected_tally(scenario, plan.policy);
    auto rows = output::summary_rows_exact(scenario, name, expected);
    double m = 0.0, p = 0.0;
    for (const auto& r : rows) {
      if (r.scope_kind != "total") continue;
      if (r.metric == margin) m = r.mean;
      if (r.metric == payments) p = r.mean;
    }
    if (out.strategies.empty()) {
      base_margin = m;
      base_payments = p;
    } else {
      out.gains.push_back({name, m - base_margin,
                           base_payments != 0.0 ? (m - base_margin) / base_payments
                                                : std::numeric_limits<double>::quiet_NaN()});
    }
    out.strategies.push_back(name);
    out.rows.insert(out.rows.end(), std::make_move_iterator(rows.begin()),
                    std::make_move_iterator(rows.end()));
    if (with_monthly) out.monthly.push_back(output::monthly_table_exact(scenario, name, expected));
  }
  return out;
}

std::vector<std::string> split_strategy_list(const std::string& list) {
  std::vector<std::string> out;
  std::string item;
  const auto flush = [&] {
    const auto first = item.find_first_not_of(" \t");
    const auto last = item.find_last_not_of(" \t");
    if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));
    item.clear();
  };
  for (char c : list) {
    if (c == ',') {
      flush();
    } else {
      item += c;
    }
  }
  flush();
  return out;
}

}  // namespace pbr::analysis
