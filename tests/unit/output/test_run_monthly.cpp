#include "engine/output/run_monthly.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "unit/output/rfc4180.hpp"
#include "unit/output/run_fixture.hpp"

using pbr::output::monthly_columns;
using pbr::output::monthly_csv;
using pbr::output::monthly_table_exact;
using pbr::output::monthly_table_monte_carlo;
using pbr::output::MonthlyTable;
using pbr::test::minimal_scenario;
using pbr::test::minimal_tally;
using pbr::test::parse_rfc4180;

TEST_CASE("monthly columns name every state and rule, each with its unit",
          "[output][run_monthly]") {
  CHECK(monthly_columns(minimal_scenario()) ==
        std::vector<std::string>{
            "strategy", "month", "occupancy_in_treatment_count", "occupancy_completed_count",
            "occupancy_dropped_out_count", "occupancy_died_count", "occupancy_untreated_count",
            "payments_completion_GBP", "payments_total_GBP", "block_payment_GBP",
            "provider_cost_GBP", "provider_margin_GBP", "commissioner_spend_GBP"});
}

TEST_CASE("monthly Monte Carlo table holds means over replications", "[output][run_monthly]") {
  // Two replications: 4 and 7 clients in treatment, costs £800 and £900 a month; 10 and 20
  // referrals paid £5 each in month 3. By hand: occupancy 5.5, cost £850, month-3 payments
  // (50 + 100) / 2 = £75.
  const std::vector tallies = {minimal_tally(10, 500, 4, 80000), minimal_tally(20, 500, 7, 90000)};
  const auto table = monthly_table_monte_carlo(minimal_scenario(), "admit_all", tallies);
  CHECK(table.strategy == "admit_all");
  REQUIRE(table.values.size() == 12);
  const auto& m3 = table.values[3];
  REQUIRE(m3.size() == monthly_columns(minimal_scenario()).size() - 2);
  CHECK(m3[0] == 5.5);           // occupancy_in_treatment
  CHECK(m3[1] == 0.0);           // occupancy_completed
  CHECK(m3[5] == 75.0);          // payments_completion
  CHECK(m3[6] == 75.0);          // payments_total
  CHECK(m3[7] == 0.0);           // block_payment (none in the scenario)
  CHECK(m3[8] == 850.0);         // provider_cost
  CHECK(m3[9] == 75.0 - 850.0);  // provider_margin
  CHECK(m3[10] == 75.0);         // commissioner_spend
  CHECK(table.values[4][5] == 0.0);
}

TEST_CASE("monthly tables refuse an empty run and a mismatched tally", "[output][run_monthly]") {
  const std::vector<pbr::sim::ReplicationTally<std::int64_t>> none;
  CHECK_THROWS_AS(monthly_table_monte_carlo(minimal_scenario(), "a", none), std::invalid_argument);
  const pbr::sim::ReplicationTally<double> wrong(5, 1, 1, 24);
  CHECK_THROWS_AS(monthly_table_exact(minimal_scenario(), "a", wrong), std::invalid_argument);
}

TEST_CASE("monthly exact table and block payment", "[output][run_monthly]") {
  auto s = minimal_scenario();
  s.economics.block_payment_per_month = 250000;  // £2,500
  pbr::sim::ReplicationTally<double> expected(5, 1, 1, s.horizon_months);
  expected.occupancy_at(0, 0, 0) = 2.25;
  expected.cost_at(0, 0) = 45000.0;
  const auto table = monthly_table_exact(s, "admit_all", expected);
  CHECK(table.values[0][0] == 2.25);
  CHECK(table.values[0][7] == 2500.0);
  CHECK(table.values[0][8] == 450.0);
  CHECK(table.values[0][9] == 2500.0 - 450.0);
  CHECK(table.values[0][10] == 2500.0);
}

TEST_CASE("monthly CSV: one row per strategy and month, strict RFC 4180", "[output][run_monthly]") {
  const std::vector tallies = {minimal_tally(10, 500, 4, 80000)};
  const std::vector<MonthlyTable> tables = {
      monthly_table_monte_carlo(minimal_scenario(), "admit_all", tallies),
      monthly_table_monte_carlo(minimal_scenario(), "park", tallies)};
  const auto parsed = parse_rfc4180(monthly_csv(minimal_scenario(), tables));
  REQUIRE(parsed.size() == 1 + 2 * 12);
  CHECK(parsed[0] == monthly_columns(minimal_scenario()));
  CHECK(parsed[1][0] == "admit_all");
  CHECK(parsed[1][1] == "0");
  CHECK(parsed[12][1] == "11");
  CHECK(parsed[13][0] == "park");
  CHECK(parsed[4][7] == "50.00");  // month 3, payments_completion: 10 x £5
  CHECK(parsed[4][11] == "-750.00");
  CHECK(parsed[4][2] == "4");  // occupancy: a count
}

TEST_CASE("monthly CSV: money to the penny, counts to 6 significant digits",
          "[output][run_monthly]") {
  // Three replications: means that are not whole pence nor whole clients.
  const std::vector tallies = {minimal_tally(10, 500, 4, 80000), minimal_tally(20, 500, 7, 90001),
                               minimal_tally(11, 333, 5, 90001)};
  const auto parsed = parse_rfc4180(
      monthly_csv(minimal_scenario(), std::vector<MonthlyTable>{monthly_table_monte_carlo(
                                          minimal_scenario(), "admit_all", tallies)}));
  CHECK(parsed[4][2] == "5.33333");  // (4 + 7 + 5) / 3 clients
  CHECK(parsed[4][7] == "62.21");    // (5000 + 10000 + 3663) / 3 pence = 6221 pence
  CHECK(parsed[4][10] == "866.67");  // (80000 + 90001 + 90001) / 3 pence = 86667.33 pence
  CHECK(parsed[1][9] == "0.00");     // block payment: whole pence, two decimals
}
