#pragma once
//! \file The one unit vocabulary of every CSV pbrsim writes (docs/outputs.md, "Units"), and
//! how a value of each unit is written: money to the penny, everything else to 6
//! significant digits. A new output picks its units from here; a new unit is added here and
//! to the table in docs/outputs.md (a test checks that they agree).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::output {

//! The unit of a numeric CSV column or cell.
enum class Unit {
  gbp,          //!< "GBP": pounds sterling, written with exactly two decimals
  count,        //!< "count": clients or events (means of them need not be whole)
  months,       //!< "months": months, client-months or months per client
  share,        //!< "share": a proportion of a whole, 0 .. 1
  probability,  //!< "probability": a probability, 0 .. 1
  level,        //!< "level": an ordered category as a number (verdict: 0 low, 1 medium, 2 high)
  number        //!< "number": a coefficient (a correlation) or an uncertain input in its own unit
};

//! The unit's word as written in CSVs: "GBP", "count", "months", "share", "probability",
//! "level", "number". No word contains '_', so a wide layout can end a column name with "_<word>".
std::string_view to_string(Unit unit);

//! The unit named `word` (exact spelling), or nullopt.
std::optional<Unit> parse_unit(std::string_view word);

//! Every unit word, in the order of the enum.
const std::vector<std::string>& unit_words();

//! `value` as a CSV cell of `unit`: csv_money for GBP, csv_number otherwise; "" when not
//! finite.
std::string csv_value(double value, Unit unit);

//! csv_value for a unit given by its word ("GBP" gives money); a word outside the vocabulary
//! is a programming error.
//! \throws std::logic_error for an unknown word
std::string csv_value(double value, std::string_view unit_word);

}  // namespace pbr::output
