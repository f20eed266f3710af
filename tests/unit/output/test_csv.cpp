#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/output/csv.hpp"
#include "unit/output/rfc4180.hpp"

using pbr::output::csv_document;
using pbr::output::csv_field;
using pbr::output::csv_money;
using pbr::output::csv_number;
using pbr::output::csv_pounds;
using pbr::output::csv_row;
using pbr::test::parse_rfc4180;

TEST_CASE("csv_field leaves plain text alone", "[output][csv]") {
  CHECK(csv_field("completions") == "completions");
  CHECK(csv_field("") == "");
  CHECK(csv_field("band A: high") == "band A: high");
  CHECK(csv_field("£1,000") == "\"£1,000\"");
}

TEST_CASE("csv_field quotes commas, quotes, CR and LF", "[output][csv]") {
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("\"") == "\"\"\"\"");
  CHECK(csv_field("line\nbreak") == "\"line\nbreak\"");
  CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
  CHECK(csv_field("crlf\r\n") == "\"crlf\r\n\"");
}

TEST_CASE("csv_field quotes leading and trailing blanks so that no reader trims them",
          "[output][csv]") {
  CHECK(csv_field(" lead") == "\" lead\"");
  CHECK(csv_field("trail ") == "\"trail \"");
  CHECK(csv_field("\ttab") == "\"\ttab\"");
  CHECK(csv_field("in side") == "in side");
}

TEST_CASE("csv_field writes text faithfully (documented decision)", "[output][csv]") {
  // docs/outputs.md, "Formula injection": names that read as formulas are rejected on input;
  // the writer itself never rewrites text (no leading apostrophe), it only quotes.
  CHECK(csv_field("=SUM(A1:A2)") == "=SUM(A1:A2)");
  CHECK(csv_field("+1") == "+1");
  CHECK(csv_field("-1") == "-1");
  CHECK(csv_field("@cmd") == "@cmd");
  CHECK(csv_field("=HYPERLINK(\"x\",\"y\")") == "\"=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
}

TEST_CASE("csv_row joins with commas and ends with CRLF", "[output][csv]") {
  CHECK(csv_row({"a", "b,c", ""}) == "a,\"b,c\",\r\n");
  CHECK(csv_row({}) == "\r\n");
  CHECK(csv_row({""}) == "\r\n");
}

TEST_CASE("csv rows round-trip through the strict RFC 4180 parser", "[output][csv]") {
  const std::vector<std::string> awkward = {"plain", "a,b",      "q\"uote", "multi\r\nline",
                                            "",      " padded ", "=1+1",    "lf\nonly"};
  const std::string text = csv_row({"h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"}) +
                           csv_row(awkward) + csv_row(awkward);
  const auto rows = parse_rfc4180(text);
  REQUIRE(rows.size() == 3);
  CHECK(rows[1] == awkward);
  CHECK(rows[2] == awkward);
}

TEST_CASE("csv_number writes plain numbers without exponents", "[output][csv]") {
  CHECK(csv_number(0.0) == "0");
  CHECK(csv_number(-0.0) == "0");
  CHECK(csv_number(3.0) == "3");
  CHECK(csv_number(-3.0) == "-3");
  CHECK(csv_number(2.5) == "2.5");
  CHECK(csv_number(0.1) == "0.1");
  CHECK(csv_number(1.0 / 3.0) == "0.333333");
  CHECK(csv_number(2.0 / 3.0) == "0.666667");
  CHECK(csv_number(0.1234567) == "0.123457");
  CHECK(csv_number(123456.789) == "123457");
  CHECK(csv_number(12345.6789) == "12345.7");
  CHECK(csv_number(1234567.891234) == "1234568");
  CHECK(csv_number(0.000012345678912) == "0.0000123457");
  CHECK(csv_number(1e-6) == "0.000001");
  CHECK(csv_number(1e14) == "100000000000000");
  CHECK(csv_number(9.9999999) == "10");
  CHECK(csv_number(0.99999951) == "1");
  CHECK(csv_number(-0.00000123) == "-0.00000123");
}

TEST_CASE("csv_number keeps every integer digit of large values", "[output][csv]") {
  CHECK(csv_number(12345678901.0) == "12345678901");
  CHECK(csv_number(1234567890123.4) == "1234567890123");
  CHECK(csv_number(-98765432109876.0) == "-98765432109876");
}

TEST_CASE("csv_number: extremes keep an exponent, non-finite values are empty cells",
          "[output][csv]") {
  CHECK(csv_number(1.5e20) == "1.5e+20");
  CHECK(csv_number(1.23456789e20) == "1.23457e+20");
  CHECK(csv_number(2.5e-9) == "2.5e-09");
  CHECK(csv_number(std::numeric_limits<double>::quiet_NaN()).empty());
  CHECK(csv_number(std::numeric_limits<double>::infinity()).empty());
  CHECK(csv_number(-std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("csv_number never produces a field that needs quoting", "[output][csv]") {
  for (double v : {0.5, -1234.5, 1e10, 7e-7, 1e300, -1e-300, 42.0}) {
    const auto s = csv_number(v);
    CHECK(csv_field(s) == s);
    CHECK(std::stod(s) == Approx(v).epsilon(1e-6));
  }
}

TEST_CASE("csv_pounds formats pence as pounds with two decimals", "[output][csv]") {
  CHECK(csv_pounds(123456) == "1234.56");
  CHECK(csv_pounds(5) == "0.05");
  CHECK(csv_pounds(0) == "0.00");
  CHECK(csv_pounds(-250) == "-2.50");
  CHECK(csv_pounds(100000000000) == "1000000000.00");
}

TEST_CASE("csv_money rounds pounds to the penny and writes exactly two decimals", "[output][csv]") {
  CHECK(csv_money(1234.565001) == "1234.57");
  CHECK(csv_money(1234.5) == "1234.50");
  CHECK(csv_money(3.0) == "3.00");
  CHECK(csv_money(-10.05) == "-10.05");
  CHECK(csv_money(-0.004) == "0.00");
  CHECK(csv_money(0.005) == "0.01");
  CHECK(csv_money(16484164.4649) == "16484164.46");
  CHECK(csv_money(std::numeric_limits<double>::quiet_NaN()).empty());
  CHECK(csv_money(std::numeric_limits<double>::infinity()).empty());
}

TEST_CASE("csv_document writes a header then rows and refuses ragged tables", "[output][csv]") {
  const auto text = csv_document({"a", "b"}, {{"1", "2"}, {"x,y", ""}});
  CHECK(text == "a,b\r\n1,2\r\n\"x,y\",\r\n");
  CHECK(parse_rfc4180(text).size() == 3);
  CHECK_THROWS_WITH(csv_document({"a", "b"}, {{"1"}}),
                    Catch::Contains("row 1 has 1 fields, header has 2"));
}
