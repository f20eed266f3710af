#pragma once
//! \file The monthly CSV of a run (`pbrsim run --monthly PATH`): per strategy and month, the
//! mean over replications of state occupancy, payments by rule, block payment, provider cost,
//! provider margin and commissioner spend. Wide layout (one row per month, one column per
//! quantity) so that a spreadsheet can chart any column against `month` directly; the
//! columns are documented in docs/outputs.md.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/output/units.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::output {

//! One strategy's monthly means: values[t][c] for month t and column c (after `strategy`
//! and `month`), in the order of monthly_columns().
struct MonthlyTable {
  std::string strategy;
  std::vector<std::vector<double>> values;
};

//! One quantity of the monthly CSV: its name and unit; the column is headed
//! "<quantity>_<unit word>" ("payments_total_GBP"), so the file carries its units.
struct MonthlyColumn {
  std::string quantity;  //!< "occupancy_in_treatment", "payments_total", ...
  Unit unit = Unit::count;
};

//! The quantities after `strategy` and `month`, in column order: occupancy_<state> per state
//! (count: clients, summed over groups), payments_<rule> per rule, payments_total,
//! block_payment, provider_cost, provider_margin, commissioner_spend (GBP).
std::vector<MonthlyColumn> monthly_quantities(const model::Scenario& scenario);

//! Header of the monthly CSV for `scenario`: strategy, month, then each of
//! monthly_quantities() as "<quantity>_<unit word>" ("occupancy_in_treatment_count",
//! "payments_total_GBP").
std::vector<std::string> monthly_columns(const model::Scenario& scenario);

//! Monthly means over Monte Carlo replications from their sum: `total` is the
//! element-by-element sum of `replications` finished tallies (ReplicationTally::merge, in
//! integers, exact), divided by the number of replications once, so the result is
//! independent of threads and of the order of the sum.
//! \throws std::invalid_argument when replications < 1 or `total` does not fit the scenario
MonthlyTable monthly_table_monte_carlo(const model::Scenario& scenario, const std::string& strategy,
                                       const sim::ReplicationTally<std::int64_t>& total,
                                       std::int64_t replications);

//! The same from kept tallies (tests and small runs).
//! \throws std::invalid_argument when `tallies` is empty or a tally does not fit the scenario
MonthlyTable monthly_table_monte_carlo(
    const model::Scenario& scenario, const std::string& strategy,
    std::span<const sim::ReplicationTally<std::int64_t>> tallies);

//! Monthly expected values from the exact method (same columns).
MonthlyTable monthly_table_exact(const model::Scenario& scenario, const std::string& strategy,
                                 const sim::ReplicationTally<double>& expected);

//! The monthly CSV: monthly_columns() then each table's rows, in the order given; money to
//! the penny, occupancy to 6 significant digits (csv_value).
std::string monthly_csv(const model::Scenario& scenario, std::span<const MonthlyTable> tables);

}  // namespace pbr::output
