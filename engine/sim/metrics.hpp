#pragma once
//! \file Named metrics of one replication (issue 3 point 5), per scope: the whole contract
//! ("total"), each tariff band ("band") and each client group ("group").
//!
//! Definitions (counts are over the horizon; "entries" are moves, i.e. tally transitions:
//! placements at arrival or at month 0 are not events):
//! - referrals, admissions, refused, turned_away, existing: door counters of the tally;
//!   admitted_after_wait: admitted referrals who waited >= 1 month; months_waited: months
//!   waited by admitted referrals; mean_wait_months: months_waited / admissions (0 when
//!   nobody was admitted), a ratio metric (see MetricInfo).
//! - successful_completions, re_presentations, sustained_recoveries, drop_outs: entries into
//!   states of kind completion, representation, recovery, dropout.
//! - deaths_in_treatment: entries into death-kind states from treatment-kind states;
//!   deaths_out_of_treatment: from any other state; deaths: both.
//! - client_months_in_treatment: months spent in treatment-kind states.
//! - treatment_starts: admitted referrals placed straight into a treatment-kind state
//!   (GroupTally::direct_starts) plus moves into treatment-kind states from other states (a
//!   start after a wait or a delayed entry, a re-presentation's return).
//! - payments_<rule>: the rule's payments after the contract stage, pounds (clawbacks
//!   netted); payments_total: all rules.
//! - block_payment: the sum over months of Economics::block_payment_at(t). It is paid for the whole
//!   contract, so it is reported in scope "total" only; band and group margins and spend
//!   exclude it.
//! - provider_cost: client-months x cost per client-month (policy cost multipliers applied).
//! - provider_margin = payments_total + block_payment - provider_cost.
//! - commissioner_spend = payments_total + block_payment.
//! - pbr_share_of_income = payments_total / commissioner_spend, the PbR share of the
//!   provider's income (NaN when nothing is paid); a ratio metric, scopes "total" and
//!   "financial_year" only.
//! - Scope "financial_year" (scope = model::financial_year_label): payments_total,
//!   block_payment, provider_cost, provider_margin, commissioner_spend and
//!   pbr_share_of_income over the months t of the horizon with financial_year_of(t) = k,
//!   for each year k the horizon reaches (the first and last may be partial). The years'
//!   money adds up to the total.
//! - cost_per_sustained_recovery = commissioner_spend / sustained_recoveries, 0 when there
//!   are no recoveries; a ratio metric, so across replications it is mean spend / mean
//!   recoveries, as the exact mode computes it.
//! - cost_per_sustained_recovery_mean_of_ratios: the same ratio per replication, NaN when a
//!   replication has no recovery (and always NaN from expected values); summaries average
//!   the replications where it is defined.
//! - discounted_<money metric> for payments, block, cost, margin and spend when
//!   Contract::annual_discount_rate r > 0: money dated in month t weighs (1 + r)^(-t / 12).
//! Money is in pounds (double), converted from pence at the end.

#include <span>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::sim {

//! One metric in one scope.
struct MetricValue {
  std::string metric;      //!< e.g. "admissions", "payments_completion", "provider_margin"
  std::string scope_kind;  //!< "total", "band", "group" or "financial_year"
  std::string scope;       //!< "total", the band's or group's name, or the year's label
  std::string unit;        //!< "count", "months" or "GBP"
  double value = 0.0;
};

//! A metric's definition, for documentation and output headers.
struct MetricInfo {
  std::string name;
  std::string unit;         //!< "count", "months" or "GBP"
  std::string description;  //!< one sentence
  bool total_only = false;  //!< reported in scope "total" only (block payment)
  //! A ratio metric: summaries across replications report mean(numerator) /
  //! mean(denominator) (stats::ratio_of_means), the estimator of the exact E[num] / E[den]
  //! computed from expected values; empty for other metrics.
  std::string ratio_numerator, ratio_denominator;
  //! The mean over replications of a per-replication ratio (replications where it is
  //! undefined left out); exact runs cannot compute it and report NaN.
  bool mean_of_ratios = false;
  //! Also reported per financial year (scope_kind "financial_year").
  bool per_year = false;
};

//! Every metric the scenario produces, in output order (depends on its rules and on
//! whether it has a discount rate).
std::vector<MetricInfo> metric_catalogue(const model::Scenario& scenario);

//! The metrics of one replication's finished tally (Monte Carlo counts or exact expected
//! values). Order: catalogue order; within a metric, "total", then bands in index order,
//! then groups in index order, then financial years in order. \pre the tally's shape matches the
//! scenario.
template <class T>
std::vector<MetricValue> compute_metrics(const model::Scenario& scenario,
                                         const ReplicationTally<T>& tally);

//! The value of `metric` in one scope of computed metrics (compute_metrics).
//! \throws std::out_of_range naming the metric and the scope when it is not there
double metric_value(std::span<const MetricValue> metrics, const std::string& metric,
                    const std::string& scope_kind = "total", const std::string& scope = "total");

}  // namespace pbr::sim
