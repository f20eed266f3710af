#include "engine/sweep/expression.hpp"

#include <catch2/catch.hpp>
#include <map>
#include <stdexcept>

#include "engine/sweep/values.hpp"

using Catch::Matchers::Equals;
using pbr::sweep::Expression;

namespace {
double eval(const std::string& text, const std::map<std::string, double>& vars = {},
            const std::map<std::string, double>& base = {}) {
  return Expression::parse(text).evaluate([&](const std::string& n) { return vars.at(n); },
                                          [&](const std::string& p) { return base.at(p); });
}
}  // namespace

TEST_CASE("expressions follow the usual precedence", "[sweep][expression]") {
  CHECK(eval("1 + 2 * 3") == 7);
  CHECK(eval("(1 + 2) * 3") == 9);
  CHECK(eval("10 - 4 - 3") == 3);
  CHECK(eval("12 / 4 / 3") == 1);
  CHECK(eval("-2 * -3") == 6);
  CHECK(eval("min(3, 4) + max(3, 4)") == 7);
  CHECK(eval("round(2.346, 2)") == 2.35);
  CHECK(eval("round(0.15 * 2000, 2)") == 300);
  CHECK(eval("round(-2.5, 0)") == -3);  // half away from zero
}

TEST_CASE("names and base() read parameters and the base scenario", "[sweep][expression]") {
  const auto e = Expression::parse(R"(round(share * (base("/a/x") + base('/a/y')), 2) + share)");
  CHECK(e.names() == std::vector<std::string>{"share"});
  CHECK(e.base_pointers() == std::vector<std::string>{"/a/x", "/a/y"});
  CHECK(eval(e.text(), {{"share", 0.1}}, {{"/a/x", 500}, {"/a/y", 2500}}) == 300.1);
}

TEST_CASE("malformed expressions name the column", "[sweep][expression]") {
  CHECK_THROWS_WITH(Expression::parse("1 +"),
                    Equals("at column 4: expected a number, a name or '('"));
  CHECK_THROWS_WITH(Expression::parse("(1 + 2"), Equals("at column 7: expected ')'"));
  CHECK_THROWS_WITH(Expression::parse("1 2"), Equals("at column 3: unexpected '2'"));
  CHECK_THROWS_WITH(
      Expression::parse("sqrt(2, 1)"),
      Equals("at column 5: unknown function 'sqrt'; functions: base, round, min, max"));
  CHECK_THROWS_WITH(Expression::parse("base(/a)"),
                    Equals("at column 6: base() takes a JSON pointer in quotes, e.g. "
                           "base(\"/economics/capacity\")"));
  CHECK_THROWS_WITH(Expression::parse("base('a')"),
                    Equals("at column 7: bad pointer 'a': a JSON pointer must start with '/'"));
  CHECK_THROWS_AS(Expression::parse("min(1)"), pbr::sweep::ValuesSyntaxError);
}

TEST_CASE("evaluation errors", "[sweep][expression]") {
  CHECK_THROWS_WITH(eval("1 / (2 - 2)"), Equals("division by zero"));
  CHECK_THROWS_WITH(eval("round(1, 0.5)"), Equals("round() takes 0 to 12 decimals"));
  CHECK_THROWS_AS(eval("unknown_name"), std::out_of_range);
}

TEST_CASE("deeply nested expressions are refused, not a crash", "[sweep][expression][limits]") {
  using Catch::Matchers::Equals;
  const std::string parens = std::string(20000, '(') + "1" + std::string(20000, ')');
  CHECK_THROWS_WITH(Expression::parse(parens),
                    Equals("at column 65: expression nested more than 64 levels deep"));
  CHECK_THROWS_WITH(Expression::parse(std::string(20000, '-') + "1"),
                    Equals("at column 65: expression nested more than 64 levels deep"));
  std::string chain = "1";
  for (int i = 0; i < 20000; ++i) chain += "+1";
  CHECK_THROWS_WITH(Expression::parse(chain),
                    Equals("at column 514: expression more than 256 operations deep"));
  const std::string ok = std::string(64, '(') + "2" + std::string(64, ')');
  CHECK(eval(ok) == 2);
}
