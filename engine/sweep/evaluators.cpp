#include "engine/sweep/evaluators.hpp"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <vector>

#include "engine/core/diagnostics.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/metric_summaries.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/sim/policy.hpp"
#include "engine/stats/summary.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/risk.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::sweep {

namespace {

//! The simulation metric behind each column that is a plain per-replication metric.
struct Column {
  const char* key;
  const char* sim_metric;  //!< "" for the margin (discounted or not, chosen per scenario)
  Unit unit;
  const char* description;
};

constexpr Column MARGIN{"provider_margin", "", Unit::gbp,
                        "PbR payments + block payment - provider cost, pounds (discounted when "
                        "the contract discounts)"};
// A ratio column's sim metric is a ratio metric (sim::MetricInfo::ratio_numerator), which
// sim::MetricSummaries summarises as the ratio of the means, as exact mode computes it.
constexpr Column SIMPLE_COLUMNS[] = {
    {"commissioner_spend", "commissioner_spend", Unit::gbp, "PbR payments + block payment, pounds"},
    {"cost_per_sustained_recovery", "cost_per_sustained_recovery", Unit::gbp,
     "commissioner spend per sustained recovery, pounds: mean spend / mean recoveries over the "
     "replications (a ratio of means; empty with no recoveries)"},
    {"successful_completions", "successful_completions", Unit::count,
     "entries into completion states"},
    {"sustained_recoveries", "sustained_recoveries", Unit::count, "entries into recovery states"},
    {"deaths", "deaths", Unit::count, "entries into death states"},
    {"pbr_payments", "payments_total", Unit::gbp,
     "PbR payments under all rules, apart from the block payment, pounds"},
    {"block_payment", "block_payment", Unit::gbp, "block payment over the horizon, pounds"},
    {"pbr_share_of_income", "pbr_share_of_income", Unit::share,
     "PbR payments / (PbR payments + block payment): the PbR share of the provider's income "
     "(a ratio of means; empty when nothing is paid)"}};

MetricInfo info_of(const Column& c) {
  return {c.key, c.unit, c.description};
}

Estimate estimate_of(const stats::Summary& s) {
  return {s.mean, s.ci_low, s.ci_high};
}

//! The row's estimates of the plain columns, from `metrics`.
void append_columns(const sim::MetricSummaries& metrics, StrategyRow& row) {
  for (const auto& c : SIMPLE_COLUMNS) {
    row.metrics.push_back(estimate_of(metrics.summary(c.sim_metric)));
  }
}

//! The commissioner spend of financial years 1 .. ctx.years (empty past the point's horizon).
void append_year_spend(const model::Scenario& scenario, const PointContext& ctx,
                       const sim::MetricSummaries& metrics, StrategyRow& row) {
  const int own = model::financial_year_of(scenario.contract, scenario.horizon_months - 1) + 1;
  for (int k = 0; k < ctx.years; ++k) {
    row.metrics.push_back(
        k < own ? estimate_of(metrics.summary("commissioner_spend", "financial_year",
                                              model::financial_year_label(scenario.contract, k)))
                : Estimate{});
  }
}

}  // namespace

Evaluator admit_all_evaluator() {
  Evaluator e;
  e.info.id = "admit_all/1";
  e.spend_by_year = true;
  e.info.metrics.push_back(info_of(MARGIN));
  for (const auto& c : SIMPLE_COLUMNS) e.info.metrics.push_back(info_of(c));
  e.resolve_strategies = [](const model::Scenario&, const std::vector<std::string>& names) {
    for (const auto& n : names) {
      if (n != "admit_all") {
        throw core::InputError("", "/strategies/evaluate",
                               "this build of the sweep evaluates admit_all only, not '" + n + "'");
      }
    }
    return std::vector<std::string>{"admit_all"};
  };
  e.evaluate = [](const model::Scenario& scenario, const PointContext& ctx) {
    sim::RunSettings settings;
    settings.seed = ctx.seed;
    settings.replications = static_cast<int>(ctx.replications);
    // threads = 0: the runner's blocks join the sweep's TBB scheduler (nested parallelism).
    sim::MetricSummaries metrics(scenario);
    const auto policy = sim::admit_all_policy(scenario);
    sim::for_each_replication(scenario, std::span(&policy, 1), settings,
                              [&](int, std::span<sim::ReplicationTally<std::int64_t>> tallies) {
                                metrics.add(sim::compute_metrics(scenario, tallies[0]));
                              });
    StrategyRow row;
    row.strategy = "admit_all";
    row.metrics.push_back(estimate_of(metrics.summary(strategy::margin_metric(scenario))));
    append_columns(metrics, row);
    append_year_spend(scenario, ctx, metrics, row);
    return PointResult{{row}};
  };
  return e;
}

Evaluator strategy_evaluator() {
  Evaluator e;
  e.info.id = "strategies/1";
  e.spend_by_year = true;
  e.info.metrics.push_back(info_of(MARGIN));
  e.info.metrics.push_back({"gaming_gain", Unit::gbp,
                            "the strategy's provider margin minus admit_all's, paired by "
                            "replication (common random numbers), pounds"});
  for (const auto& c : SIMPLE_COLUMNS) e.info.metrics.push_back(info_of(c));
  e.info.metrics.push_back({"gaming_gain_share_of_pbr", Unit::share,
                            "gaming_gain / admit_all's mean PbR payments (discounted when the "
                            "contract discounts), the verdict's yardstick; empty for admit_all "
                            "or when admit_all is paid nothing under PbR"});
  e.info.verdict = true;
  e.resolve_strategies = [](const model::Scenario& scenario,
                            const std::vector<std::string>& names) {
    return strategy::resolve_strategy_names(scenario, names);
  };
  e.evaluate = [](const model::Scenario& scenario, const PointContext& ctx) {
    strategy::CompareSettings settings;
    settings.run.seed = ctx.seed;
    settings.run.replications = static_cast<int>(ctx.replications);
    const strategy::Comparison comparison =
        strategy::compare_strategies(scenario, settings, ctx.strategies);
    const strategy::RiskReport report = strategy::build_risk_report(scenario, comparison);
    const std::string verdict(strategy::to_string(report.verdict.verdict));
    PointResult out;
    for (const auto& sr : report.strategies) {
      const auto found = std::find_if(
          comparison.strategies.begin(), comparison.strategies.end(),
          [&](const strategy::StrategyResult& r) { return r.plan.name == sr.strategy; });
      if (found == comparison.strategies.end()) {
        throw std::logic_error("risk report strategy '" + sr.strategy + "' was not simulated");
      }
      StrategyRow row;
      row.strategy = sr.strategy;
      row.verdict = verdict;
      const auto& margin = sr.provider_margin;
      const auto& gain = sr.gain.difference;
      row.metrics.push_back({margin.mean, margin.ci_low, margin.ci_high});
      row.metrics.push_back({gain.mean, gain.ci_low, gain.ci_high});
      append_columns(found->metrics, row);
      // The verdict's yardstick: the gain as a share of admit_all's PbR payments.
      const double pbr = report.admit_all_payments;
      if (sr.kind != strategy::StrategyKind::admit_all && pbr != 0.0) {
        row.metrics.push_back({gain.mean / pbr, gain.ci_low / pbr, gain.ci_high / pbr});
      } else {
        row.metrics.push_back({});
      }
      append_year_spend(scenario, ctx, found->metrics, row);
      out.rows.push_back(std::move(row));
    }
    return out;
  };
  return e;
}

}  // namespace pbr::sweep
