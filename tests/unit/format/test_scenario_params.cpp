// The declarations of the scenario format against the docs and the model.
#include <catch2/catch.hpp>
#include <functional>
#include <set>

#include "engine/format/scenario_params.hpp"
#include "engine/format/scenario_reader.hpp"
#include "engine/model/states.hpp"
#include "scenario_test_support.hpp"

using namespace pbr;

namespace {

const std::string BEGIN_MARK = "<!-- BEGIN KEY TABLE";
const std::string END_MARK = "<!-- END KEY TABLE -->";

// Every object type reachable from the root.
std::vector<const format::ObjectSpec*> all_object_specs() {
  std::vector<const format::ObjectSpec*> out;
  std::function<void(const format::ValueSpec&)> visit_value;
  std::function<void(const format::ObjectSpec&)> visit = [&](const format::ObjectSpec& spec) {
    if (std::find(out.begin(), out.end(), &spec) != out.end()) return;
    out.push_back(&spec);
    for (const auto& f : spec.fields) visit_value(f.value);
  };
  visit_value = [&](const format::ValueSpec& v) {
    if (v.object) visit(*v.object);
    if (v.element) visit_value(*v.element);
    for (const auto& alt : v.alternatives) visit_value(alt);
  };
  visit(format::scenario_declarations().scenario);
  return out;
}

}  // namespace

TEST_CASE("docs/scenario-format.md carries the key table generated from the declarations",
          "[format][params][docs]") {
  const std::string doc = test::read_text(test::source_path("docs/scenario-format.md"));
  const auto begin = doc.find(BEGIN_MARK);
  const auto end = doc.find(END_MARK);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const auto table_start = doc.find('\n', begin) + 1;
  // If this fails, regenerate the table: pbrsim schema --markdown
  CHECK(doc.substr(table_start, end - table_start) == format::scenario_key_table());
}

TEST_CASE("every declared key is documented and described", "[format][params][docs]") {
  const std::string table = format::scenario_key_table();
  const auto specs = all_object_specs();
  CHECK(specs.size() == 24);  // every member of ScenarioDeclarations is reachable
  for (const auto* spec : specs) {
    CAPTURE(spec->name);
    CHECK_FALSE(spec->description.empty());
    std::set<std::string> keys;
    for (const auto& f : spec->fields) {
      CAPTURE(f.key);
      CHECK(keys.insert(f.key).second);  // declared once
      CHECK_FALSE(f.description.empty());
      CHECK(table.find("." + f.key + "` |") + table.find("`" + f.key + "` |") !=
            2 * std::string::npos);
      // A key is required, or has a default, or says what its absence means.
      CHECK((f.required || !f.default_value.is_null() || !f.default_text.empty() ||
             std::any_of(
                 spec->exactly_one_of.begin(), spec->exactly_one_of.end(),
                 [&](const auto& g) { return std::find(g.begin(), g.end(), f.key) != g.end(); })));
      // Defaults satisfy their own declaration.
      if (!f.default_value.is_null()) CHECK(format::conforms(f.default_value, f.value));
    }
    for (const auto& group : spec->exactly_one_of) {
      for (const auto& key : group) CHECK(spec->field(key) != nullptr);
    }
  }
}

TEST_CASE("state kinds offered by the format are exactly the model's kinds", "[format][params]") {
  const auto* kind = format::scenario_declarations().state.field("kind");
  REQUIRE(kind != nullptr);
  std::vector<std::string> model_kinds;
  for (const auto k : model::ALL_STATE_KINDS) model_kinds.emplace_back(model::to_string(k));
  CHECK(kind->value.enum_values == model_kinds);
}

TEST_CASE("the docs define the cohort of contract-level terms once, as the code computes it",
          "[format][params][docs]") {
  // The runner divides by admissions + existing caseload (sim::detail::RunContext::finish);
  // scenario-format.md once said "admitted clients" while cherry-picking.md said the former.
  const std::string format = test::read_text(test::source_path("docs/scenario-format.md"));
  const std::string picking = test::read_text(test::source_path("docs/cherry-picking.md"));
  CHECK(format.find("the referrals it admitted plus the existing caseload at month 0") !=
        std::string::npos);
  CHECK(format.find("/ admitted clients") == std::string::npos);
  CHECK(format.find("x admitted clients") == std::string::npos);
  CHECK(picking.find("the cohort\n   is the referrals admitted plus the existing caseload") !=
        std::string::npos);
  for (const auto* text : {&format, &picking}) {
    CHECK(text->find("admissions + existing") == std::string::npos);
  }
}
