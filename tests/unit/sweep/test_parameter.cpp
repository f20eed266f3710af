#include "engine/sweep/parameter.hpp"

#include <catch2/catch.hpp>

using Catch::Matchers::Equals;
using pbr::sweep::parse_derive_option;
using pbr::sweep::parse_set_option;
using pbr::sweep::pointer_syntax_problem;

TEST_CASE("option --set POINTER=VALUES names the column after the pointer", "[sweep][parameter]") {
  const auto p = parse_set_option("/contract/payments/1/no_reentry/months=3:12:3");
  CHECK(p.name == "/contract/payments/1/no_reentry/months");
  CHECK(p.pointer == "/contract/payments/1/no_reentry/months");
  REQUIRE(p.values.size() == 4);
  CHECK(p.values[3].json == "12");
}

TEST_CASE("option --set NAME=POINTER=VALUES gives a friendly column name", "[sweep][parameter]") {
  const auto p = parse_set_option("window=/contract/payments/1/no_reentry/months=6,12");
  CHECK(p.name == "window");
  CHECK(p.pointer == "/contract/payments/1/no_reentry/months");
  CHECK(p.values.size() == 2);
}

TEST_CASE("option --set NAME=VALUES is a virtual parameter", "[sweep][parameter]") {
  const auto p = parse_set_option("fee_share=0:0.3:0.1");
  CHECK(p.name == "fee_share");
  CHECK(p.pointer.empty());
  CHECK(p.values.size() == 4);
  // A string value that starts with '/' but has no '=' stays a value.
  const auto q = parse_set_option("label=/a");
  CHECK(q.pointer.empty());
  CHECK(q.values[0].label == "/a");
}

TEST_CASE("bad --set arguments are reported verbatim", "[sweep][parameter]") {
  CHECK_THROWS_WITH(parse_set_option("/a/b"),
                    Equals("--set '/a/b': expected POINTER=VALUES, NAME=POINTER=VALUES or "
                           "NAME=VALUES"));
  CHECK_THROWS_WITH(parse_set_option("=1"),
                    Equals("--set '=1': expected POINTER=VALUES, NAME=POINTER=VALUES or "
                           "NAME=VALUES"));
  CHECK_THROWS_WITH(parse_set_option("9lives=1"),
                    Equals("--set '9lives=1': bad name '9lives': use letters, digits and '_', "
                           "starting with a letter or '_' (a pointer starts with '/')"));
  CHECK_THROWS_WITH(parse_set_option("/a/~2=1"),
                    Equals("--set '/a/~2=1': bad pointer '/a/~2': '~' must be followed by 0 or 1 "
                           "(write ~0 for '~' and ~1 for '/')"));
  CHECK_THROWS_WITH(parse_set_option("/a="), Equals("--set '/a=': no values given"));
  CHECK_THROWS_WITH(parse_set_option("/a=0:1:0"),
                    Equals("--set '/a=0:1:0': bad range '0:1:0': STEP must not be zero"));
}

TEST_CASE("set option: names and string values never read as spreadsheet formulas",
          "[sweep][parameter]") {
  // The name heads a CSV column and string values are written as CSV cells.
  for (const char* lead : {"+", "-", "@"}) {
    const std::string arg = std::string(lead) + "x=1";
    CHECK_THROWS_WITH(parse_set_option(arg),
                      Equals("--set '" + arg + "': bad name '" + lead +
                             "x': use letters, digits and '_', starting with a letter or '_' (a "
                             "pointer starts with '/')"));
  }
  CHECK_THROWS_WITH(parse_set_option("\tx=1"),
                    Equals("--set '\tx=1': bad name '\tx': use letters, digits and '_', starting "
                           "with a letter or '_' (a pointer starts with '/')"));
  CHECK_THROWS_WITH(parse_set_option("/name==cmd,b"),
                    Equals("--set '/name==cmd,b': string value '=cmd' starts with '=', which a "
                           "spreadsheet reads as a formula; string values may not start with =, "
                           "+, -, @, tab or carriage return"));
  CHECK_THROWS_WITH(parse_set_option("/name=[\"ok\", \"@x\"]"),
                    Equals("--set '/name=[\"ok\", \"@x\"]': string value '@x' starts with '@', "
                           "which a spreadsheet reads as a formula; string values may not start "
                           "with =, +, -, @, tab or carriage return"));
  CHECK(parse_set_option("/x=-1,-0.5").values.size() == 2);  // numbers stay numbers
}

TEST_CASE("option --derive POINTER=EXPRESSION", "[sweep][parameter]") {
  const auto d = parse_derive_option("/x/y=round(a * 2, 2)");
  CHECK(d.pointer == "/x/y");
  CHECK(d.expression == "round(a * 2, 2)");
  CHECK_THROWS_WITH(parse_derive_option("x=1"),
                    Equals("--derive 'x=1': bad pointer 'x': a JSON pointer must start with '/'"));
  CHECK_THROWS_WITH(parse_derive_option("/x"),
                    Equals("--derive '/x': expected POINTER=EXPRESSION"));
  CHECK_THROWS_WITH(parse_derive_option("/x= "),
                    Equals("--derive '/x= ': the expression is empty"));
}

TEST_CASE("pointer syntax follows RFC 6901", "[sweep][parameter]") {
  CHECK(pointer_syntax_problem("/a/b~0c/d~1e/0").empty());
  CHECK(pointer_syntax_problem("a") == "a JSON pointer must start with '/'");
  CHECK(pointer_syntax_problem("") == "the pointer is empty (the whole scenario cannot be swept)");
  CHECK_FALSE(pointer_syntax_problem("/a~").empty());
}
