#include "engine/report/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "engine/core/diagnostics.hpp"

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
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path, "", "cannot be read; expected an existing file");
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

CsvTable read_csv_file(const std::string& path) {
  return parse_csv(read_text_file(path), path);
}

std::optional<double> cell_number(const std::string& cell) {
  if (cell.empty()) return std::nullopt;
  double value = 0.0;
  const char* end = cell.data() + cell.size();
  const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
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
