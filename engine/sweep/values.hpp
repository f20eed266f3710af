#pragma once
//! \file The values a swept parameter takes, as written after `--set POINTER=` or in a plan's
//! `"values"`: a comma list, a JSON array, or an exact decimal range.
//!
//! Syntax (docs/sweeps.md, "Values"):
//! - a comma list `a,b,c`: each item is a JSON number (`6`, `0.25`, `-1e-3`), `true`,
//!   `false`, `null`, a JSON string in double quotes (`"a,b"`), or else a bare string
//!   (`park`). A bare item that starts like a number but is not one (`.5`, `1,5` split into
//!   `1` and `5` aside) is an error rather than silently a string;
//! - a JSON array `[...]`: each element is one value, so arrays and objects can be swept
//!   (`[[0.1,0.2],[0.3,0.4]]` is two values);
//! - a range `START:STOP:STEP` of plain decimals (`0:0.3:0.05`): START, START+STEP, ... up to
//!   and including STOP when it lies on the grid. Arithmetic is exact in decimal (no
//!   0.30000000000000004): each value is START + i*STEP computed on scaled integers. A
//!   negative STEP counts down. Values without a fractional part are JSON integers.

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::sweep {

//! One value of a swept parameter.
struct Value {
  std::string json;   //!< compact JSON text written into the scenario: `6`, `0.1`, `"park"`
  std::string label;  //!< how the CSV shows it: strings unquoted, everything else as `json`
  friend bool operator==(const Value&, const Value&) = default;
};

//! A malformed VALUES text; what() is the message shown to the user (tested verbatim).
class ValuesSyntaxError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

//! Most values one range may produce (guards against a mistyped step).
inline constexpr std::size_t MAX_RANGE_VALUES = 100000;

//! Deepest nesting of arrays and objects allowed in one JSON value (deeper values are
//! refused before parsing, since rendering them would recurse once per level).
inline constexpr std::size_t MAX_VALUE_DEPTH = 64;

//! Parses VALUES (see the file comment).
//! \throws ValuesSyntaxError naming the offending text, e.g.
//!   `bad range '0:1:0': STEP must not be zero`; also for a string value that a spreadsheet
//!   would read as a formula (format::formula_name_problem), since it is written in the CSV;
//!   also for a JSON array nested deeper than MAX_VALUE_DEPTH.
std::vector<Value> parse_values(std::string_view text);

//! The range START:STOP:STEP of plain decimals (optional sign, digits, optional fraction;
//! at most 15 significant digits each), computed exactly.
//! \throws ValuesSyntaxError when a bound is not a plain decimal, STEP is zero, STEP points
//!   away from STOP, or the range would exceed MAX_RANGE_VALUES values.
std::vector<Value> decimal_range(std::string_view start, std::string_view stop,
                                 std::string_view step);

//! Why a string value would be unsafe in a CSV cell (a spreadsheet would read it as a
//! formula: format::formula_name_problem), as the message shown to the user, e.g. "string value
//! '=x' starts with '=', which a spreadsheet reads as a formula; string values may not start
//! with =, +, -, @, tab or carriage return"; "" when it is safe.
std::string formula_value_message(std::string_view text);

//! A value from JSON text (any JSON), normalised to compact form with its label.
//! \throws ValuesSyntaxError when the text is not valid JSON, is nested deeper than
//!   MAX_VALUE_DEPTH, or is a string that a spreadsheet would read as a formula.
Value value_from_json(std::string_view json_text);

//! A value from JSON text kept exactly as given (no normalisation), with the label rule of
//! every Value: a JSON string's label is its content, any other value's label is its text.
//! Used to read values back from sidecars and journals.
Value make_value(std::string json_text);

//! A string value ("park" -> json `"park"`, label `park`).
Value string_value(std::string_view text);

}  // namespace pbr::sweep
