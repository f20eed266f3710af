// `extends` layering: RFC 7386 merge patch semantics, relative base paths, chains, cycles.
#include <catch2/catch.hpp>

#include "engine/format/scenario_reader.hpp"
#include "scenario_test_support.hpp"

using nlohmann::json;
using namespace pbr;

namespace {

std::string only_message(const std::string& path) {
  try {
    format::resolve_scenario_document(path);
  } catch (const core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics()[0].to_string();
  }
  return "(resolved)";
}

}  // namespace

TEST_CASE("merge_patch follows the examples of RFC 7386 appendix A", "[format][extends]") {
  // (target, patch, result) triples copied from the RFC.
  const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", R"(null)", R"(null)"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const auto& [target, patch, result] : cases) {
    json t = json::parse(target);
    format::merge_patch(t, json::parse(patch));
    CAPTURE(target, patch);
    CHECK(t == json::parse(result));
  }
}

TEST_CASE("a variant overrides its base: objects merge, arrays replace, null deletes",
          "[format][extends]") {
  test::TempDir dir;
  dir.write("base.json", R"({"name": "base", "horizon_months": 12,
      "referrals": {"starting_cohort": 5, "monthly_rate": 3},
      "economics": {"capacity": 40, "overflow": "turn_away"},
      "bands": [{"name": "a"}, {"name": "b"}]})");
  std::filesystem::create_directories(dir.file("variants"));
  const auto variant = dir.write("variants/v.json", R"({"extends": "../base.json",
      "name": "variant", "referrals": {"monthly_rate": 4},
      "economics": {"capacity": null}, "bands": [{"name": "c"}]})");
  const json resolved = format::resolve_scenario_document(variant);
  CHECK(resolved == json::parse(R"({"name": "variant", "horizon_months": 12,
      "referrals": {"starting_cohort": 5, "monthly_rate": 4},
      "economics": {"overflow": "turn_away"}, "bands": [{"name": "c"}]})"));
}

TEST_CASE("chains resolve innermost base first, each path relative to its file",
          "[format][extends]") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("one/two"));
  dir.write("root.json", R"({"name": "root", "horizon_months": 12, "notes": "root"})");
  dir.write("one/mid.json", R"({"extends": "../root.json", "horizon_months": 24})");
  const auto leaf = dir.write("one/two/leaf.json", R"({"extends": "../mid.json", "name": "leaf"})");
  CHECK(format::resolve_scenario_document(leaf) ==
        json::parse(R"({"name": "leaf", "horizon_months": 24, "notes": "root"})"));
}

TEST_CASE("cycles, missing bases and bad extends values are named", "[format][extends]") {
  test::TempDir dir;
  const auto a = dir.write("a.json", R"({"extends": "b.json"})");
  const auto b = dir.write("b.json", R"({"extends": "c.json"})");
  const auto c = dir.write("c.json", R"({"extends": "a.json"})");
  CHECK(only_message(a) ==
        c + ": /extends: extends cycle: " + a + " -> " + b + " -> " + c + " -> " + a);
  const auto self = dir.write("self.json", R"({"extends": "./self.json"})");
  CHECK(only_message(self) == self + ": /extends: extends cycle: " + self + " -> " + self);
  const auto lost = dir.write("lost.json", R"({"extends": "gone.json"})");
  CHECK(only_message(lost) ==
        lost + ": /extends: base file '" + dir.file("gone.json") + "' not found");
  const auto number = dir.write("number.json", R"({"extends": 3})");
  CHECK(only_message(number) == number +
                                    ": /extends: expected a non-empty string (a path relative "
                                    "to this file), got 3");
  const auto empty = dir.write("empty.json", R"({"extends": ""})");
  CHECK(only_message(empty) == empty +
                                   ": /extends: expected a non-empty string (a path relative to "
                                   "this file), got \"\"");
  const auto folder = dir.write("folder.json", R"({"extends": "."})");
  CHECK(only_message(folder) == dir.file("") + ": /: is a directory; expected a JSON file");
}

TEST_CASE("a broken base is reported against the base file", "[format][extends]") {
  test::TempDir dir;
  const auto base = dir.write("base.json", "{\n  \"name\": 1,\n  oops\n}");
  const auto child = dir.write("child.json", R"({"extends": "base.json"})");
  CHECK(only_message(child) ==
        base +
            ": /: malformed JSON at line 3, column 3: syntax error while parsing object key "
            "- invalid literal; last read: '1,<U+000A>  o'; expected string literal");
}

TEST_CASE("chains longer than the limit are refused", "[format][extends]") {
  test::TempDir dir;
  const int n = format::MAX_EXTENDS_DEPTH + 2;
  for (int i = 0; i < n; ++i) {
    dir.write("f" + std::to_string(i) + ".json",
              R"({"extends": "f)" + std::to_string(i + 1) + R"(.json"})");
  }
  dir.write("f" + std::to_string(n) + ".json", R"({"name": "end"})");
  const std::string message = only_message(dir.file("f0.json"));
  CHECK(message.find("extends chain longer than 16 files: ") != std::string::npos);
  // A chain within the limit resolves.
  CHECK(format::resolve_scenario_document(dir.file("f4.json")) ==
        json::parse(R"({"name": "end"})"));
}
