// The declaration framework on a small made-up object type: structural checks, messages,
// defaults and the guard against reading undeclared keys.
#include <catch2/catch.hpp>

#include "engine/format/param_spec.hpp"

using nlohmann::json;
using namespace pbr;
using namespace pbr::format;

namespace {

struct Fixture {
  ObjectSpec inner{"inner",
                   "an inner object",
                   {FieldSpec{"k", integer(1, 10, "months"), true, nullptr, "", "k", ""}}};
  ObjectSpec outer{
      "outer",
      "a test object",
      {FieldSpec{"count", integer(0, 100, "clients"), true, nullptr, "", "a count", ""},
       FieldSpec{"p", probability(), false, 0.5, "", "a probability", ""},
       FieldSpec{"kind", choice({"alpha", "beta"}, "test kind", "kinds"), false, "alpha", "",
                 "a kind", ""},
       FieldSpec{"price", money(true), false, 0, "", "a price", ""},
       FieldSpec{"flag", boolean_value(), false, false, "", "a flag", ""},
       FieldSpec{"label", text(true), false, nullptr, "none", "a label", ""},
       FieldSpec{"cap", or_null(integer(0, std::nullopt, "")), false, nullptr, "none", "", ""},
       FieldSpec{"inner", object_of(inner), false, nullptr, "", "", ""},
       FieldSpec{"items", array_of(object_of(inner), 1), false, nullptr, "", "", ""},
       FieldSpec{"names", array_of(text(true)), false, json::array(), "", "", ""},
       FieldSpec{"amounts", map_of(money(true)), false, json::object(), "", "", ""},
       FieldSpec{"rate",
                 union_of({number(0.0, std::nullopt, ""), array_of(object_of(inner))},
                          "a number or an array of inner objects"),
                 false, 0, "", "", ""},
       FieldSpec{"x", number(std::nullopt, std::nullopt, ""), false, nullptr, "", "", ""},
       FieldSpec{"y", number(std::nullopt, std::nullopt, ""), false, nullptr, "", "", ""}}};
  Fixture() { outer.exactly_one_of = {{"x", "y"}}; }

  std::vector<std::string> problems(const json& doc) const {
    core::DiagnosticList out;
    check_object(doc, outer, "", "f.json", out);
    std::vector<std::string> lines;
    for (const auto& d : out.items()) lines.push_back(d.to_string());
    return lines;
  }
};

}  // namespace

TEST_CASE("a conforming object has no problems", "[format][param]") {
  const Fixture f;
  CHECK(f.problems(json::parse(R"({"count": 3, "x": 1, "p": 0.25, "kind": "beta",
      "price": "12.50", "flag": true, "label": "a", "cap": null, "inner": {"k": 2},
      "items": [{"k": 1}], "names": ["a"], "amounts": {"a": 1, "b": "2.5"}, "rate": [{"k": 3}],
      "notes": ["free", "text"], "source": "somewhere"})"))
            .empty());
}

