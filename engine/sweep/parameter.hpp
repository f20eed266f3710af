#pragma once
//! \file Swept parameters and derived (linked) values, and their command-line forms
//! `--set` and `--derive`.

#include <string>
#include <string_view>
#include <vector>

#include "engine/sweep/values.hpp"

namespace pbr::sweep {

//! One swept parameter: a place in the resolved scenario document and the values it takes.
struct Parameter {
  //! Column header and the name derived expressions use: the friendly name when given,
  //! else the pointer.
  std::string name;
  //! RFC 6901 JSON pointer into the RESOLVED scenario (after `extends`), e.g.
  //! `/contract/payments/1/no_reentry/months`; "" for a virtual parameter, which changes
  //! nothing by itself and exists to feed derived values (e.g. a fee share).
  std::string pointer;
  std::vector<Value> values;  //!< at least one
  friend bool operator==(const Parameter&, const Parameter&) = default;
};

//! A value computed at every point from the parameters: `pointer` is set to the result of
//! `expression` (see expression.hpp), after the parameters themselves are applied.
struct Derived {
  std::string pointer;     //!< RFC 6901 pointer into the resolved scenario
  std::string expression;  //!< e.g. `round(fee_share * base("/x/y"), 2)`
  friend bool operator==(const Derived&, const Derived&) = default;
};

//! Parses one `--set` argument. Accepted forms:
//! - `POINTER=VALUES`: the column is named after the pointer;
//! - `NAME=POINTER=VALUES`: a friendly column name (letters, digits, '_', starting with a
//!   letter or '_'); recognised when the text after the first '=' starts with '/';
//! - `NAME=VALUES`: a virtual parameter (no pointer), for `--derive` expressions.
//! VALUES follows parse_values. A pointer cannot contain '=' here (use a plan file).
//! \throws ValuesSyntaxError with the message shown to the user, e.g.
//!   `--set '/a/b': expected POINTER=VALUES, NAME=POINTER=VALUES or NAME=VALUES`.
Parameter parse_set_option(std::string_view text);

//! Parses one `--derive POINTER=EXPRESSION` argument (the expression is checked later,
//! against the parameter names). \throws ValuesSyntaxError.
Derived parse_derive_option(std::string_view text);

//! Empty when `pointer` is a well-formed non-root RFC 6901 pointer ("/a/b~1c/0"), else why
//! not ("must start with '/'", "'~' must be followed by 0 or 1").
std::string pointer_syntax_problem(std::string_view pointer);

//! True for a valid parameter name: [A-Za-z_][A-Za-z0-9_]*.
bool is_valid_name(std::string_view name);

}  // namespace pbr::sweep
