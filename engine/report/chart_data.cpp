#include "engine/report/chart_data.hpp"

#include <cmath>

#include "engine/report/risk_rows.hpp"

namespace pbr::report {

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json interval_series(const CsvTable& table, const std::vector<std::size_t>& rows,
                               const std::string& label) {
  nlohmann::json values = nlohmann::json::array(), low = values, high = values;
  for (const auto r : rows) {
    values.push_back(number_or_null(cell_value_or_nan(table, r, "value")));
    low.push_back(number_or_null(cell_value_or_nan(table, r, "ci_low")));
    high.push_back(number_or_null(cell_value_or_nan(table, r, "ci_high")));
  }
  return {{"label", label}, {"values", values}, {"low", low}, {"high", high}};
}

}  // namespace pbr::report
