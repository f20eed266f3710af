#pragma once
//! \file Arithmetic for derived sweep values: a small expression language over the swept
//! parameters and the base scenario's values.
//!
//! Grammar (whitespace ignored):
//! \code
//!   expr    := term (('+' | '-') term)*
//!   term    := unary (('*' | '/') unary)*
//!   unary   := '-' unary | primary
//!   primary := NUMBER | NAME | '(' expr ')'
//!            | 'base' '(' STRING ')'            -- the base scenario's number at a pointer
//!            | 'round' '(' expr ',' expr ')'    -- to N decimals, half away from zero
//!            | 'min' '(' expr ',' expr ')' | 'max' '(' expr ',' expr ')'
//! \endcode
//! NAME is a parameter's name ([A-Za-z_][A-Za-z0-9_]*), STRING is in single or double
//! quotes. Money in the base may be a number or a string of pounds ("12.50").
//!
//! **Example**: the attachment fee as a share of a fixed total per client:
//! \code
//! auto e = Expression::parse(R"(round(fee_share * base("/contract/total/high"), 2))");
//! double v = e.evaluate(lookup_parameter, lookup_base);
//! \endcode

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::sweep {

//! Deepest nesting of parentheses, unary minus and function calls in one expression.
inline constexpr std::size_t MAX_EXPRESSION_NESTING = 64;
//! Tallest expression tree (e.g. a chain of 256 additions); evaluation recurses per level.
inline constexpr std::size_t MAX_EXPRESSION_DEPTH = 256;

//! A parsed expression; immutable and cheap to evaluate many times.
class Expression {
 public:
  //! Parses `text`. \throws ValuesSyntaxError (values.hpp) naming the 1-based column, e.g.
  //!   `at column 7: expected ')'`; also when nested deeper than MAX_EXPRESSION_NESTING or
  //!   taller than MAX_EXPRESSION_DEPTH operations.
  static Expression parse(std::string_view text);

  //! The source text.
  [[nodiscard]] const std::string& text() const { return text_; }
  //! The parameter names it reads, in order of first use.
  [[nodiscard]] std::vector<std::string> names() const;
  //! The pointers it reads with base(...), in order of first use.
  [[nodiscard]] std::vector<std::string> base_pointers() const;

  //! Evaluates with `variable(name)` for parameter values and `base(pointer)` for base
  //! values; both may throw to report a missing or non-numeric value.
  //! \throws std::domain_error on division by zero or a round() digit count outside 0..12.
  [[nodiscard]] double evaluate(const std::function<double(const std::string&)>& variable,
                                const std::function<double(const std::string&)>& base) const;

 private:
  enum class Kind {
    number,
    variable,
    base,
    negate,
    add,
    subtract,
    multiply,
    divide,
    round,
    min,
    max
  };
  struct Node {
    Kind kind = Kind::number;
    double number = 0.0;
    std::string text;  //!< a variable's name or base's pointer
    int left = -1, right = -1;
  };
  class Parser;
  [[nodiscard]] double eval(int node, const std::function<double(const std::string&)>& variable,
                            const std::function<double(const std::string&)>& base) const;

  std::string text_;
  std::vector<Node> nodes_;
  int root_ = -1;
};

}  // namespace pbr::sweep
