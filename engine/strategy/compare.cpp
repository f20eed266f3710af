#include "engine/strategy/compare.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "engine/rules/contract_terms.hpp"

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

StrategyResult::StrategyResult(StrategyPlan plan_, const model::Scenario& scenario,
                               std::size_t kept_values)
    : plan(std::move(plan_)),
      metrics(scenario, kept_values),
      gain(kept_values),
      population(kept_values),
      thresholds(scenario.contract.rules.size()),
      rule_payments(scenario.contract.rules.size(), stats::PairedAccumulator(kept_values)),
      cost(kept_values),
      group_margin(scenario.groups.size(), stats::PairedAccumulator(kept_values)),
      admission_lever(kept_values),
      effort_lever(kept_values) {}

namespace {

//! Which of the provider's levers a plan pulls.
struct Levers {
  bool admission = false;  //!< some group admitted with probability below 1
  bool effort = false;     //!< some group given an effort other than honest
};

Levers levers_of(const StrategyPlan& plan) {
  Levers out;
  for (const auto& d : plan.groups) {
    out.admission = out.admission || d.admission_probability < 1.0;
    out.effort = out.effort || d.effort != Effort::honest;
  }
  return out;
}

//! The plan's admission probabilities with honest effort.
sim::ProviderPolicy admissions_only(const model::Scenario& scenario, const StrategyPlan& plan) {
  std::vector<sim::GroupChoice> choices;
  for (const auto& d : plan.groups) choices.push_back({d.admission_probability, nullptr});
  return sim::mixed_policy(scenario, choices, plan.name + "_admissions_only");
}

//! Adds one replication to the gain's decomposition (StrategyResult::rule_payments, cost,
//! group_margin) of strategy `m` against admit_all `base`.
void add_decomposition(const model::Scenario& scenario, std::span<const sim::MetricValue> m,
                       std::span<const sim::MetricValue> base, StrategyResult& r) {
  const auto& rules = scenario.contract.rules;
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const std::string name = "payments_" + rules[k].name;
    r.rule_payments[k].add(sim::metric_value(m, name), sim::metric_value(base, name));
  }
  r.cost.add(sim::metric_value(base, "provider_cost"), sim::metric_value(m, "provider_cost"));
  for (std::size_t g = 0; g < scenario.groups.size(); ++g) {
    const auto& group = scenario.groups[g].name;
    r.group_margin[g].add(sim::metric_value(m, "provider_margin", "group", group),
                          sim::metric_value(base, "provider_margin", "group", group));
  }
}

OutcomeTotals outcomes_of(std::span<const sim::MetricValue> m) {
  return {sim::metric_value(m, "referrals"),
          sim::metric_value(m, "sustained_recoveries"),
          sim::metric_value(m, "deaths"),
          sim::metric_value(m, "refused") + sim::metric_value(m, "turned_away"),
          sim::metric_value(m, "treatment_starts"),
          sim::metric_value(m, "months_waited")};
}

//! One replication's cohort rates against each rule's threshold (the runner's cohort
//! denominator: admissions plus the existing caseload).
void count_thresholds(const model::Scenario& scenario,
                      const sim::ReplicationTally<std::int64_t>& tally,
                      std::vector<ThresholdCount>& counts) {
  const auto& rules = scenario.contract.rules;
  for (std::size_t r = 0; r < rules.size(); ++r) {
    if (!rules[r].cohort_threshold) continue;
    std::int64_t qualifying = 0, cohort = 0;
    for (int g = 0; g < tally.groups; ++g) {
      const auto& gt = tally.by_group[static_cast<std::size_t>(g)];
      qualifying += tally.ledger.qualifying_at(static_cast<int>(r), g);
      cohort += gt.admissions + gt.existing;
    }
    auto& c = counts[r];
    ++c.replications;
    if (!rules::meets_threshold(*rules[r].cohort_threshold, qualifying, cohort)) ++c.missed;
    c.rate_sum += cohort > 0 ? static_cast<double>(qualifying) / static_cast<double>(cohort) : 0.0;
  }
}

}  // namespace

Comparison compare_strategies(const model::Scenario& scenario, const CompareSettings& settings,
                              std::span<const std::string> names, const sim::RunHooks& hooks) {
  if (settings.run.replications < 1) {
    throw std::invalid_argument("compare_strategies: replications must be >= 1");
  }
  const auto resolved = resolve_strategy_names(scenario, names);
  Comparison out;
  out.settings = settings;
  out.margins = analyse_margins(scenario, margin_settings(settings));
  std::vector<sim::ProviderPolicy> policies;
  for (auto& plan : plan_strategies(scenario, resolved, out.margins, settings.run)) {
    policies.push_back(plan.policy);
    out.strategies.emplace_back(std::move(plan), scenario, settings.kept_values);
  }
  // A strategy that pulls both levers gets a variant with its admissions and honest effort,
  // run alongside it, which splits its gain between the two (StrategyResult::admission_lever).
  const std::size_t n_strategies = policies.size();
  std::vector<std::size_t> variant(n_strategies, 0);
  for (std::size_t i = 1; i < n_strategies; ++i) {
    const auto levers = levers_of(out.strategies[i].plan);
    if (settings.split_levers && levers.admission && levers.effort) {
      variant[i] = policies.size();
      policies.push_back(admissions_only(scenario, out.strategies[i].plan));
    }
  }
  const std::string margin = margin_metric(scenario);
  std::vector<std::vector<sim::MetricValue>> metrics(policies.size());
  // The same seed for every strategy: this is what pairs the replications.
  sim::for_each_replication(
      scenario, policies, settings.run,
      [&](int, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
        for (std::size_t i = 0; i < tallies.size(); ++i) {
          metrics[i] = sim::compute_metrics(scenario, tallies[i]);
        }
        const auto& base = metrics[0];
        const double base_margin = sim::metric_value(base, margin);
        const OutcomeTotals base_outcomes = outcomes_of(base);
        for (std::size_t i = 0; i < n_strategies; ++i) {
          auto& r = out.strategies[i];
          const auto& m = metrics[i];
          r.metrics.add(m);
          const double own_margin = sim::metric_value(m, margin);
          r.gain.add(own_margin, base_margin);
          // The margin with the strategy's admissions and honest effort.
          if (settings.split_levers) {
            const auto levers = levers_of(r.plan);
            const double admitted = variant[i] != 0 ? sim::metric_value(metrics[variant[i]], margin)
                                    : levers.effort ? base_margin
                                                    : own_margin;
            r.admission_lever.add(admitted, base_margin);
            r.effort_lever.add(own_margin, admitted);
          }
          r.population.add(base_outcomes, outcomes_of(m));
          count_thresholds(scenario, tallies[i], r.thresholds);
          add_decomposition(scenario, m, base, r);
          if (r.replications == 0) {
            r.total = std::move(tallies[i]);
          } else {
            r.total.merge(tallies[i]);
          }
          ++r.replications;
        }
      },
      hooks);
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
