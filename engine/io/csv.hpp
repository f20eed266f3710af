#pragma once
//! \file CSV that opens directly in a spreadsheet: RFC 4180 quoting, CRLF line ends, a
//! header row, plain numbers, no comment lines.
//!
//! Text is written faithfully: a field is never altered, only quoted when needed. In
//! particular a leading '=', '+', '-' or '@' is kept as it is (see docs/outputs.md,
//! "Formula injection"): the text cells of pbrsim outputs are names from the user's own
//! scenario, and rewriting them would break the round trip into other programs.

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/money.hpp"

namespace pbr::io {

//! One field, RFC 4180 quoted when needed: enclosed in double quotes (with inner quotes
//! doubled) when it contains ',', '"', CR or LF, or begins or ends with a space or tab
//! (so that no reader trims it); unchanged otherwise. "" stays empty.
std::string csv_field(std::string_view text);

//! Fields passed through csv_field, joined by ',' and terminated by "\r\n".
std::string csv_row(const std::vector<std::string>& fields);

//! A plain number a spreadsheet reads: no exponent for ordinary magnitudes
//! (1e-6 <= |value| < 1e15), rounded to 10 significant digits but never rounding away a
//! digit before the decimal point (1234567890123.4 -> "1234567890123"), no trailing zeros
//! ("2.5", "3"), "-0" written "0". NaN and infinities give "" (an empty cell). Values
//! outside the ordinary range keep 10 significant digits with an exponent ("1.5e+20").
std::string csv_number(double value);

//! Pence as pounds with two decimals and no thousands separator: 123456 -> "1234.56".
std::string csv_pounds(core::Pence amount);

//! A whole CSV document: the header row then each row, every row through csv_row.
//! \throws std::invalid_argument when a row's length differs from the header's (a ragged
//!         table is a programming error, never written).
std::string csv_document(const std::vector<std::string>& header,
                         const std::vector<std::vector<std::string>>& rows);

}  // namespace pbr::io
