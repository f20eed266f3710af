#include <catch2/catch.hpp>

#include "engine/core/money.hpp"

#include <limits>

using pbr::core::format_pounds;
using pbr::core::parse_pounds;
using pbr::core::pounds_to_pence;

TEST_CASE("parse_pounds accepts at most two decimals", "[core][money]") {
  CHECK(parse_pounds("1250") == 125000);
  CHECK(parse_pounds("1250.5") == 125050);
  CHECK(parse_pounds("0.05") == 5);
  CHECK(parse_pounds("-3.25") == -325);
  CHECK_FALSE(parse_pounds("1.005"));
  CHECK_FALSE(parse_pounds("1e3"));
  CHECK_FALSE(parse_pounds(""));
  CHECK_FALSE(parse_pounds("."));
  CHECK_FALSE(parse_pounds("12."));
  CHECK_FALSE(parse_pounds("99999999999999999999"));
}

TEST_CASE("pounds_to_pence converts JSON numbers exactly", "[core][money]") {
  CHECK(pounds_to_pence(12.5) == 1250);
  CHECK(pounds_to_pence(0.1) == 10);
  CHECK(pounds_to_pence(1234.56) == 123456);
  CHECK_FALSE(pounds_to_pence(0.125));
  CHECK_FALSE(pounds_to_pence(1e300));
  // A third decimal is refused at every magnitude (once 1500.009 passed as 1500.01).
  for (double third : {999.001, 1500.009, 12345678.999, 1e9 + 0.001, -2500.005}) {
    INFO(third);
    CHECK_FALSE(pounds_to_pence(third));
  }
  CHECK(pounds_to_pence(1500.01) == 150001);
  CHECK(pounds_to_pence(9999999999.99) == 999999999999);
  // A value computed from two-decimal amounts keeps its few ulps of error.
  CHECK(pounds_to_pence(0.1 * 3) == 30);
  CHECK(pounds_to_pence(0.3 * 1000) == 30000);
}

TEST_CASE("format_pounds writes plain numbers with two decimals", "[core][money]") {
  CHECK(format_pounds(0) == "0.00");
  CHECK(format_pounds(5) == "0.05");
  CHECK(format_pounds(123456) == "1234.56");
  CHECK(format_pounds(-1005) == "-10.05");
  CHECK(format_pounds(std::numeric_limits<std::int64_t>::min()) == "-92233720368547758.08");
}
