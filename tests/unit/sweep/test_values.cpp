#include "engine/sweep/values.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using pbr::sweep::decimal_range;
using pbr::sweep::make_value;
using pbr::sweep::parse_values;
using pbr::sweep::Value;

namespace {
std::vector<std::string> labels(const std::vector<Value>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.label);
  return out;
}
std::vector<std::string> jsons(const std::vector<Value>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.json);
  return out;
}
}  // namespace

TEST_CASE("a comma list gives numbers, booleans, null and strings", "[sweep][values]") {
  const auto v = parse_values("1, 0.10 ,3.0,-2,1e-3,true,false,null,park");
  CHECK(jsons(v) == std::vector<std::string>{"1", "0.1", "3", "-2", "0.001", "true", "false",
                                             "null", "\"park\""});
  CHECK(labels(v) ==
        std::vector<std::string>{"1", "0.1", "3", "-2", "0.001", "true", "false", "null", "park"});
}

TEST_CASE("quoted JSON strings may hold commas and colons", "[sweep][values]") {
  const auto v = parse_values(R"("a,b", "c:d",e)");
  CHECK(jsons(v) == std::vector<std::string>{R"("a,b")", R"("c:d")", R"("e")"});
  CHECK(labels(v) == std::vector<std::string>{"a,b", "c:d", "e"});
}

TEST_CASE("a JSON array lists values, including arrays and objects", "[sweep][values]") {
  const auto v = parse_values(R"([[0.1, 0.2], {"a": 1}, "x", 3])");
  CHECK(jsons(v) == std::vector<std::string>{"[0.1,0.2]", R"({"a":1})", R"("x")", "3"});
  CHECK(labels(v) == std::vector<std::string>{"[0.1,0.2]", R"({"a":1})", "x", "3"});
}

TEST_CASE("ranges step exactly in decimal and include the stop", "[sweep][values]") {
  CHECK(labels(parse_values("0:0.3:0.05")) ==
        std::vector<std::string>{"0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3"});
  CHECK(labels(parse_values("3:12:3")) == std::vector<std::string>{"3", "6", "9", "12"});
  // 0.1 + 0.1 + 0.1 in binary is 0.30000000000000004; the range gives 0.3 exactly.
  const auto v = parse_values("0.1:0.3:0.1");
  REQUIRE(v.size() == 3);
  CHECK(v[2].json == "0.3");
  CHECK(nlohmann::json::parse(v[2].json).get<double>() == 0.3);
  // A stop off the grid ends at the last value below it; steps may count down.
  CHECK(labels(parse_values("0:1:0.3")) == std::vector<std::string>{"0", "0.3", "0.6", "0.9"});
  CHECK(labels(parse_values("1:0:-0.25")) ==
        std::vector<std::string>{"1", "0.75", "0.5", "0.25", "0"});
  CHECK(labels(parse_values("-1:1:1")) == std::vector<std::string>{"-1", "0", "1"});
  CHECK(labels(parse_values("5:5:1")) == std::vector<std::string>{"5"});
  CHECK(labels(decimal_range("0.000001", "0.000003", "0.000001")) ==
        std::vector<std::string>{"0.000001", "0.000002", "0.000003"});
  // Whole values are JSON integers (month fields accept them).
  CHECK(parse_values("0:2:0.5")[2].json == "1");
}

