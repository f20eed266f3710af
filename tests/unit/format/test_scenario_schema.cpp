// `pbrsim schema`: the generated JSON Schema accepts every shipped scenario and fixture (as
// written, and resolved), rejects malformed ones, and never rejects what the reader accepts.
#include <catch2/catch.hpp>

#include "engine/format/json_util.hpp"
#include "engine/format/scenario_reader.hpp"
#include "mini_schema_validator.hpp"
#include "scenario_test_support.hpp"

using nlohmann::json;
using namespace pbr;

namespace {

const test::MiniSchemaValidator& validator() {
  static const test::MiniSchemaValidator v(format::scenario_schema());
  return v;
}

json minimal() {
  return json::parse(test::read_text(test::source_path("tests/data/valid/minimal.json")));
}

std::vector<std::string> valid_files() {
  auto files = test::json_files("scenarios");
  for (const auto& f : test::json_files("tests/data/valid")) files.push_back(f);
  return files;
}

}  // namespace

TEST_CASE("the schema is draft 2020-12 with one definition per object type", "[format][schema]") {
  const json schema = format::scenario_schema();
  CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  for (const char* name : {"scenario", "scenario_patch", "state", "transition", "payment_rule",
                           "behaviour", "behaviour_patch", "group_behaviour_patch", "annotation"})
    CHECK(schema["$defs"].contains(name));
  CHECK(schema["$defs"]["scenario"]["additionalProperties"] == false);
  CHECK(schema["$defs"]["transition"]["oneOf"].size() == 4);
  CHECK_FALSE(schema["$defs"]["scenario_patch"].contains("required"));
}

TEST_CASE("the schema accepts every shipped scenario and valid fixture, as written and resolved",
          "[format][schema]") {
  const auto files = valid_files();
  REQUIRE_FALSE(files.empty());
  for (const auto& path : files) {
    CAPTURE(path);
    CHECK(validator().validate(format::read_json_file(path)).empty());
    CHECK(validator().validate(format::resolve_scenario_document(path)).empty());
  }
  CHECK(validator().validate(format::parse_json_text(test::doc_example_text(), "doc")).empty());
}

TEST_CASE("every shipped scenario and valid fixture passes the reader", "[format][schema]") {
  // scenarios/ is globbed at run time, so a newly shipped scenario is checked automatically.
  for (const auto& path : valid_files()) {
    INFO(path);
    try {
      format::load_scenario(path);
    } catch (const core::InputError& e) {
      FAIL(e.what());
    }
  }
}

TEST_CASE("the schema rejects malformed documents", "[format][schema]") {
  const auto rejects = [](const std::string& patch, const std::string& pointer) {
    json doc = minimal();
    doc.merge_patch(json::parse(patch));
    const auto errors = validator().validate(doc);
    CAPTURE(patch);
    REQUIRE_FALSE(errors.empty());
    CHECK(std::any_of(errors.begin(), errors.end(),
                      [&](const std::string& e) { return e.rfind(pointer + ":", 0) == 0; }));
  };
  rejects(R"({"name": 3})", "/name");
  rejects(R"({"horizon_month": 12})", "/horizon_month");
  rejects(R"({"horizon_months": 0})", "/horizon_months");
  rejects(R"({"horizon_months": 2.5})", "/horizon_months");
  rejects(R"({"states": []})", "/states");
  rejects(R"({"states": [{"name": "a", "kind": "deth"}]})", "/states/0/kind");
  rejects(R"({"groups": [{"name": "g", "share": 1.5, "band": "standard"}]})", "/groups/0/share");
  rejects(R"({"transitions": [{"from": "a", "to": "b", "monthly": 0.1, "annual_rate": 1}]})",
          "/transitions/0");
  rejects(R"({"transitions": [{"from": "a", "to": "b"}]})", "/transitions/0");
  rejects(R"({"economics": {"block_payment_per_month": "12.345"}})",
          "/economics/block_payment_per_month");
  rejects(R"({"economics": {"block_payment_per_month": -1}})",
          "/economics/block_payment_per_month");
  rejects(R"({"economics": {"overflow": "queue"}})", "/economics/overflow");
  rejects(R"({"referrals": {"monthly_rate": "many"}})", "/referrals/monthly_rate");
  rejects(R"({"referrals": {"admission_state": null}})", "/referrals");
  rejects(R"({"notes": 5})", "/notes");
  rejects(R"({"behaviours": {"b": {"groups": {"*": {"cost_multiplier": -1}}}}})",
          "/behaviours/b/groups/*/cost_multiplier");
  CHECK_FALSE(validator().validate(json::array()).empty());
}

TEST_CASE("a file with extends is checked as a merge patch", "[format][schema]") {
  const auto errors = [](const std::string& text) {
    return validator().validate(json::parse(text));
  };
  CHECK(errors(R"({"extends": "base.json", "horizon_months": 24})").empty());
  CHECK(errors(R"({"extends": "b.json", "economics": {"capacity": null, "overflow": null}})")
            .empty());
  CHECK(errors(R"({"extends": "b.json", "referrals": {"monthly_rate": 4}})").empty());
  CHECK_FALSE(errors(R"({"extends": "b.json", "horizon_month": 24})").empty());
  CHECK_FALSE(errors(R"({"extends": "b.json", "referrals": {"rate": 4}})").empty());
  // Arrays replace their base whole, so their elements must be complete.
  CHECK_FALSE(errors(R"({"extends": "b.json", "bands": [{"description": "no name"}]})").empty());
  CHECK_FALSE(errors(R"({"horizon_months": 24})").empty());  // without extends: incomplete
}

TEST_CASE("the mini validator reports keywords it does not know", "[format][schema]") {
  const test::MiniSchemaValidator v(json::parse(R"({"type": "object", "patternProperties": {}})"));
  CHECK(v.validate(json::object()) ==
        std::vector<std::string>{": unsupported schema keyword 'patternProperties'"});
}
