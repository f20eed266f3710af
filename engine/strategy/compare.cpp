#include "engine/strategy/compare.hpp"

#include <algorithm>
#include <stdexcept>

namespace pbr::strategy {

MarginSettings margin_settings(const CompareSettings& settings) {
  MarginSettings m;
  m.seed = settings.run.seed;
  m.replications = settings.preliminary_replications > 0
                       ? settings.preliminary_replications
                       : std::max(settings.run.replications, MIN_PRELIMINARY_REPLICATIONS);
  m.threads = settings.run.threads;
  m.force_monte_carlo = settings.force_monte_carlo_margins;
  return m;
}

Comparison compare_strategies(const model::Scenario& scenario, const CompareSettings& settings,
                              std::span<const std::string> names, const sim::RunHooks& hooks) {
  if (settings.run.replications < 1) {
    throw std::invalid_argument("compare_strategies: replications must be >= 1");
  }
  const auto resolved = resolve_strategy_names(scenario, names);
  Comparison out;
  out.settings = settings;
  out.margins = analyse_margins(scenario, margin_settings(settings));
  const auto runs = static_cast<std::int64_t>(resolved.size());
  for (std::int64_t i = 0; i < runs; ++i) {
    StrategyResult r;
    r.plan = plan_strategy(scenario, resolved[static_cast<std::size_t>(i)], out.margins);
    // Progress counts the clients of every strategy's run as one job.
    sim::RunHooks run_hooks = hooks;
    if (hooks.progress) {
      run_hooks.progress = [&hooks, i, runs](std::int64_t done, std::int64_t total) {
        hooks.progress(i * total + done, runs * total);
      };
    }
    // The same seed for every strategy: this is what pairs the replications.
    r.tallies = sim::run_cohort(scenario, r.plan.policy, settings.run, run_hooks);
    r.metrics.reserve(r.tallies.size());
    for (const auto& t : r.tallies) r.metrics.push_back(sim::compute_metrics(scenario, t));
    out.strategies.push_back(std::move(r));
  }
  return out;
}

std::vector<double> metric_series(const StrategyResult& result, const std::string& metric,
                                  const std::string& scope_kind, const std::string& scope) {
  std::vector<double> out;
  out.reserve(result.metrics.size());
  for (const auto& rep : result.metrics) {
    const auto it = std::find_if(rep.begin(), rep.end(), [&](const sim::MetricValue& v) {
      return v.metric == metric && v.scope_kind == scope_kind && v.scope == scope;
    });
    if (it == rep.end()) {
      throw std::out_of_range("metric '" + metric + "' in scope " + scope_kind + " '" + scope +
                              "' not found");
    }
    out.push_back(it->value);
  }
  return out;
}

std::string margin_metric(const model::Scenario& scenario) {
  return scenario.contract.annual_discount_rate > 0.0 ? "discounted_provider_margin"
                                                      : "provider_margin";
}

std::string payments_metric(const model::Scenario& scenario) {
  return scenario.contract.annual_discount_rate > 0.0 ? "discounted_payments_total"
                                                      : "payments_total";
}

}  // namespace pbr::strategy
