#include "engine/sweep/sweep.hpp"

#include <catch2/catch.hpp>

#include "engine/core/diagnostics.hpp"
#include "fake_sweep.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using pbr::sweep::Design;
using pbr::sweep::expand_design;
using pbr::sweep::parse_set_option;
using pbr::sweep::prepare_sweep;
using pbr::sweep::RunOverrides;
using pbr::sweep::SweepPlan;
using Choices = std::vector<std::vector<std::size_t>>;

namespace {
SweepPlan plan_of(std::vector<std::string> sets, Design design = Design::grid) {
  SweepPlan plan;
  plan.scenario = "fake.json";
  plan.design = design;
  for (const auto& s : sets) plan.parameters.push_back(parse_set_option(s));
  return plan;
}
pbr::sweep::PreparedSweep prepare(const SweepPlan& plan, const RunOverrides& o = {}) {
  return prepare_sweep(plan, pbr::test::fake_base(), "fake.json", o, pbr::test::fake_evaluator(),
                       pbr::test::fake_build);
}
}  // namespace

TEST_CASE("grid is the cartesian product, first parameter slowest", "[sweep][design]") {
  CHECK(expand_design(Design::grid, {2, 3}) ==
        Choices{{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}});
  CHECK(expand_design(Design::grid, {1}) == Choices{{0}});
  CHECK(expand_design(Design::grid, {2, 1, 2}) ==
        Choices{{0, 0, 0}, {0, 0, 1}, {1, 0, 0}, {1, 0, 1}});
  CHECK(expand_design(Design::grid, {}).empty());
}

TEST_CASE("zip takes the i-th values together", "[sweep][design]") {
  CHECK(expand_design(Design::zip, {3, 3}) == Choices{{0, 0}, {1, 1}, {2, 2}});
}

TEST_CASE("every point's document gets its values and derived values", "[sweep][prepare]") {
  auto plan = plan_of({"window=/contract/payments/1/no_reentry/months=3,6", "share=0,0.5"});
  plan.derived = {
      {"/contract/payments/0/amount_by_band/high",
       R"(round(share * (base("/contract/payments/0/amount_by_band/high") + 1000), 2))"},
      {"/contract/payments/1/cohort_threshold", "window / 100"}};
  const auto prepared = prepare(plan);
  const auto& points = prepared.definition.points;
  REQUIRE(points.size() == 4);
  CHECK(points[3].choice == std::vector<std::size_t>{1, 1});
  using pbr::sweep::Assignment;
  CHECK(points[3].assignments ==
        std::vector<Assignment>{{"/contract/payments/1/no_reentry/months", "6"},
                                {"/contract/payments/0/amount_by_band/high", "600"},
                                {"/contract/payments/1/cohort_threshold", "0.06"}});
  const auto doc = nlohmann::json::parse(prepared.scenario(3).description);
  CHECK(doc["contract"]["payments"][1]["no_reentry"]["months"] == 6);
  CHECK(doc["contract"]["payments"][0]["amount_by_band"]["high"] == 600);
  CHECK(doc["contract"]["payments"][1]["cohort_threshold"] == 0.06);  // a new key is added
  // Seed, replications and strategies come from the scenario when nothing overrides them.
  CHECK(points[0].seed == 7);
  CHECK(points[0].replications == 5);
  CHECK(points[0].strategies == std::vector<std::string>{"admit_all", "cherry_pick"});
  CHECK(points[0].scenario_sha256 != points[1].scenario_sha256);
  CHECK(pbr::sweep::point_label(plan, points[3]) == "point 4 (window=6, share=0.5)");
}

TEST_CASE("overrides beat the plan, which beats the scenario", "[sweep][prepare]") {
  auto plan = plan_of({"/horizon_months=12"});
  plan.seed = 11;
  plan.replications = 3;
  CHECK(prepare(plan).definition.points[0].seed == 11);
  const auto p = prepare(plan, {99, 2, {"park"}}).definition.points[0];
  CHECK(p.seed == 99);
  CHECK(p.replications == 2);
  CHECK(p.strategies == std::vector<std::string>{"park"});
}

