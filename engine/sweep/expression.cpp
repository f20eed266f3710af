#include "engine/sweep/expression.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "engine/sweep/parameter.hpp"
#include "engine/sweep/values.hpp"

namespace pbr::sweep {

// Recursive descent over the grammar in the header; nodes are appended to the expression's
// node list and referred to by index, so the tree needs no pointers.
class Expression::Parser {
 public:
  Parser(std::string_view text, std::vector<Node>& nodes) : s_(text), nodes_(nodes) {}

  int parse_all() {
    const int root = expr();
    skip();
    if (i_ < s_.size()) fail("unexpected '" + std::string(1, s_[i_]) + "'");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const { fail_at(i_, why); }
  [[noreturn]] static void fail_at(std::size_t at, const std::string& why) {
    throw ValuesSyntaxError("at column " + std::to_string(at + 1) + ": " + why);
  }
  //! Counts one level of parser recursion (parenthesis, unary minus, function call) opened
  //! at `at`; the matching leave() closes it.
  void enter(std::size_t at) {
    if (++nesting_ > MAX_EXPRESSION_NESTING) {
      fail_at(at, "expression nested more than " + std::to_string(MAX_EXPRESSION_NESTING) +
                      " levels deep");
    }
  }
  void leave() { --nesting_; }
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool accept(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!accept(c)) fail(std::string("expected '") + c + "'");
  }
  int add(Kind kind, int left = -1, int right = -1) {
    Node n;
    n.kind = kind;
    n.left = left;
    n.right = right;
    nodes_.push_back(std::move(n));
    std::size_t depth = 1;
    for (const int child : {left, right}) {
      if (child >= 0) depth = std::max(depth, depths_[static_cast<std::size_t>(child)] + 1);
    }
    if (depth > MAX_EXPRESSION_DEPTH) {
      fail("expression more than " + std::to_string(MAX_EXPRESSION_DEPTH) + " operations deep");
    }
    depths_.push_back(depth);
    return static_cast<int>(nodes_.size()) - 1;
  }
  int expr() {
    int left = term();
    while (true) {
      if (accept('+')) {
        left = add(Kind::add, left, term());
      } else if (accept('-')) {
        left = add(Kind::subtract, left, term());
      } else {
        return left;
      }
    }
  }
  int term() {
    int left = unary();
    while (true) {
      if (accept('*')) {
        left = add(Kind::multiply, left, unary());
      } else if (accept('/')) {
        left = add(Kind::divide, left, unary());
      } else {
        return left;
      }
    }
  }
  int unary() {
    skip();
    const std::size_t at = i_;
    if (!accept('-')) return primary();
    enter(at);
    const int operand = unary();
    leave();
    return add(Kind::negate, operand);
  }
  int primary() {
    skip();
    if (i_ >= s_.size()) fail("expected a number, a name or '('");
    const char c = s_[i_];
    const std::size_t at = i_;
    if (accept('(')) {
      enter(at);
      const int inner = expr();
      expect(')');
      leave();
      return inner;
    }
    if ((c >= '0' && c <= '9') || c == '.') {
      double value = 0.0;
      const auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), value);
      if (ec != std::errc()) fail("bad number");
      const int n = add(Kind::number);
      nodes_[static_cast<std::size_t>(n)].number = value;
      i_ = static_cast<std::size_t>(end - s_.data());
      return n;
    }
    std::size_t end = i_;
    while (end < s_.size() && is_valid_name(s_.substr(i_, end - i_ + 1))) ++end;
    if (end == i_) fail("expected a number, a name or '('");
    const std::string name(s_.substr(i_, end - i_));
    i_ = end;
    skip();
    if (i_ >= s_.size() || s_[i_] != '(') {
      const int n = add(Kind::variable);
      nodes_[static_cast<std::size_t>(n)].text = name;
      return n;
    }
    ++i_;
    if (name == "base") {
      skip();
      if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) {
        fail("base() takes a JSON pointer in quotes, e.g. base(\"/economics/capacity\")");
      }
      const char quote = s_[i_++];
      const auto close = s_.find(quote, i_);
      if (close == std::string_view::npos) fail("unterminated string");
      const std::string pointer(s_.substr(i_, close - i_));
      if (const auto problem = pointer_syntax_problem(pointer); !problem.empty()) {
        fail("bad pointer '" + pointer + "': " + problem);
      }
      i_ = close + 1;
      expect(')');
      const int n = add(Kind::base);
      nodes_[static_cast<std::size_t>(n)].text = pointer;
      return n;
    }
    Kind kind = Kind::round;
    if (name == "min") {
      kind = Kind::min;
    } else if (name == "max") {
      kind = Kind::max;
    } else if (name != "round") {
      i_ = end;
      fail("unknown function '" + name + "'; functions: base, round, min, max");
    }
    enter(end);
    const int a = expr();
    expect(',');
    const int b = expr();
    expect(')');
    leave();
    return add(kind, a, b);
  }

  std::string_view s_;
  std::vector<Node>& nodes_;
  std::vector<std::size_t> depths_;  //!< each node's height in the tree (a leaf is 1)
  std::size_t i_ = 0;
  std::size_t nesting_ = 0;
};

Expression Expression::parse(std::string_view text) {
  Expression e;
  e.text_ = std::string(text);
  Parser parser(e.text_, e.nodes_);
  e.root_ = parser.parse_all();
  return e;
}

std::vector<std::string> Expression::names() const {
  std::vector<std::string> out;
  for (const auto& n : nodes_) {
    if (n.kind == Kind::variable && std::find(out.begin(), out.end(), n.text) == out.end()) {
      out.push_back(n.text);
    }
  }
  return out;
}

std::vector<std::string> Expression::base_pointers() const {
  std::vector<std::string> out;
  for (const auto& n : nodes_) {
    if (n.kind == Kind::base && std::find(out.begin(), out.end(), n.text) == out.end()) {
      out.push_back(n.text);
    }
  }
  return out;
}

double Expression::evaluate(const std::function<double(const std::string&)>& variable,
                            const std::function<double(const std::string&)>& base) const {
  return eval(root_, variable, base);
}

double Expression::eval(int index, const std::function<double(const std::string&)>& variable,
                        const std::function<double(const std::string&)>& base) const {
  const Node& n = nodes_[static_cast<std::size_t>(index)];
  const auto left = [&] { return eval(n.left, variable, base); };
  const auto right = [&] { return eval(n.right, variable, base); };
  switch (n.kind) {
    case Kind::number:
      return n.number;
    case Kind::variable:
      return variable(n.text);
    case Kind::base:
      return base(n.text);
    case Kind::negate:
      return -left();
    case Kind::add:
      return left() + right();
    case Kind::subtract:
      return left() - right();
    case Kind::multiply:
      return left() * right();
    case Kind::divide: {
      const double denominator = right();
      if (denominator == 0.0) throw std::domain_error("division by zero");
      return left() / denominator;
    }
    case Kind::min:
      return std::min(left(), right());
    case Kind::max:
      return std::max(left(), right());
    case Kind::round: {
      const double digits = right();
      if (digits != std::floor(digits) || digits < 0 || digits > 12) {
        throw std::domain_error("round() takes 0 to 12 decimals");
      }
      // Round the scaled value, then divide: the division is correctly rounded, so the
      // result is the double nearest to the decimal (what money and month fields accept).
      const double scale = std::pow(10.0, digits);
      return std::round(left() * scale) / scale;
    }
  }
  return 0.0;
}

}  // namespace pbr::sweep