TEST_CASE("each kind of structural problem has its message", "[format][param]") {
  const Fixture f;
  const auto one = [&](const std::string& extra) {
    auto doc = json::parse(R"({"count": 3, "x": 1})");
    doc.merge_patch(json::parse(extra));
    return f.problems(doc);
  };
  using V = std::vector<std::string>;
  CHECK(one(R"({"count": 101})") ==
        V{"f.json: /count: expected an integer from 0 to 100, got 101"});
  CHECK(one(R"({"count": 2.0})") ==
        V{"f.json: /count: expected an integer from 0 to 100, got 2.0"});
  CHECK(one(R"({"count": "3"})") ==
        V{"f.json: /count: expected an integer from 0 to 100, got \"3\""});
  CHECK(one(R"({"count": 18446744073709551615})") ==
        V{"f.json: /count: expected an integer from 0 to 100, got 18446744073709551615"});
  CHECK(one(R"({"p": 1.01})") == V{"f.json: /p: expected a probability from 0 to 1, got 1.01"});
  CHECK(one(R"({"kind": "gamma"})") ==
        V{"f.json: /kind: unknown test kind 'gamma'; valid kinds: alpha, beta"});
  CHECK(one(R"({"kind": 1})") == V{"f.json: /kind: expected one of alpha, beta, got 1"});
  CHECK(one(R"({"price": -1})") ==
        V{"f.json: /price: expected pounds >= 0 with at most two decimals, got -1"});
  CHECK(one(R"({"price": 1.005})") ==
        V{"f.json: /price: expected pounds >= 0 with at most two decimals, got 1.005"});
  CHECK(one(R"({"flag": "yes"})") == V{"f.json: /flag: expected true or false, got \"yes\""});
  CHECK(one(R"({"label": ""})") == V{"f.json: /label: expected a non-empty string, got \"\""});
  CHECK(one(R"({"cap": -1})") == V{"f.json: /cap: expected an integer >= 0 or null, got -1"});
  CHECK(one(R"({"inner": {}})") == V{"f.json: /inner: missing required key 'k'"});
  CHECK(one(R"({"inner": 5})") == V{"f.json: /inner: expected an object, got 5"});
  CHECK(one(R"({"items": []})") == V{"f.json: /items: expected a non-empty array, got []"});
  CHECK(one(R"({"items": [{"k": 0}]})") ==
        V{"f.json: /items/0/k: expected an integer from 1 to 10, got 0"});
  CHECK(one(R"({"names": ["a", ""]})") ==
        V{"f.json: /names/1: expected a non-empty string, got \"\""});
  CHECK(one(R"({"amounts": {"a/b": -2}})") ==
        V{"f.json: /amounts/a~1b: expected pounds >= 0 with at most two decimals, got -2"});
  CHECK(one(R"({"rate": "fast"})") ==
        V{"f.json: /rate: expected a number or an array of inner objects, got \"fast\""});
  CHECK(one(R"({"rate": -1})") == V{"f.json: /rate: expected a number >= 0, got -1"});
  CHECK(one(R"({"rate": [{"k": 11}]})") ==
        V{"f.json: /rate/0/k: expected an integer from 1 to 10, got 11"});
  CHECK(one(R"({"notes": 4})") ==
        V{"f.json: /notes: expected a string or an array of strings, got 4"});
  CHECK(one(R"({"cuont": 4})") == V{"f.json: /cuont: unknown key 'cuont'; did you mean 'count'?"});
  CHECK(one(R"({"zzzzzzzz": 4})") ==
        V{"f.json: /zzzzzzzz: unknown key 'zzzzzzzz'; valid keys: count, p, kind, price, flag, "
          "label, cap, inner, items, names, amounts, rate, x, y, notes, source"});
  CHECK(one(R"({"y": 2})") == V{"f.json: /: expected exactly one of x, y, got x and y"});
  CHECK(one(R"({"x": null})") == V{"f.json: /: expected exactly one of x, y"});
  CHECK(f.problems(json::parse(R"({"x": 1})")) == V{"f.json: /: missing required key 'count'"});
  CHECK(f.problems(json::array()) == V{"f.json: /: expected an object, got []"});
}

TEST_CASE("DeclaredObject returns conforming values, else declared defaults", "[format][param]") {
  const Fixture f;
  const json doc = json::parse(R"({"count": 300, "p": 0.2, "price": "7.05", "cap": null,
      "kind": "gamma", "items": [{"k": 1}, 7, {"k": 2}], "names": ["a", 3, "b"],
      "amounts": {"a": 1, "b": -1}, "inner": {"k": 4}, "notes": ["one", "two"]})");
  const DeclaredObject obj(&doc, &f.outer, "/root");
  CHECK_FALSE(obj.integer("count").has_value());  // out of range and no default
  CHECK(obj.number("p") == 0.2);
  CHECK(obj.money("price") == 705);
  CHECK(obj.string("kind") == "alpha");  // invalid: the default
  CHECK(obj.boolean("flag") == false);   // absent: the default
  CHECK_FALSE(obj.string("label").has_value());
  CHECK_FALSE(obj.integer("cap").has_value());
  CHECK_FALSE(obj.has("cap"));
  CHECK(obj.has("p"));
  CHECK(obj.object("inner").integer("k") == 4);
  CHECK(obj.object("inner").pointer() == "/root/inner");
  const auto items = obj.objects("items");
  REQUIRE(items.size() == 2);
  CHECK(items[1].pointer() == "/root/items/2");
  const auto names = obj.strings("names");
  REQUIRE(names.size() == 2);
  CHECK(names[1].pointer == "/root/names/2");
  CHECK(obj.members("amounts").size() == 1);
  CHECK(obj.members("amounts", true).size() == 2);
  CHECK(obj.annotation("notes") == "one\ntwo");
  CHECK(obj.number("rate") == 0.0);
  CHECK_THROWS_AS(obj.integer("undeclared"), std::logic_error);
  CHECK_THROWS_AS(obj.has("notes"), std::logic_error);  // annotations are not parameters

  const DeclaredObject absent(nullptr, &f.inner, "/absent");
  CHECK_FALSE(absent.present());
  CHECK_FALSE(absent.integer("k").has_value());
}

