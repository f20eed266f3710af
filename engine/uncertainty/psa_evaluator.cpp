#include "engine/uncertainty/psa_evaluator.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "engine/exact/exact.hpp"
#include "engine/sim/metrics.hpp"
#include "engine/strategy/compare.hpp"
#include "engine/strategy/risk.hpp"
#include "engine/strategy/strategies.hpp"

namespace pbr::uncertainty {

namespace {

using sweep::Estimate;
using sweep::Unit;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

Estimate estimate_of(const stats::Summary& s) {
  return {s.mean, s.ci_low, s.ci_high};
}

Estimate point(double x) {
  return {x, x, x};
}

//! Each strategy's expected margin metric, exactly, or nothing when a plan couples clients.
std::optional<std::vector<double>> exact_margins(const model::Scenario& scenario,
                                                 const strategy::Comparison& comparison) {
  std::vector<double> margins;
  const std::string margin = strategy::margin_metric(scenario);
  for (const auto& s : comparison.strategies) {
    if (!exact::exact_refusals(scenario, s.plan.policy).empty()) return std::nullopt;
    const auto expected = exact::exact_expected_tally(scenario, s.plan.policy);
    margins.push_back(sim::metric_value(sim::compute_metrics(scenario, expected), margin));
  }
  return margins;
}

}  // namespace

sweep::Evaluator psa_evaluator(const model::Scenario& base,
                               std::optional<double> value_per_recovery) {
  sweep::Evaluator e;
  e.info.id = PSA_EVALUATOR_ID;
  e.info.verdict = true;
  auto& m = e.info.metrics;
  m.push_back({"provider_margin", Unit::gbp,
               "PbR payments + block payment - provider cost, pounds (discounted when the "
               "contract discounts)"});
  m.push_back({"gaming_gain", Unit::gbp,
               "the strategy's provider margin minus admit_all's, paired by replication, pounds"});
  m.push_back({"gaming_gain_expected", Unit::gbp,
               "the gaming gain from exact expected values, pounds; empty when the draw needs "
               "the Monte Carlo (capacity, contract-level terms)"});
  m.push_back({"gaming_gain_share_of_pbr", Unit::share,
               "gaming_gain / admit_all's mean PbR payments, the verdict's yardstick"});
  m.push_back({"commissioner_spend", Unit::gbp, "PbR payments + block payment, pounds"});
  m.push_back({"pbr_payments", Unit::gbp, "PbR payments under all rules, pounds"});
  m.push_back({"sustained_recoveries", Unit::count, "entries into recovery states"});
  m.push_back({"deaths", Unit::count, "entries into death states"});
  m.push_back({"recoveries_lost", Unit::count,
               "admit_all's sustained recoveries minus the strategy's, per 1,000 referrals"});
  m.push_back({"deaths_added", Unit::count,
               "the strategy's deaths minus admit_all's, per 1,000 referrals"});
  m.push_back({"turned_away", Unit::count,
               "referrals refused or turned away beyond admit_all's, per 1,000 referrals"});
  m.push_back({"starts_lost", Unit::count,
               "admit_all's treatment starts minus the strategy's, per 1,000 referrals"});
  std::vector<std::string> bands;
  for (const auto& b : base.bands) bands.push_back(b.name);
  for (const auto& b : bands) {
    m.push_back({"provider_margin_band_" + b, Unit::gbp,
                 "the strategy's provider margin on band " + b +
                     "'s clients (block payment excluded), pounds"});
  }
  for (const auto& b : bands) {
    m.push_back({"margin_per_admission_" + b, Unit::gbp,
                 "expected margin per honestly treated admitted client of band " + b +
                     ", pounds (admit_all's row only)"});
  }
  if (value_per_recovery) {
    m.push_back({"net_benefit", Unit::gbp,
                 "value per sustained recovery x sustained recoveries - commissioner spend, "
                 "pounds: the commissioner's net benefit"});
  }
  e.resolve_strategies = [](const model::Scenario& scenario,
                            const std::vector<std::string>& names) {
    return strategy::resolve_strategy_names(scenario, names);
  };
  e.evaluate = [bands, value_per_recovery](const model::Scenario& scenario,
                                           const sweep::PointContext& ctx) {
    strategy::CompareSettings settings;
    settings.run.seed = ctx.seed;
    settings.run.replications = static_cast<int>(ctx.replications);
    settings.split_levers = false;  // the gain's decomposition is not reported per draw
    const strategy::Comparison comparison =
        strategy::compare_strategies(scenario, settings, ctx.strategies);
    const strategy::RiskReport report = strategy::build_risk_report(scenario, comparison);
    const auto expected = exact_margins(scenario, comparison);
    const std::string verdict(strategy::to_string(report.verdict.verdict));
    const double pbr = report.admit_all_payments;
    sweep::PointResult out;
    for (std::size_t s = 0; s < comparison.strategies.size(); ++s) {
      const auto& result = comparison.strategies[s];
      const auto& sr = report.strategies.at(s);
      if (sr.strategy != result.plan.name) {
        throw std::logic_error("the risk report lists strategies in another order");
      }
      const auto& metrics = result.metrics;
      sweep::StrategyRow row;
      row.strategy = sr.strategy;
      row.verdict = verdict;
      const auto& gain = sr.gain.difference;
      row.metrics.push_back(estimate_of(sr.provider_margin));
      row.metrics.push_back(estimate_of(gain));
      row.metrics.push_back(expected ? point((*expected)[s] - (*expected)[0]) : Estimate{});
      if (sr.kind != strategy::StrategyKind::admit_all && pbr != 0.0) {
        row.metrics.push_back({gain.mean / pbr, gain.ci_low / pbr, gain.ci_high / pbr});
      } else {
        row.metrics.push_back({});
      }
      row.metrics.push_back(estimate_of(metrics.summary("commissioner_spend")));
      row.metrics.push_back(estimate_of(metrics.summary("payments_total")));
      const auto recoveries = metrics.summary("sustained_recoveries");
      row.metrics.push_back(estimate_of(recoveries));
      row.metrics.push_back(estimate_of(metrics.summary("deaths")));
      const auto& pop = sr.population;
      for (const auto* p :
           {&pop.recoveries_lost, &pop.deaths_added, &pop.turned_away, &pop.starts_lost}) {
        row.metrics.push_back(estimate_of(*p));
      }
      for (const auto& b : bands) {
        row.metrics.push_back(estimate_of(metrics.summary("provider_margin", "band", b)));
      }
      for (const auto& b : bands) {
        if (s != 0) {
          row.metrics.push_back({});
          continue;
        }
        const auto found = std::find_if(
            report.margins.begin(), report.margins.end(),
            [&](const strategy::MarginRow& r) { return r.scope_kind == "band" && r.scope == b; });
        // Pence per admitted client in the margin table; pounds in the results.
        row.metrics.push_back(
            found == report.margins.end()
                ? Estimate{}
                : Estimate{found->margin / 100, found->ci_low / 100, found->ci_high / 100});
      }
      if (value_per_recovery) {
        // Spend and recoveries come from the same replications; their difference's interval
        // needs the paired values, which are not kept, so only the mean is given.
        const double nb =
            *value_per_recovery * recoveries.mean - metrics.summary("commissioner_spend").mean;
        row.metrics.push_back({nb, NaN, NaN});
      }
      out.rows.push_back(std::move(row));
    }
    return out;
  };
  return e;
}

}  // namespace pbr::uncertainty
