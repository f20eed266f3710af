#pragma once
//! \file Names a spreadsheet would read as a formula. Every user-chosen name that reaches a CSV
//! cell (states, bands, groups, rules, behaviours, attributes, sweep and uncertainty-analysis
//! names) is checked when the input is read, so that the CSV writers never alter a field
//! (docs/outputs.md, "Formula injection").
#include <string>
#include <string_view>

namespace pbr::format {

//! Why a spreadsheet would read `name` as a formula when it is written in a CSV cell:
//! "starts with '='" (also '+', '-', '@'), "starts with a tab" or "starts with a carriage
//! return"; "" when it would not. Every user-chosen name that reaches a CSV is checked.
std::string formula_name_problem(std::string_view name);

//! The message for a name that formula_name_problem rejects, e.g. "name '=cmd' starts with
//! '=', which a spreadsheet reads as a formula; names may not start with =, +, -, @, tab or
//! carriage return"; "" when the name is fine.
std::string formula_name_message(std::string_view name);

}  // namespace pbr::format