TEST_CASE("a pointer must exist in the resolved base, or its parent", "[sweep][prepare]") {
  const auto plan =
      plan_of({"/contract/paymnts/0/x=1", "/contract/payments/7/name=a", "/horizon_months/x=1"});
  try {
    prepare(plan);
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 3);
    CHECK(e.diagnostics()[0].to_string() ==
          "fake.json: /contract/paymnts/0/x: swept parameter '/contract/paymnts/0/x' is not in "
          "the resolved scenario: /contract has no key 'paymnts'; did you mean "
          "'/contract/payments'?");
    CHECK(e.diagnostics()[1].to_string() ==
          "fake.json: /contract/payments/7/name: swept parameter '/contract/payments/7/name' is "
          "not in the resolved scenario: /contract/payments is an array of 2 elements; '7' is "
          "not an index of one");
    CHECK(e.diagnostics()[2].to_string() ==
          "fake.json: /horizon_months/x: swept parameter '/horizon_months/x' is not in the "
          "resolved scenario: /horizon_months is an integer, not an object or array");
  }
}

TEST_CASE("every point is checked before anything runs, errors name the point",
          "[sweep][prepare]") {
  const auto plan =
      plan_of({"/horizon_months=0,12", "window=/contract/payments/1/no_reentry/months=0,6"});
  try {
    prepare(plan);
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    const std::string what = e.what();
    CHECK(e.diagnostics().size() == 4);
    CHECK_THAT(what, Contains("fake.json, point 1 (/horizon_months=0, window=0): /horizon_months: "
                              "expected an integer 1 .. 1200, got 0"));
    CHECK_THAT(what, Contains("fake.json, point 1 (/horizon_months=0, window=0): "
                              "/contract/payments/1/no_reentry/months: expected an integer 1 .. "
                              "1200, got 0"));
    CHECK_THAT(what, Contains("fake.json, point 2 (/horizon_months=0, window=6): /horizon_months"));
    CHECK_THAT(what, Contains("fake.json, point 3 (/horizon_months=12, window=0): "
                              "/contract/payments/1/no_reentry/months"));
  }
}

TEST_CASE("derived values that cannot be computed are reported per point", "[sweep][prepare]") {
  auto plan = plan_of({"d=0,2", "name=/name=a"});
  plan.derived = {{"/horizon_months", "12 / d"}, {"/run/seed", "name + 1"}};
  try {
    prepare(plan);
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Contains("fake.json, point 1 (d=0, name=a): /horizon_months: cannot compute "
                              "'12 / d': division by zero"));
    CHECK_THAT(what, Contains("fake.json, point 2 (d=2, name=a): /run/seed: cannot compute 'name "
                              "+ 1': parameter 'name' is \"a\", not a number"));
  }
}

TEST_CASE("long lists of problems are cut after 50", "[sweep][prepare]") {
  const auto plan = plan_of({"/horizon_months=0:-99:-1"});
  try {
    prepare(plan);
    FAIL("expected an InputError");
  } catch (const pbr::core::InputError& e) {
    REQUIRE(e.diagnostics().size() == 51);
    CHECK(e.diagnostics().back().message ==
          "... and 50 more problems at other points (100 in all)");
  }
}

TEST_CASE("the fingerprint changes with whatever changes results or columns",
          "[sweep][fingerprint]") {
  const auto base = prepare(plan_of({"/horizon_months=6,12"})).definition.fingerprint;
  CHECK(base.size() == 64);
  CHECK(prepare(plan_of({"/horizon_months=6,12"})).definition.fingerprint == base);
  CHECK(prepare(plan_of({"/horizon_months=6,13"})).definition.fingerprint != base);
  CHECK(prepare(plan_of({"h=/horizon_months=6,12"})).definition.fingerprint != base);
  CHECK(prepare(plan_of({"/horizon_months=6,12"}), {8, {}, {}}).definition.fingerprint != base);
  CHECK(prepare(plan_of({"/horizon_months=6,12"}), {{}, 9, {}}).definition.fingerprint != base);
  CHECK(prepare(plan_of({"/horizon_months=6,12"}), {{}, {}, {"x"}}).definition.fingerprint != base);
}
