#include "engine/sweep/evaluator.hpp"

#include <cmath>
#include <set>
#include <stdexcept>

namespace pbr::sweep {

MetricInfo year_spend_metric(int k) {
  return {"commissioner_spend_year_" + std::to_string(k), Unit::gbp,
          "commissioner spend (PbR payments + block payment) in the contract's financial year " +
              std::to_string(k) +
              " (year 1 holds month 0; April to March with contract.start, "
              "else 12 months from month 0), pounds; empty past the horizon"};
}

void check_result(const EvaluatorInfo& info, const PointContext& context,
                  const PointResult& result) {
  const std::string where =
      "evaluator '" + info.id + "' at point " + std::to_string(context.point + 1) + ": ";
  if (result.rows.empty()) throw std::logic_error(where + "no rows");
  std::set<std::string> seen;
  for (const auto& row : result.rows) {
    if (row.strategy.empty()) throw std::logic_error(where + "a row has no strategy name");
    if (!seen.insert(row.strategy).second) {
      throw std::logic_error(where + "strategy '" + row.strategy + "' appears twice");
    }
    if (row.metrics.size() != info.metrics.size()) {
      throw std::logic_error(where + "strategy '" + row.strategy + "' has " +
                             std::to_string(row.metrics.size()) + " estimates for " +
                             std::to_string(info.metrics.size()) + " metrics");
    }
    for (std::size_t m = 0; m < row.metrics.size(); ++m) {
      const Estimate& e = row.metrics[m];
      if (std::isinf(e.mean) || std::isinf(e.ci_low) || std::isinf(e.ci_high)) {
        // Undefined is NaN (an empty cell); an infinity would be a defect of the evaluator.
        throw std::logic_error(where + "strategy '" + row.strategy + "' has an infinite " +
                               info.metrics[m].key);
      }
    }
    if (!info.verdict && !row.verdict.empty()) {
      throw std::logic_error(where + "a verdict was given but none is declared");
    }
  }
}

}  // namespace pbr::sweep
