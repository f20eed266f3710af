#include "engine/io/run_summary.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "engine/io/csv.hpp"
#include "engine/io/units.hpp"
#include "engine/sim/metrics.hpp"

namespace pbr::io {

const std::vector<std::string>& summary_columns() {
  static const std::vector<std::string> COLUMNS = {
      "strategy", "metric", "scope_kind", "scope", "unit", "mean", "sd",
      "se",       "ci_low", "ci_high",    "p05",   "p50",  "p95",  "prob_negative"};
  return COLUMNS;
}

std::vector<SummaryRow> summary_rows_monte_carlo(
    const model::Scenario& scenario, const std::string& strategy,
    std::span<const sim::ReplicationTally<std::int64_t>> tallies) {
  if (tallies.empty()) throw std::invalid_argument("summary_rows_monte_carlo: no replications");
  // Keys from the first replication; only the values of the others are kept, metric-major,
  // so that each metric's values are contiguous for stats::summarise.
  const auto first = sim::compute_metrics(scenario, tallies[0]);
  const std::size_t n_metrics = first.size();
  const std::size_t n_reps = tallies.size();
  std::vector<double> values(n_metrics * n_reps);
  for (std::size_t m = 0; m < n_metrics; ++m) values[m * n_reps] = first[m].value;
  for (std::size_t r = 1; r < n_reps; ++r) {
    const auto metrics = sim::compute_metrics(scenario, tallies[r]);
    if (metrics.size() != n_metrics) {
      throw std::invalid_argument("summary_rows_monte_carlo: replications disagree in shape");
    }
    for (std::size_t m = 0; m < n_metrics; ++m) values[m * n_reps + r] = metrics[m].value;
  }
  // Ratio metrics: mean(numerator) / mean(denominator) over the replications, like the
  // exact E[num] / E[den]; the row's index of each (metric, scope) finds the parts.
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
  for (std::size_t m = 0; m < n_metrics; ++m) {
    index[{first[m].metric, first[m].scope_kind, first[m].scope}] = m;
  }
  std::map<std::string, sim::MetricInfo> info;
  for (auto& mi : sim::metric_catalogue(scenario)) info[mi.name] = mi;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<SummaryRow> rows;
  rows.reserve(n_metrics);
  std::vector<double> finite;
  for (std::size_t m = 0; m < n_metrics; ++m) {
    const auto& key = first[m];
    const auto& mi = info.at(key.metric);
    const std::span<const double> xs(values.data() + m * n_reps, n_reps);
    stats::Summary summary;
    if (!mi.ratio_numerator.empty()) {
      const auto at = [&](const std::string& metric) {
        return std::span<const double>(
            values.data() + index.at({metric, key.scope_kind, key.scope}) * n_reps, n_reps);
      };
      const auto r = stats::ratio_of_means(at(mi.ratio_numerator), at(mi.ratio_denominator));
      // Spread and quantiles describe single replications, which a ratio of means has not.
      summary = {static_cast<std::int64_t>(n_reps),
                 r.ratio,
                 nan,
                 r.se,
                 r.ci_low,
                 r.ci_high,
                 nan,
                 nan,
                 nan,
                 nan,
                 nan,
                 nan,
                 nan};
    } else if (mi.mean_of_ratios) {
      finite.clear();
      for (const double x : xs) {
        if (std::isfinite(x)) finite.push_back(x);
      }
      if (finite.empty()) {
        summary = {0, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan};
      } else {
        summary = stats::summarise(finite);
      }
    } else {
      summary = stats::summarise(xs);
    }
    rows.push_back(
        {strategy, key.metric, key.scope_kind, key.scope, key.unit, summary.mean, summary});
  }
  return rows;
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

}  // namespace pbr::io
