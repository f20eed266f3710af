#pragma once
//! \file A CSV file read back as written (RFC 4180: quoted fields, doubled quotes, CRLF), so
//! that a report shows exactly the cells of the data of record.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/format/json_util.hpp"

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

//! The largest file a report reads (a CSV or a sidecar): sized for the largest allowed
//! sweep, as merge's sidecar limit is.
inline const format::FileLimit REPORT_INPUT_LIMIT{std::uintmax_t{8} << 30,
                                                  "files a report reads are limited to 8 GiB"};

//! Parses `text` (read from `file`). A leading UTF-8 byte-order mark is skipped.
//! \throws core::InputError naming the file and line for a malformed document (text that
//! is not UTF-8, an unterminated quote, a row whose length differs from the header's).
CsvTable parse_csv(std::string_view text, const std::string& file);

//! Reads and parses `path`, and checks every cell of its numeric columns (the statistics
//! columns such as `mean` and `value`, and a sweep's `<key>_<unit>` metric columns) with
//! number_at. \throws core::InputError when it cannot be read or parsed, or a numeric cell
//! holds anything but a finite number.
CsvTable read_csv_file(const std::string& path);

//! The whole content of `path`, a regular file of at most REPORT_INPUT_LIMIT (a named pipe
//! or a device is refused before it is opened). \throws core::InputError naming it.
std::string read_text_file(const std::string& path);

//! A cell as a number; nullopt for an empty cell or text that is not a whole number.
std::optional<double> cell_number(const std::string& cell);

//! The cell of a numeric column: nullopt when empty (an undefined value).
//! \throws core::InputError naming the file, the row and the column when the cell holds
//!   anything but a finite number (`row 3, column 'value': expected a finite number or an
//!   empty cell, got '1e400'`).
std::optional<double> number_at(const CsvTable& table, std::size_t row, std::string_view column);

}  // namespace pbr::report