TEST_CASE("malformed values are reported verbatim", "[sweep][values]") {
  using Catch::Matchers::Equals;
  CHECK_THROWS_WITH(parse_values(""), Equals("no values given"));
  CHECK_THROWS_WITH(parse_values("1,,2"), Equals("empty value at position 2 in '1,,2'"));
  CHECK_THROWS_WITH(parse_values("1,2,"), Equals("empty value at position 3 in '1,2,'"));
  CHECK_THROWS_WITH(parse_values("0:1:0"), Equals("bad range '0:1:0': STEP must not be zero"));
  CHECK_THROWS_WITH(parse_values("1:0:1"),
                    Equals("bad range '1:0:1': STEP must go from START towards STOP"));
  CHECK_THROWS_WITH(parse_values("0:1"), Equals("bad range '0:1': expected START:STOP:STEP"));
  CHECK_THROWS_WITH(parse_values("0:1:2:3"),
                    Equals("bad range '0:1:2:3': expected START:STOP:STEP"));
  CHECK_THROWS_WITH(parse_values("a:1:1"),
                    Equals("bad range 'a:1:1': START 'a' is not a plain decimal number (digits, "
                           "optional sign and decimal point, at most 15 significant digits)"));
  CHECK_THROWS_WITH(parse_values("0:1:1e-2"),
                    Equals("bad range '0:1:1e-2': STEP '1e-2' is not a plain decimal number "
                           "(digits, optional sign and decimal point, at most 15 significant "
                           "digits)"));
  CHECK_THROWS_WITH(parse_values("0:1000000:1"),
                    Equals("bad range '0:1000000:1': it would give 1000001 values; at most "
                           "100000 are allowed"));
  CHECK_THROWS_WITH(parse_values("0:1:0.1,2"),
                    Equals("a range START:STOP:STEP cannot be mixed with a list in '0:1:0.1,2'; "
                           "quote a string that contains ':'"));
  CHECK_THROWS_WITH(parse_values(".5"), Equals("'.5' is not a valid number"));
  CHECK_THROWS_WITH(parse_values("1.5.2"), Equals("'1.5.2' is not a valid number"));
  CHECK_THROWS_WITH(parse_values("[1,"), Equals("'[1,' is not a valid JSON array"));
  CHECK_THROWS_WITH(parse_values("[]"), Equals("the JSON array '[]' has no values"));
  CHECK_THROWS_WITH(parse_values(R"("abc)"), Equals(R"(unterminated string in '"abc')"));
  CHECK_THROWS_WITH(parse_values(R"("a" b)"), Equals(R"(expected ',' after "a" in '"a" b')"));
  CHECK_THROWS_WITH(parse_values(R"(a"b)"),
                    Equals(R"(stray '"' in 'a"b'; write a string with quotes as a JSON string)"));
}

TEST_CASE("make_value keeps the JSON text and derives the label", "[sweep][values]") {
  CHECK(make_value("0.000001") == Value{"0.000001", "0.000001"});
  CHECK(make_value(R"("a b")") == Value{R"("a b")", "a b"});
  CHECK(make_value("[1,2]") == Value{"[1,2]", "[1,2]"});
}

TEST_CASE("a value that is not UTF-8 is a syntax error, not a crash", "[sweep][values]") {
  // Found by tests/fuzz/fuzz_values: nlohmann's type_error escaped as an internal error.
  CHECK_THROWS_WITH(pbr::sweep::parse_values("\x9f\xd3\xdf\xd3."),
                    "a value is not valid UTF-8 text");
}

TEST_CASE("deeply nested JSON values are refused, not a crash", "[sweep][values][limits]") {
  using Catch::Matchers::Equals;
  const std::string deep = std::string(60000, '[') + "1" + std::string(60000, ']');
  const std::string message =
      "JSON value nested more than 64 levels deep (at character 65); values are limited to 64 "
      "levels";
  CHECK_THROWS_WITH(parse_values(deep), Equals(message));
  CHECK_THROWS_WITH(pbr::sweep::value_from_json(deep), Equals(message));
  CHECK_THROWS_WITH(
      parse_values("[\"[[[\"," + std::string(64, '[') + "1" + std::string(65, ']')),
      Equals("JSON value nested more than 64 levels deep (at character 71); values are limited "
             "to 64 levels"));
  const std::string ok = std::string(63, '[') + "1" + std::string(63, ']');
  CHECK(parse_values("[" + ok + "]").size() == 1);
  CHECK(parse_values("[\"" + std::string(100, '[') + "\"]").size() == 1);
}
