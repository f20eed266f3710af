#pragma once
//! \file CSV that opens directly in a spreadsheet: RFC 4180 quoting, CRLF line ends, a
//! header row, plain numbers, no comment lines.
//!
//! Text is written faithfully: a field is never altered, only quoted when needed. Names that a
//! spreadsheet would read as a formula never get this far: the scenario reader and the sweep
//! reject them (format::formula_name_problem, engine/format/spreadsheet_names.hpp;
//! docs/outputs.md, "Formula injection").

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/money.hpp"

namespace pbr::output {

//! One field, RFC 4180 quoted when needed: enclosed in double quotes (with inner quotes
//! doubled) when it contains ',', '"', CR or LF, or begins or ends with a space or tab
//! (so that no reader trims it); unchanged otherwise. "" stays empty.
std::string csv_field(std::string_view text);

//! Fields passed through csv_field, joined by ',' and terminated by "\r\n".
std::string csv_row(const std::vector<std::string>& fields);

//! A plain number a spreadsheet reads, for every unit but money: no exponent for ordinary
//! magnitudes (1e-6 <= |value| < 1e15), rounded to 6 significant digits but never rounding
//! away a digit before the decimal point (1234567.891 -> "1234568"), no trailing zeros ("2.5",
//! "3"), "-0" written "0". NaN and infinities give "" (an empty cell). Values outside the
//! ordinary range keep 6 significant digits with an exponent ("1.5e+20").
std::string csv_number(double value);

//! Pence as pounds with exactly two decimals and no thousands separator, exactly (integer
//! arithmetic): 123456 -> "1234.56", -5 -> "-0.05".
std::string csv_pounds(core::Pence amount);

//! An amount in pounds that need not be whole pence (a mean over replications) rounded to
//! the nearest penny (halves away from zero) and written as csv_pounds: 1234.565001 ->
//! "1234.57", -0.004 -> "0.00". NaN and infinities give "".
std::string csv_money(double pounds);

//! A whole CSV document: the header row then each row, every row through csv_row.
//! \throws std::invalid_argument when a row's length differs from the header's (a ragged
//!         table is a programming error, never written).
std::string csv_document(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows);

}  // namespace pbr::output
