// JSON helpers: line and column of parse errors, depth limit, value rendering, pointers.
#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"
#include "engine/format/json_util.hpp"

using namespace pbr;
using namespace pbr::format;

namespace {

std::string parse_message(const std::string& text) {
  try {
    parse_json_text(text, "f.json");
  } catch (const core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0].to_string();
  }
  return "(parsed)";
}

}  // namespace

TEST_CASE("position_of counts lines and columns from 1", "[format][json]") {
  const std::string text = "ab\ncd\n\nef";
  CHECK(position_of(text, 0).line == 1);
  CHECK(position_of(text, 0).column == 1);
  CHECK(position_of(text, 1).column == 2);
  CHECK(position_of(text, 3).line == 2);
  CHECK(position_of(text, 3).column == 1);
  CHECK(position_of(text, 7).line == 4);
  CHECK(position_of(text, 8).column == 2);
  CHECK(position_of(text, 100).line == 4);  // clamped to the end
}

TEST_CASE("malformed JSON is reported with the line and column of the problem", "[format][json]") {
  CHECK(parse_message("{\n  \"a\": 1,\n  \"b\": ]\n}") ==
        "f.json: /: malformed JSON at line 3, column 8: syntax error while parsing value - "
        "unexpected ']'; expected '[', '{', or a literal");
  CHECK(parse_message("{\"a\": tru}") ==
        "f.json: /: malformed JSON at line 1, column 10: syntax error while parsing value - "
        "invalid literal; last read: '\"a\": tru}'");
  CHECK(parse_message("{\"a\": 1}\n{}") ==
        "f.json: /: malformed JSON at line 2, column 1: syntax error while parsing value - "
        "unexpected '{'; expected end of input");
  CHECK(parse_message("{\"a\": 1") ==
        "f.json: /: malformed JSON at line 1, column 8: syntax error while parsing object - "
        "unexpected end of input; expected '}'");
  CHECK(parse_message("") == "f.json: /: empty file; expected a JSON object");
  CHECK(parse_message(std::string(65, '[') + std::string(65, ']')) ==
        "f.json: /: JSON nested more than 64 levels deep; a scenario never needs that");
  CHECK(parse_message(std::string(64, '[') + std::string(64, ']')) == "(parsed)");
  // Very deep input is parsed without recursion and then refused.
  CHECK(parse_message(std::string(100000, '[') + std::string(100000, ']')).find("nested") !=
        std::string::npos);
}

TEST_CASE("json_depth counts nesting without recursion", "[format][json]") {
  CHECK(json_depth(nlohmann::json(3)) == 0);
  CHECK(json_depth(nlohmann::json::array()) == 1);
  CHECK(json_depth(nlohmann::json::parse(R"({"a": [1, {"b": []}], "c": {}})")) == 4);
}

TEST_CASE("values are rendered compactly for messages", "[format][json]") {
  CHECK(render_value(nlohmann::json(-5)) == "-5");
  CHECK(render_value(nlohmann::json(0.1)) == "0.1");
  CHECK(render_value(nlohmann::json("x")) == "\"x\"");
  CHECK(render_value(nlohmann::json::parse(R"({"a": [1, 2]})")) == R"({"a":[1,2]})");
  const std::string long_text(200, 'z');
  const auto rendered = render_value(nlohmann::json(long_text));
  CHECK(rendered.size() == 60);
  CHECK(rendered.substr(57) == "...");
  CHECK(describe_type(nlohmann::json::array()) == "an array");
  CHECK(describe_type(nlohmann::json(1.5)) == "a number");
}

TEST_CASE("pointers escape their tokens and numbers format for messages", "[format][json]") {
  CHECK(pointer_append("/a", "b/c~d") == "/a/b~1c~0d");
  CHECK(pointer_append("", std::size_t{3}) == "/3");
  CHECK(join_names({}) == "(none)");
  CHECK(join_names({"a", "b"}) == "a, b");
  CHECK(format_number(0.3) == "0.3");
  CHECK(format_number(1e-7) == "1e-07");
  CHECK(format_approx(0.1 + 0.2 + 0.75) == "1.05");
}

TEST_CASE("a number too large for a double is bad input, located by its pointer",
          "[format][json]") {
  CHECK(parse_message("{\"run\": {\"seed\": 1e400}}") ==
        "f.json: /run/seed: number 1e400 is out of range (a double holds magnitudes up to about "
        "1.8e308)");
  CHECK(parse_message("{\"a\": [1, -2e999]}") ==
        "f.json: /a/1: number -2e999 is out of range (a double holds magnitudes up to about "
        "1.8e308)");
  CHECK(parse_message("1e400") ==
        "f.json: /: number 1e400 is out of range (a double holds magnitudes up to about "
        "1.8e308)");
  // Tiny numbers round to zero, and integers too long for 64 bits become doubles: both fine.
  CHECK(parse_message("{\"a\": 1e-400, \"b\": 123456789012345678901234567890}") == "(parsed)");
}

TEST_CASE("a key repeated in one object is rejected, located by its pointer", "[format][json]") {
  CHECK(parse_message("{\"run\": {\"seed\": 1, \"replications\": 2, \"seed\": 3}}") ==
        "f.json: /run/seed: key \"seed\" appears more than once in the object; a key may appear "
        "only once");
  CHECK(parse_message("{\"a\": [{\"x~/\": 1, \"x~/\": 1}]}") ==
        "f.json: /a/0/x~0~1: key \"x~/\" appears more than once in the object; a key may appear "
        "only once");
  // The same key in different objects is fine.
  const auto doc = parse_json_text(R"({"a": {"k": 1}, "b": {"k": [{"k": 2}, {"k": 3}]}})", "f");
  CHECK(doc.dump() == R"({"a":{"k":1},"b":{"k":[{"k":2},{"k":3}]}})");
}

TEST_CASE("the checked parser builds the same document as nlohmann's", "[format][json]") {
  const std::string text =
      R"({"s": "t\u00e9", "i": -3, "u": 18446744073709551615, "d": 0.25, "b": [true, false,
          null], "o": {}, "e": [], "n": [[1], {"x": {"y": [2.5e3]}}]})";
  CHECK(parse_json_text(text, "f") == nlohmann::json::parse(text));
  CHECK(parse_json_text("[]", "f") == nlohmann::json::array());
  CHECK(parse_json_text("\"x\"", "f") == nlohmann::json("x"));
}

TEST_CASE("join_names lists at most 20 names and counts the rest", "[format][json_util][limits]") {
  std::vector<std::string> names;
  for (int i = 0; i < 25; ++i) names.push_back("n" + std::to_string(i));
  CHECK(pbr::format::join_names(names) ==
        "n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11, n12, n13, n14, n15, n16, n17, n18, "
        "n19 ... and 5 more");
  names.resize(20);
  CHECK(pbr::format::join_names(names).find("more") == std::string::npos);
}
