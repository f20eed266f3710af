#pragma once
//! \file A CSV file read back as written (RFC 4180: quoted fields, doubled quotes, CRLF), so
//! that a report shows exactly the cells of the data of record.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::report {

//! A CSV document: its header and rows, each cell the field's text unchanged (unquoted).
struct CsvTable {
  std::string file;  //!< where it was read from, for messages
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  //! Index of column `name`, or nullopt.
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
  //! Index of column `name`. \throws core::InputError naming the file when it is missing.
  [[nodiscard]] std::size_t column(std::string_view name) const;
};

//! One condition on a row: the cell under `column` equals `value`.
struct CellIs {
  std::string_view column;
  std::string_view value;
};

//! The 0-based rows of `table` meeting every condition, in file order.
//! \throws core::InputError naming the file when a condition's column is missing.
std::vector<std::size_t> find_rows(const CsvTable& table, const std::vector<CellIs>& conditions);

//! The first row meeting every condition, or nullopt when none does.
std::optional<std::size_t> find_row(const CsvTable& table, const std::vector<CellIs>& conditions);

//! Parses `text` (read from `file`). \throws core::InputError naming the file and line for a
//! malformed document (an unterminated quote, a row whose length differs from the header's).
CsvTable parse_csv(std::string_view text, const std::string& file);

//! Reads and parses `path`. \throws core::InputError when it cannot be read or parsed.
CsvTable read_csv_file(const std::string& path);

//! The whole content of `path`. \throws core::InputError naming it when it cannot be read.
std::string read_text_file(const std::string& path);

//! A cell as a number; nullopt for an empty cell or text that is not a whole number.
std::optional<double> cell_number(const std::string& cell);

}  // namespace pbr::report