TEST_CASE("money_pence reads numbers and strings of pounds exactly", "[format][param][money]") {
  CHECK(money_pence(json(12)) == 1200);
  CHECK(money_pence(json(12.5)) == 1250);
  CHECK(money_pence(json(0.29)) == 29);
  CHECK(money_pence(json(-3.25)) == -325);
  CHECK(money_pence(json("1250.50")) == 125050);
  CHECK(money_pence(json("-0.5")) == -50);
  CHECK(money_pence(json(std::uint64_t{18446744073709551615ULL})) == std::nullopt);
  CHECK(money_pence(json(std::int64_t{-9223372036854775807LL})) == std::nullopt);
  CHECK(money_pence(json(1e300)) == std::nullopt);
  CHECK(money_pence(json(0.001)) == std::nullopt);
  CHECK(money_pence(json("0.001")) == std::nullopt);
  CHECK(money_pence(json("1,000")) == std::nullopt);
  CHECK(money_pence(json(true)) == std::nullopt);
  CHECK(money_pence(json(nullptr)) == std::nullopt);
}

TEST_CASE("conforms checks only the shape of containers", "[format][param]") {
  const Fixture f;
  const auto& items = f.outer.field("items")->value;
  CHECK(conforms(json::parse(R"([{"k": 99}])"), items));  // elements are not examined
  CHECK_FALSE(conforms(json::array(), items));
  CHECK_FALSE(conforms(json::object(), items));
  CHECK(f.outer.keys().back() == "source");
  CHECK(f.outer.field("nope") == nullptr);
}

TEST_CASE("csv_name values and map keys never read as spreadsheet formulas", "[format][param]") {
  const auto problems = [](const json& value, const ValueSpec& spec) {
    core::DiagnosticList out;
    check_value(value, spec, "/n", "f.json", out);
    std::vector<std::string> lines;
    for (const auto& d : out.items()) lines.push_back(d.to_string());
    return lines;
  };
  const std::string rule =
      ", which a spreadsheet reads as a formula; names may not start with =, +, -, @, tab or "
      "carriage return";
  const auto name = csv_name(text(true));
  CHECK(problems("high", name).empty());
  CHECK(problems("a=b", name).empty());
  CHECK(problems("\rx", name) ==
        std::vector<std::string>{"f.json: /n: name '\rx' starts with a carriage return" + rule});
  CHECK(problems("+1", name) ==
        std::vector<std::string>{"f.json: /n: name '+1' starts with '+'" + rule});
  CHECK_FALSE(conforms("=x", name));  // the reader treats it as missing: no follow-on errors
  CHECK(conforms("=x", text(true)));  // free text is not a name
  const auto attributes = csv_name(map_of(csv_name(text())));
  CHECK(problems(json{{"-k", "v"}, {"k", "@v"}}, attributes) ==
        std::vector<std::string>{"f.json: /n/-k: name '-k' starts with '-'" + rule,
                                 "f.json: /n/k: name '@v' starts with '@'" + rule});
  CHECK(problems(json{{"k", ""}}, attributes).empty());  // an empty value is no formula
}
