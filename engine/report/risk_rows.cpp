#include "engine/report/risk_rows.hpp"

#include <algorithm>
#include <limits>

namespace pbr::report {

namespace {
//! The query's non-empty fields as conditions on their columns (an empty field matches any).
std::vector<CellIs> conditions_of(const RiskQuery& query) {
  std::vector<CellIs> conditions;
  for (const auto& [column, value] :
       {std::pair<std::string_view, const std::string&>{"section", query.section},
        {"strategy", query.strategy},
        {"scope_kind", query.scope_kind},
        {"scope", query.scope},
        {"measure", query.measure}}) {
    if (!value.empty()) conditions.push_back({column, value});
  }
  return conditions;
}
}  // namespace

std::vector<std::size_t> find_risk_rows(const CsvTable& risk, const RiskQuery& query) {
  return find_rows(risk, conditions_of(query));
}

std::optional<std::size_t> find_risk_row(const CsvTable& risk, const RiskQuery& query) {
  return find_row(risk, conditions_of(query));
}

std::vector<std::string> risk_strategies(const CsvTable& risk) {
  std::vector<std::string> out;
  for (const auto r : find_risk_rows(risk, {"gain", "", "total", "total", "gain"})) {
    out.push_back(cell(risk, r, "strategy"));
  }
  return out;
}

const std::string& cell(const CsvTable& table, std::size_t row, const std::string& column) {
  return table.rows.at(row).at(table.column(column));
}

double cell_value_or_nan(const CsvTable& table, std::size_t row, const std::string& column) {
  return number_at(table, row, column).value_or(std::numeric_limits<double>::quiet_NaN());
}

std::vector<std::size_t> margin_rows(const CsvTable& risk) {
  std::vector<std::size_t> rows;
  for (const char* kind : {"total", "band", "group"}) {
    const auto part =
        find_risk_rows(risk, {"margin", "admit_all", kind, "", "margin_per_admission"});
    rows.insert(rows.end(), part.begin(), part.end());
  }
  return rows;
}

std::vector<std::size_t> gain_rows(const CsvTable& risk) {
  std::vector<std::size_t> rows;
  for (const auto r : find_risk_rows(risk, {"gain", "", "total", "total", "gain"})) {
    if (cell(risk, r, "strategy") != "admit_all") rows.push_back(r);
  }
  return rows;
}

std::string risk_verdict(const CsvTable& risk) {
  const auto row = find_risk_row(risk, {"verdict", "", "", "", "verdict"});
  if (!row) return "";
  const std::string detail = cell(risk, *row, "detail");
  return detail.substr(0, detail.find(':'));
}

}  // namespace pbr::report
