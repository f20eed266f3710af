#include "engine/output/run_summary.hpp"

#include <stdexcept>
#include <utility>

#include "engine/output/csv.hpp"
#include "engine/output/units.hpp"
#include "engine/sim/metrics.hpp"

namespace pbr::output {

const std::vector<std::string>& summary_columns() {
  static const std::vector<std::string> COLUMNS = {
      "strategy", "metric", "scope_kind", "scope", "unit", "mean", "sd",
      "se",       "ci_low", "ci_high",    "p05",   "p50",  "p95",  "prob_negative"};
  return COLUMNS;
}

std::vector<SummaryRow> summary_rows_monte_carlo(const std::string& strategy,
                                                 const sim::MetricSummaries& summaries) {
  if (summaries.replications() == 0) {
    throw std::invalid_argument("summary_rows_monte_carlo: no replications");
  }
  std::vector<SummaryRow> rows;
  rows.reserve(summaries.keys().size());
  for (std::size_t k = 0; k < summaries.keys().size(); ++k) {
    const auto& key = summaries.keys()[k];
    const auto summary = summaries.summary(k);
    rows.push_back(
        {strategy, key.metric, key.scope_kind, key.scope, key.unit, summary.mean, summary});
  }
  return rows;
}

std::vector<SummaryRow> summary_rows_monte_carlo(
    const model::Scenario& scenario, const std::string& strategy,
    std::span<const sim::ReplicationTally<std::int64_t>> tallies) {
  if (tallies.empty()) throw std::invalid_argument("summary_rows_monte_carlo: no replications");
  sim::MetricSummaries summaries(scenario);
  for (const auto& tally : tallies) summaries.add(sim::compute_metrics(scenario, tally));
  return summary_rows_monte_carlo(strategy, summaries);
}

std::vector<SummaryRow> summary_rows_exact(const model::Scenario& scenario,
                                           const std::string& strategy,
                                           const sim::ReplicationTally<double>& expected) {
  std::vector<SummaryRow> rows;
  for (auto& m : sim::compute_metrics(scenario, expected)) {
    rows.push_back({strategy, std::move(m.metric), std::move(m.scope_kind), std::move(m.scope),
                    std::move(m.unit), m.value, std::nullopt});
  }
  return rows;
}

std::string summary_csv(std::span<const SummaryRow> rows) {
  std::vector<std::vector<std::string>> cells;
  cells.reserve(rows.size());
  for (const auto& r : rows) {
    std::vector<std::string> row = {r.strategy, r.metric, r.scope_kind,
                                    r.scope,    r.unit,   csv_value(r.mean, r.unit)};
    if (r.spread) {
      const auto& s = *r.spread;
      for (const double v : {s.sd, s.se, s.ci_low, s.ci_high, s.p05, s.p50, s.p95}) {
        row.push_back(csv_value(v, r.unit));
      }
      row.push_back(csv_value(s.prob_negative, Unit::probability));
    } else {
      row.resize(summary_columns().size());
    }
    cells.push_back(std::move(row));
  }
  return csv_document(summary_columns(), cells);
}

}  // namespace pbr::output
