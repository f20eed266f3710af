#pragma once
//! \file Graded outcome payments: the share of the tariff paid rises with the share of the
//! cohort achieving the outcome, reconciled period by period.
//!
//! Semantics (model::GradedSchedule, horizon H, rule r with lag L):
//! - **Reconciliation periods** of R = reconcile_every_months months tile months 0 .. H-1.
//!   When R divides 12 they are aligned to the financial year (April; see
//!   model::year_start_offset), so quarters are April-June, July-September, ... and the first
//!   period may be shorter; otherwise they start at month 0. The last period ends at H-1.
//! - The **measurement window** of a period ending at month e is months
//!   max(0, e-M+1) .. e with M = measured_over_months (M = R: fixed periods; M > R: a rolling
//!   window, e.g. 12 months reconciled quarterly).
//! - The **achievement rate** of a period is (the rule's stage-1 payments whose event month,
//!   payment month - L, lies in the window) / (clients the provider is paid for, admitted or
//!   existing, who spent at least one month of the window in a treatment-kind state). This is
//!   the NDTMS measure "successful completions as a share of all in treatment". With no such
//!   clients the rate is 0.
//! - **Share**: with `steps`, the share of the last point whose rate the achieved rate
//!   reaches; with `linear`, linear between neighbouring points; below the first point's
//!   rate, 0; above the last, the last point's share.
//! - The rule's payments dated in a period are scaled by the period's share (exactly, in
//!   pence, by largest remainder over the period's cells, the share taken to 9 decimals).
//!   They keep their payment months: the reconciliation fixes their amounts.

#include <cstdint>
#include <span>
#include <vector>

#include "engine/model/client_path.hpp"
#include "engine/model/contract.hpp"
#include "engine/rules/ledger.hpp"

namespace pbr::rules {

//! One reconciliation period and its measurement window (months, inclusive).
struct ReconciliationPeriod {
  model::Month first = 0;          //!< first month of the period
  model::Month last = 0;           //!< last month of the period (<= horizon - 1)
  model::Month measured_from = 0;  //!< first month of the measurement window
  friend bool operator==(const ReconciliationPeriod&, const ReconciliationPeriod&) = default;
};

//! The reconciliation periods of `schedule` over months 0 .. horizon-1.
//! \param year_offset model::year_start_offset of the contract (0..11)
//! \pre horizon >= 1, schedule.reconcile_every_months >= 1
std::vector<ReconciliationPeriod> reconciliation_periods(const model::GradedSchedule& schedule,
                                                         model::Month horizon,
                                                         model::Month year_offset);

//! The share of the tariff paid at achievement `rate` (see the file comment).
double graded_share(const model::GradedSchedule& schedule, double rate);

//! Adds one client to the cohort counts of every measurement window in which it spent at
//! least one month in a state with is_treatment[state] != 0.
//! \param periods   the rule's reconciliation periods
//! \param cohort    cohort[k] for period k; resized to periods.size() if smaller
void count_treated_in_windows(const model::ClientPath& path, std::span<const char> is_treatment,
                              model::Month horizon, std::span<const ReconciliationPeriod> periods,
                              std::vector<std::int64_t>& cohort);

}  // namespace pbr::rules
