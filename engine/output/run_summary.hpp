#pragma once
//! \file The summary of a run: one row per (strategy, metric, scope) with its statistics
//! across replications, written as the summary CSV and as a short table for people.
//! Columns and their meaning are documented in docs/outputs.md.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/metric_summaries.hpp"
#include "engine/sim/tally.hpp"
#include "engine/stats/summary.hpp"

namespace pbr::output {

//! One metric in one scope for one strategy.
struct SummaryRow {
  std::string strategy;    //!< "admit_all", or another strategy's name
  std::string metric;      //!< sim::metric_catalogue name, e.g. "provider_margin"
  std::string scope_kind;  //!< "total", "band" or "group"
  std::string scope;       //!< "total", or the band's or group's name
  std::string unit;        //!< "count", "months" or "GBP" (pounds): an output::Unit word
  double mean = 0.0;       //!< mean over replications, or the exact expected value
  //! Statistics across replications (Monte Carlo). nullopt for exact expected values: their
  //! spread and quantiles are not computed, and are written as empty cells.
  std::optional<stats::Summary> spread;
};

//! Header of the summary CSV, in column order: strategy, metric, scope_kind, scope, unit,
//! mean, sd, se, ci_low, ci_high, p05, p50, p95, prob_negative.
const std::vector<std::string>& summary_columns();

//! Rows of a Monte Carlo run: each (metric, scope) of `summaries`, summarised as
//! sim::MetricSummaries says, in compute_metrics order (catalogue order; total, bands,
//! groups, financial years). Deterministic: depends only on the replications' metrics and
//! their order.
//! \param strategy  written in the strategy column
//! \throws std::invalid_argument when `summaries` holds no replication
std::vector<SummaryRow> summary_rows_monte_carlo(const std::string& strategy,
                                                 const sim::MetricSummaries& summaries);

//! The same from kept tallies (tests and small runs): every tally's metrics added to a
//! sim::MetricSummaries in the order given.
//! \throws std::invalid_argument when `tallies` is empty or a tally does not fit the scenario
std::vector<SummaryRow> summary_rows_monte_carlo(
    const model::Scenario& scenario, const std::string& strategy,
    std::span<const sim::ReplicationTally<std::int64_t>> tallies);

//! Rows of an exact run: the expected value of each metric (spread = nullopt).
std::vector<SummaryRow> summary_rows_exact(const model::Scenario& scenario,
                                           const std::string& strategy,
                                           const sim::ReplicationTally<double>& expected);

//! The summary CSV: summary_columns() then one row per SummaryRow, numbers by csv_value of
//! the row's unit (GBP to the penny, counts and months to 6 significant digits;
//! prob_negative is a probability); empty cells where the statistic is not available (exact
//! rows, or a metric with no value).
std::string summary_csv(std::span<const SummaryRow> rows);

//! The short table printed by `pbrsim run`: key metrics of one strategy (referrals,
//! admissions, completions, sustained recoveries, deaths, payments, cost, provider margin
//! with the half-width of its 95% interval and probability of a loss, commissioner spend, cost per
//! sustained recovery), for the total and each band, in aligned columns; counts with one decimal
//! and pounds rounded to whole pounds, both with thousands separators; then, when the rows
//! have financial-year scopes, a "Budget by financial year" block (spend, PbR payments, block,
//! PbR share per year). \param heading   first
//! line(s), printed as given (end with '\n') \param strategy  rows of other strategies are ignored
std::string summary_table_text(std::span<const SummaryRow> rows, const std::string& strategy,
                               const std::string& heading);

//! `value` rounded to `decimals` places with ',' between thousands: 1234567.891, 1 ->
//! "1,234,567.9"; -0.04, 1 -> "0.0" (no negative zero). NaN gives "n/a".
std::string format_grouped(double value, int decimals);

}  // namespace pbr::output
