#include "engine/sweep/table.hpp"

#include <catch2/catch.hpp>

#include "fake_sweep.hpp"
#include "unit/output/rfc4180.hpp"

using pbr::sweep::format_estimate;
using pbr::sweep::Layout;
using pbr::sweep::parse_set_option;
using pbr::sweep::Unit;

namespace {
pbr::sweep::PreparedSweep two_points() {
  pbr::sweep::SweepPlan plan;
  plan.scenario = "fake.json";
  plan.parameters = {parse_set_option("window=/contract/payments/1/no_reentry/months=3,6"),
                     parse_set_option(R"(/name="a, \"b\"")")};
  return pbr::sweep::prepare_sweep(plan, pbr::test::fake_base(), "fake.json", {},
                                   pbr::test::fake_evaluator(), pbr::test::fake_build);
}
pbr::sweep::Results results_of(const pbr::sweep::PreparedSweep& p, bool second = true) {
  const auto ev = pbr::test::fake_evaluator();
  pbr::sweep::Results r(p.definition.points.size());
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (i == 1 && !second) continue;
    const auto& pt = p.definition.points[i];
    r[i] = ev.evaluate(p.scenario(i), {i, pt.seed, pt.replications, pt.strategies, nullptr});
  }
  return r;
}
}  // namespace

TEST_CASE("estimates are written as plain numbers, money to the penny", "[sweep][table]") {
  CHECK(format_estimate(1234.565001, Unit::gbp) == "1234.57");
  CHECK(format_estimate(-0.004, Unit::gbp) == "0.00");
  CHECK(format_estimate(12.5, Unit::gbp) == "12.50");
  CHECK(format_estimate(2.5, Unit::count) == "2.5");
  CHECK(format_estimate(1234.56789, Unit::count) == "1234.57");  // 6 significant digits
  CHECK(format_estimate(0.123456789, Unit::probability) == "0.123457");
  CHECK(format_estimate(std::nan(""), Unit::count).empty());
  CHECK(format_estimate(-std::numeric_limits<double>::infinity(), Unit::gbp).empty());
}

TEST_CASE("the wide CSV parses strictly and has the promised columns", "[sweep][table]") {
  const auto p = two_points();
  const std::string csv = pbr::sweep::render_csv(p.definition, results_of(p), Layout::wide);
  const auto rows = pbr::test::parse_rfc4180(csv);
  REQUIRE(rows.size() == 1 + 2 * 2);  // header, 2 points x 2 strategies
  CHECK(rows[0] == std::vector<std::string>{"window", "/name", "strategy", "margin_GBP",
                                            "margin_GBP_ci_low", "margin_GBP_ci_high",
                                            "completions_count", "completions_count_ci_low",
                                            "completions_count_ci_high", "verdict"});
  CHECK(rows[1][0] == "3");
  CHECK(rows[1][1] == "a, \"b\"");
  CHECK(rows[1][2] == "admit_all");
  CHECK(rows[2][2] == "cherry_pick");
  CHECK(rows[3][0] == "6");
  CHECK(rows[1][6] == "3");             // completions = the window
  CHECK(rows[1][7].empty());            // NaN
  CHECK(rows[1][8] == "1.79769e+308");  // the largest double, to 6 significant digits
  CHECK(rows[1][9] == "high");
  CHECK(csv.substr(csv.size() - 2) == "\r\n");
}

TEST_CASE("the long CSV has one row per point, strategy and metric, the verdict in its own column",
          "[sweep][table]") {
  const auto p = two_points();
  const auto rows = pbr::test::parse_rfc4180(
      pbr::sweep::render_csv(p.definition, results_of(p), Layout::long_form));
  REQUIRE(rows.size() == 1 + 2 * 2 * 2);  // 2 points x 2 strategies x 2 metrics
  CHECK(rows[0] == std::vector<std::string>{"window", "/name", "strategy", "metric", "unit",
                                            "value", "ci_low", "ci_high", "verdict"});
  CHECK(rows[1][3] == "margin");
  CHECK(rows[1][4] == "GBP");
  CHECK(rows[1][8] == "high");
  CHECK(rows[2] == std::vector<std::string>{"3", "a, \"b\"", "admit_all", "completions", "count",
                                            "3", "", "1.79769e+308", "high"});
  for (std::size_t r = 1; r < rows.size(); ++r) {
    INFO("row " << r);
    CHECK(rows[r][3] != "verdict");  // no verdict rows: `value` holds numbers only
    CHECK((rows[r][8] == "high" || rows[r][8] == "low"));
  }
}

TEST_CASE("points without results are left out, the header is always there", "[sweep][table]") {
  const auto p = two_points();
  const auto rows = pbr::test::parse_rfc4180(
      pbr::sweep::render_csv(p.definition, results_of(p, false), Layout::wide));
  CHECK(rows.size() == 1 + 2);
  const auto empty = pbr::test::parse_rfc4180(
      pbr::sweep::render_csv(p.definition, pbr::sweep::Results(2), Layout::wide));
  CHECK(empty.size() == 1);
}

TEST_CASE("layout names", "[sweep][table]") {
  CHECK(pbr::sweep::parse_layout("long") == Layout::long_form);
  CHECK(pbr::sweep::parse_layout("wide") == Layout::wide);
  CHECK_FALSE(pbr::sweep::parse_layout("tall"));
  CHECK(pbr::sweep::to_string(Layout::long_form) == "long");
}
