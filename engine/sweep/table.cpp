#include "engine/sweep/table.hpp"

#include "engine/output/csv.hpp"
#include "engine/output/units.hpp"

namespace pbr::sweep {

std::string_view to_string(Layout layout) {
  return layout == Layout::long_form ? "long" : "wide";
}

std::optional<Layout> parse_layout(std::string_view text) {
  if (text == "wide") return Layout::wide;
  if (text == "long") return Layout::long_form;
  return std::nullopt;
}

std::string wide_column(const MetricInfo& metric) {
  return metric.key + "_" + std::string(output::to_string(metric.unit));
}

std::vector<std::string> csv_header(const SweepDefinition& def, Layout layout) {
  std::vector<std::string> h;
  for (const auto& p : def.plan.parameters) h.push_back(p.name);
  h.push_back("strategy");
  if (layout == Layout::long_form) {
    for (const char* c : {"metric", "unit", "value", "ci_low", "ci_high"}) h.emplace_back(c);
    if (def.evaluator.verdict) h.emplace_back("verdict");
    return h;
  }
  for (const auto& m : def.evaluator.metrics) {
    const std::string stem = wide_column(m);
    h.push_back(stem);
    h.push_back(stem + "_ci_low");
    h.push_back(stem + "_ci_high");
  }
  if (def.evaluator.verdict) h.emplace_back("verdict");
  return h;
}

std::string format_estimate(double value, Unit unit) {
  return output::csv_value(value, unit);
}

void write_csv(const SweepDefinition& def, const Results& results, Layout layout,
               const TextSink& sink) {
  const auto& metrics = def.evaluator.metrics;
  const auto header = csv_header(def, layout);
  sink(output::csv_row(header));
  std::vector<std::string> cells;
  for (std::size_t i = 0; i < def.points.size() && i < results.size(); ++i) {
    if (!results[i]) continue;
    std::vector<std::string> params;
    for (std::size_t k = 0; k < def.plan.parameters.size(); ++k) {
      params.push_back(def.plan.parameters[k].values[def.points[i].choice[k]].label);
    }
    for (const auto& row : results[i]->rows) {
      cells = params;
      cells.push_back(row.strategy);
      if (layout == Layout::wide) {
        for (std::size_t m = 0; m < metrics.size(); ++m) {
          cells.push_back(format_estimate(row.metrics[m].mean, metrics[m].unit));
          cells.push_back(format_estimate(row.metrics[m].ci_low, metrics[m].unit));
          cells.push_back(format_estimate(row.metrics[m].ci_high, metrics[m].unit));
        }
        if (def.evaluator.verdict) cells.push_back(row.verdict);
        sink(output::csv_row(cells));
        continue;
      }
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        auto line = cells;
        line.push_back(metrics[m].key);
        line.emplace_back(output::to_string(metrics[m].unit));
        line.push_back(format_estimate(row.metrics[m].mean, metrics[m].unit));
        line.push_back(format_estimate(row.metrics[m].ci_low, metrics[m].unit));
        line.push_back(format_estimate(row.metrics[m].ci_high, metrics[m].unit));
        if (def.evaluator.verdict) line.push_back(row.verdict);
        sink(output::csv_row(line));
      }
    }
  }
}

std::string render_csv(const SweepDefinition& def, const Results& results, Layout layout) {
  std::string out;
  write_csv(def, results, layout, [&](std::string_view text) { out += text; });
  return out;
}

}  // namespace pbr::sweep
