// Tests of engine/analysis/policy_run: one policy from scenario to summary rows and monthly table.
#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <vector>

#include "engine/analysis/policy_run.hpp"
#include "engine/analysis/strategy_runs.hpp"
#include "engine/core/diagnostics.hpp"
#include "engine/output/run_monthly.hpp"
#include "engine/output/run_summary.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;

namespace {

// The admit_all block of a comparison's rows (admit_all comes first).
std::vector<output::SummaryRow> admit_all_rows(const std::vector<output::SummaryRow>& rows) {
  std::vector<output::SummaryRow> out;
  for (const auto& row : rows) {
    if (row.strategy == "admit_all") out.push_back(row);
  }
  return out;
}

}  // namespace

TEST_CASE("run_policy writes what a comparison writes for admit_all, byte for byte",
          "[analysis][policy_run]") {
  const auto s = strategy::testing::two_group_scenario();
  sim::RunSettings rs;
  rs.seed = 11;
  rs.replications = 12;
  const auto single = analysis::run_policy(s, sim::admit_all_policy(s), "admit_all", rs, true);
  const std::vector<std::string> names{"cherry_pick"};
  const auto compared = analysis::run_strategies(s, rs, names, true);
  REQUIRE(single.monthly.size() == 1);
  CHECK(output::summary_csv(single.rows) == output::summary_csv(admit_all_rows(compared.rows)));
  CHECK(output::monthly_csv(s, single.monthly) ==
        output::monthly_csv(s, std::span(compared.monthly).first(1)));
  CHECK(analysis::run_policy(s, sim::admit_all_policy(s), "admit_all", rs, false).monthly.empty());
}

TEST_CASE("run_policy_exact writes what the exact comparison writes for admit_all",
          "[analysis][policy_run]") {
  const auto s = strategy::testing::two_group_scenario();
  const auto single = analysis::run_policy_exact(s, sim::admit_all_policy(s), "admit_all", true);
  const std::vector<std::string> names{"admit_all", "cherry_pick"};
  const auto compared = analysis::run_strategies_exact(s, names, true);
  REQUIRE(single.monthly.size() == 1);
  CHECK(output::summary_csv(single.rows) == output::summary_csv(admit_all_rows(compared.rows)));
  CHECK(output::monthly_csv(s, single.monthly) ==
        output::monthly_csv(s, std::span(compared.monthly).first(1)));
}

TEST_CASE("run_policy_exact refuses a scenario that couples clients, naming why",
          "[analysis][policy_run]") {
  auto s = strategy::testing::two_group_scenario();
  s.economics.capacity = 50;  // a capacity limit couples clients: no Markov trace
  CHECK_THROWS_WITH(analysis::run_policy_exact(s, sim::admit_all_policy(s), "admit_all", false),
                    Catch::Contains("/economics/capacity: exact mode cannot handle this: a "
                                    "capacity limit couples clients"));
}
