#pragma once
//! \file Finding rows of a risk CSV (docs/cherry-picking.md, "Reading the risk CSV") by
//! section, strategy, scope and measure, for the report's charts, tables and sentences.

#include <optional>
#include <string>
#include <vector>

#include "engine/report/csv_table.hpp"

namespace pbr::report {

//! A filter on risk CSV rows; an empty field matches anything.
struct RiskQuery {
  std::string section;
  std::string strategy;
  std::string scope_kind;
  std::string scope;
  std::string measure;
};

//! The 0-based rows of `risk` that match `query`, in file order.
std::vector<std::size_t> find_risk_rows(const CsvTable& risk, const RiskQuery& query);

//! The one row matching `query`, or nullopt when none does.
std::optional<std::size_t> find_risk_row(const CsvTable& risk, const RiskQuery& query);

//! The strategies of the "gain" section in file order (admit_all first).
std::vector<std::string> risk_strategies(const CsvTable& risk);

//! The cell of `row` under `column`.
const std::string& cell(const CsvTable& table, std::size_t row, const std::string& column);

//! The cell as a number, NaN for an empty or non-numeric cell (chart data comes from cells).
double cell_value_or_nan(const CsvTable& table, std::size_t row, const std::string& column);

//! The honest provider's margin per admitted client: the total, then each band, then each
//! group (section "margin", strategy admit_all, measure margin_per_admission).
std::vector<std::size_t> margin_rows(const CsvTable& risk);

//! Each strategy's total gain over admit_all (section "gain"), admit_all left out.
std::vector<std::size_t> gain_rows(const CsvTable& risk);

//! The verdict's level ("high", "medium", "low"), or "" when the CSV has no verdict row.
std::string risk_verdict(const CsvTable& risk);

}  // namespace pbr::report
