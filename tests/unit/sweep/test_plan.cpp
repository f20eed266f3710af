#include "engine/sweep/plan.hpp"

#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"
#include "fake_sweep.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using pbr::sweep::check_plan;
using pbr::sweep::Design;
using pbr::sweep::parse_set_option;
using pbr::sweep::read_plan;
using pbr::sweep::SweepPlan;

namespace {
std::string write_plan(const std::string& dir, const std::string& text) {
  const std::string path = dir + "/p.sweep.json";
  pbr::test::spit(path, text);
  return path;
}
}  // namespace

TEST_CASE("a plan file is read with every key", "[sweep][plan]") {
  const auto dir = pbr::test::scratch_dir("plan_ok");
  const auto path = write_plan(dir, R"json({
    "scenario": "../base.json", "description": "d", "notes": ["n"], "design": "zip",
    "parameters": [
      {"name": "window", "pointer": "/a/months", "values": "3:6:3"},
      {"name": "share", "values": [0, 0.25]}],
    "derived": [{"pointer": "/a/fee", "value": "round(share * 100, 2)"}],
    "strategies": ["admit_all", "park"], "seed": 42, "replications": 7})json");
  const SweepPlan plan = read_plan(path);
  CHECK(plan.path == path);
  CHECK(plan.scenario == (std::filesystem::path(dir).parent_path() / "base.json").string());
  CHECK(plan.design == Design::zip);
  REQUIRE(plan.parameters.size() == 2);
  CHECK(plan.parameters[0].name == "window");
  CHECK(plan.parameters[0].values[1].json == "6");
  CHECK(plan.parameters[1].pointer.empty());
  CHECK(plan.parameters[1].values[1].json == "0.25");
  REQUIRE(plan.derived.size() == 1);
  CHECK(plan.derived[0].expression == "round(share * 100, 2)");
  CHECK(plan.strategies == std::vector<std::string>{"admit_all", "park"});
  CHECK(plan.seed == 42u);
  CHECK(plan.replications == 7);
}

TEST_CASE("plan problems are all reported with file and pointer", "[sweep][plan]") {
  const auto dir = pbr::test::scratch_dir("plan_bad");
  const auto path = write_plan(dir, R"json({
    "scenario": "b.json", "desing": "grid", "design": "cube",
    "parameters": [{"name": "w", "pointer": "/a", "values": "0:1:0"},
                   {"name": "x", "pointer": "/b", "values": []}],
    "seed": -1, "replications": 0})json");
  try {
    read_plan(path);
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Contains(path + ": /desing: unknown key 'desing'; did you mean 'design'?"));
    CHECK_THAT(what, Contains(path + ": /design: unknown design 'cube'; valid designs: grid, zip"));
    CHECK_THAT(what,
               Contains(path + ": /parameters/0/values: bad range '0:1:0': STEP must not be zero"));
    CHECK_THAT(what, Contains(path + ": /parameters/1/values: expected a non-empty array"));
    CHECK_THAT(what, Contains(path + ": /seed: expected an integer 0 .. 2^64-1, got -1"));
    CHECK_THAT(what, Contains(path + ": /replications: expected an integer 1 .. 1000000, got 0"));
    CHECK(e.diagnostics().size() == 6);
  }
}

TEST_CASE("plan names and string values never read as spreadsheet formulas", "[sweep][plan]") {
  const auto dir = pbr::test::scratch_dir("plan_formula");
  const auto values = write_plan(dir, R"json({
    "scenario": "b.json",
    "parameters": [{"name": "s", "pointer": "/b", "values": ["ok", "=cmd"]},
                   {"name": "t", "pointer": "/c", "values": "x,@y"}]})json");
  const std::string rule =
      ", which a spreadsheet reads as a formula; string values may not start with =, +, -, @, "
      "tab or carriage return";
  try {
    read_plan(values);
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Contains(values +
                              ": /parameters/0/values/1: string value '=cmd' starts "
                              "with '='" +
                              rule));
    CHECK_THAT(what, Contains(values +
                              ": /parameters/1/values: string value '@y' starts with "
                              "'@'" +
                              rule));
    CHECK(e.diagnostics().size() == 2);
  }
  const auto name = write_plan(dir, R"json({
    "scenario": "b.json", "parameters": [{"name": "@w", "pointer": "/a", "values": "1,2"}]})json");
  CHECK_THROWS_WITH(read_plan(name),
                    Contains(name + ": /parameters/0: bad name '@w': use letters, digits and "
                                    "'_', starting with a letter or '_'"));
}

TEST_CASE("check_plan: zip lengths, duplicates and derived names", "[sweep][plan]") {
  SweepPlan plan;
  plan.path = "p.json";
  plan.design = Design::zip;
  plan.parameters = {parse_set_option("a=/x=1,2,3"), parse_set_option("b=/y=1,2"),
                     parse_set_option("a=/x=5")};
  plan.derived = {{"/z", "round(alpha * 2, 0)"}, {"/y", "a"}};
  try {
    check_plan(plan, "p.json");
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Contains("p.json: /parameters/2: pointer '/x' is swept twice"));
    CHECK_THAT(what, Contains("p.json: /parameters/2: name 'a' is used twice"));
    CHECK_THAT(what, Contains("p.json: /parameters/1: design zip needs equally long value lists: "
                              "'b' has 2 values, 'a' has 3"));
    CHECK_THAT(what, Contains("p.json: /derived/0: unknown parameter 'alpha' in 'round(alpha * 2, "
                              "0)'; parameters: a, b"));
    CHECK_THAT(what, Contains("p.json: /derived/1: pointer '/y' is set twice"));
  }
}

TEST_CASE("a sweep needs a parameter", "[sweep][plan]") {
  SweepPlan plan;
  CHECK_THROWS_WITH(check_plan(plan, "command line"),
                    Equals("command line: /: nothing to sweep: give at least one parameter (--set "
                           "POINTER=VALUES)"));
}

TEST_CASE("a grid is limited to 1,000,000 points before any is built", "[sweep][plan][limits]") {
  SweepPlan plan;
  plan.parameters = {parse_set_option("a=/x=1:100000:1"), parse_set_option("b=/y=1:100000:1")};
  CHECK_THROWS_WITH(check_plan(plan, "command line"),
                    Equals("command line: /: design grid gives 10000000000 points (100000 x "
                           "100000); at most 1000000 are allowed"));
  plan.parameters = {parse_set_option("a=/x=1:1000:1"), parse_set_option("b=/y=1:1000:1")};
  CHECK_NOTHROW(check_plan(plan, "command line"));
}
