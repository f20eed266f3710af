#pragma once
//! \file Exact money: integer pence.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pbr::core {

//! An amount of money in pence (GBP minor units). Sums of pence are exact and associative,
//! so totals do not depend on the order in which blocks or threads are merged.
using Pence = std::int64_t;

//! Parses an amount written in pounds with at most two decimals ("1250", "1250.5",
//! "-3.25") into pence. Returns std::nullopt for anything else (three decimals, exponents,
//! empty text, overflow), so that the caller can report the bad value.
std::optional<Pence> parse_pounds(std::string_view text);

//! Converts a JSON number in pounds to pence when it has at most two decimals (e.g. 12.5 ->
//! 1250), up to a few units in the last place of the double (0.1 * 3 -> 30). Returns
//! std::nullopt for a third decimal at any magnitude (0.125, 999.001, 1500.009), NaN, or
//! beyond 10^13 pounds.
std::optional<Pence> pounds_to_pence(double pounds);

//! Formats pence as pounds with two decimals and no thousands separator ("-1234.05"),
//! the plain-number form spreadsheets read directly.
std::string format_pounds(Pence amount);

//! Multiplies an amount by a non-negative factor and rounds half away from zero to the
//! nearest penny. Used where a scenario scales money (cost multipliers, tariff multipliers).
Pence scale_pence(Pence amount, double factor);

}  // namespace pbr::core
