#include "engine/report/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "engine/core/diagnostics.hpp"
#include "engine/core/utf8.hpp"
#include "engine/format/json_util.hpp"
#include "engine/output/units.hpp"

namespace pbr::report {

std::optional<std::size_t> CsvTable::find_column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  return std::nullopt;
}

std::size_t CsvTable::column(std::string_view name) const {
  if (const auto at = find_column(name)) return *at;
  throw core::InputError(
      file, "",
      "expected a column '" + std::string(name) + "' in the header; is this a pbrsim output?");
}

CsvTable parse_csv(std::string_view text, const std::string& file) {
  // A byte-order mark (spreadsheets write one) is not part of the first column's name.
  if (text.starts_with(core::UTF8_BOM)) text.remove_prefix(core::UTF8_BOM.size());
  if (const auto bad = core::first_invalid_utf8(text)) {
    const auto pos = format::position_of(text, *bad);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
    throw core::InputError(file, "",
                           "line " + std::to_string(pos.line) + ", column " +
                               std::to_string(pos.column) + ": byte " + hex +
                               " is not UTF-8; expected a CSV file pbrsim wrote (UTF-8 text)");
  }
  CsvTable table;
  table.file = file;
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool in_quotes = false;
  bool field_started = false;
  int line = 1;
  auto end_field = [&] {
    record.push_back(std::move(field));
    field.clear();
    field_started = false;
  };
  auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started && field.empty()) {
      in_quotes = true;
      field_started = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // CRLF ends the record; the '\n' is consumed with it.
      ++i;
      ++line;
      end_record();
    } else if (c == '\n') {
      ++line;
      end_record();
    } else {
      field += c;
      field_started = true;
    }
  }
  if (in_quotes) {
    throw core::InputError(
        file, "",
        "line " + std::to_string(line) + ": a quoted field is not closed; expected RFC 4180 CSV");
  }
  if (!field.empty() || !record.empty()) end_record();
  if (records.empty()) {
    throw core::InputError(file, "", "the file is empty; expected a CSV header row");
  }
  table.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      throw core::InputError(file, "",
                             "row " + std::to_string(r + 1) + " has " +
                                 std::to_string(records[r].size()) + " fields; expected " +
                                 std::to_string(table.header.size()) + " as in the header");
    }
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

std::string read_text_file(const std::string& path) {
  return format::read_whole_file(path, REPORT_INPUT_LIMIT, "a file pbrsim wrote");
}

namespace {

//! Whether pbrsim writes only numbers (or empty cells) under `name`: the statistics columns
//! of every CSV (docs/outputs.md) and a sweep's metric columns ("<key>_<unit>", their
//! "_ci_low" and "_ci_high").
bool numeric_column(std::string_view name) {
  static constexpr std::string_view STATISTICS[] = {
      "mean", "sd", "se", "ci_low", "ci_high", "p05", "p50", "p95", "prob_negative", "value"};
  for (const auto s : STATISTICS) {
    if (name == s) return true;
  }
  if (name.ends_with("_ci_low") || name.ends_with("_ci_high")) return true;
  for (const auto& unit : output::unit_words()) {
    if (name.size() > unit.size() + 1 && name.ends_with(unit) &&
        name[name.size() - unit.size() - 1] == '_') {
      return true;
    }
  }
  return false;
}

}  // namespace

CsvTable read_csv_file(const std::string& path) {
  CsvTable table = parse_csv(read_text_file(path), path);
  // Every cell of a numeric column, checked before anything is drawn from the table: a cell
  // a report would skip is still a sign the file is not what pbrsim wrote.
  for (const auto& column : table.header) {
    if (!numeric_column(column)) continue;
    for (std::size_t r = 0; r < table.rows.size(); ++r) (void)number_at(table, r, column);
  }
  return table;
}

std::optional<double> cell_number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  double value = 0.0;
  const char* end = cell.data() + cell.size();
  const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<double> number_at(const CsvTable& table, std::size_t row, std::string_view column) {
  const std::size_t at = table.column(column);
  const std::string& cell = table.rows.at(row).at(at);
  if (cell.empty()) return std::nullopt;
  if (const auto value = cell_number(cell)) return value;
  throw core::InputError(table.file, "",
                         "row " + std::to_string(row + 2) + ", column '" + std::string(column) +
                             "': expected a finite number or an empty cell, got '" +
                             (cell.size() > 40 ? cell.substr(0, 37) + "..." : cell) + "'");
}

std::vector<std::size_t> find_rows(const CsvTable& table, const std::vector<CellIs>& conditions) {
  std::vector<std::pair<std::size_t, std::string_view>> columns;
  for (const auto& c : conditions) columns.emplace_back(table.column(c.column), c.value);
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const bool match = std::all_of(columns.begin(), columns.end(), [&](const auto& c) {
      return table.rows[r][c.first] == c.second;
    });
    if (match) out.push_back(r);
  }
  return out;
}

std::optional<std::size_t> find_row(const CsvTable& table, const std::vector<CellIs>& conditions) {
  const auto rows = find_rows(table, conditions);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

}  // namespace pbr::report
