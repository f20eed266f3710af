#pragma once
//! \file Chart data from CSV cells: the series of a chart (docs/report.md, "Charts") are built
//! from the same rows its table shows, so the picture and the numbers agree.

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/report/csv_table.hpp"

namespace pbr::report {

//! `value` as JSON, null when it is not finite (an empty cell): the chart leaves a gap.
nlohmann::json number_or_null(double value);

//! A series of `rows` of `table`: values from column `value`, the 95% interval from `ci_low`
//! and `ci_high` ({"label", "values", "low", "high"}).
nlohmann::json interval_series(const CsvTable& table, const std::vector<std::size_t>& rows,
                               const std::string& label);

}  // namespace pbr::report
