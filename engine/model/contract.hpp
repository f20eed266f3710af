#pragma once
//! \file The Payment-by-Results contract: per-client payment rules and contract-level terms.

#include <optional>
#include <string>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/model/ids.hpp"

namespace pbr::model {

enum class RuleKind {
  attachment_fee,   //!< paid on presentation / admission
  outcome_payment,  //!< paid on an outcome (completion, no re-presentation, recovery, ...)
};

enum class PayFrequency {
  once_per_client,  //!< only the client's first qualifying event pays
  once_per_episode  //!< every qualifying event pays (e.g. each new presentation)
};

//! A set of states and a window in months, for "did not enter any of `states` within
//! `months` months" conditions and clawbacks.
struct StateWindow {
  std::vector<StateIndex> states;
  Month months = 0;  //!< >= 1
};

//! From `from_month` on, a rule pays these amounts (a tariff that changes over the contract).
struct TariffChange {
  Month from_month = 0;                     //!< first payment month the amounts apply to, >= 1
  std::vector<core::Pence> amount_by_band;  //!< indexed by BandIndex, pence >= 0
};

//! How a graded schedule reads between its points.
enum class Interpolation {
  steps,  //!< the share of the highest point whose rate the achieved rate reaches
  linear  //!< linear between neighbouring points
};

//! One point of a graded schedule: at achievement `rate`, `share` of the tariff is paid.
struct SchedulePoint {
  double rate = 0.0;   //!< achievement rate in [0, 1]
  double share = 0.0;  //!< share of the tariff paid per qualifying client, in [0, 1]
};

//! A payment that rises with the share of the cohort achieving the outcome, reconciled over
//! periods (semantics in rules/graded.hpp).
struct GradedSchedule {
  std::vector<SchedulePoint> points;  //!< >= 1 point, rates strictly increasing
  Interpolation interpolation = Interpolation::steps;
  Month reconcile_every_months = 12;  //!< length of a reconciliation period, >= 1
  Month measured_over_months = 12;    //!< measurement window ending with the period, >= it
};

//! A per-client payment rule: a pure function of the client's path (see rules/).
//!
//! Semantics, for an entry into a trigger state at month t (an entry is a move from another
//! state, or the month-0 / arrival placement of a client into the state):
//! - `min_consecutive_months` k: qualifies only if the client stays in that state for at
//!   least k months (months t .. t+k-1); the event date becomes t + k - 1.
//! - `no_reentry` (states Y, N months): qualifies only if the client enters no state of Y
//!   in months event+1 .. event+N; the event date becomes event + N (when it is confirmed).
//! - An event whose confirmation month is not observed (>= horizon) does not qualify.
//! - Payment month = event date + lag_months; payments dated at or after the horizon are
//!   outside the contract and not counted.
//! - `clawback` (states Y, N months): if the client enters a state of Y in months
//!   payment+1 .. payment+N (and before the horizon), the payment is recovered in full, as a
//!   negative payment dated at that entry.
//! - `cohort_threshold` and `deadweight_baseline` act at contract level (second stage).
struct PaymentRule {
  std::string name;
  RuleKind kind = RuleKind::outcome_payment;
  std::vector<StateIndex> trigger_states;
  std::vector<core::Pence> amount_by_band;  //!< indexed by BandIndex, pence >= 0
  //! Later tariffs, by increasing from_month (>= 1); the amount of a payment is the one in
  //! force in its payment month.
  std::vector<TariffChange> tariff_changes;
  Month lag_months = 0;
  PayFrequency frequency = PayFrequency::once_per_client;
  std::optional<Month> min_consecutive_months;
  std::optional<StateWindow> no_reentry;
  std::optional<StateWindow> clawback;
  //! Pays only if (qualifying clients / admitted clients) in the replication reaches this.
  std::optional<double> cohort_threshold;
  //! Pays only for qualifying clients above baseline * admitted clients (deadweight):
  //! the rule's payments are scaled by max(0, n - baseline * admitted) / n.
  std::optional<double> deadweight_baseline;
  //! Pays a share of the tariff that rises with the cohort's achievement rate per period.
  std::optional<GradedSchedule> graded;
  std::string notes;

  //! The amount for `band` of a payment dated `month` (tariff_changes applied).
  [[nodiscard]] core::Pence amount_at(BandIndex band, Month month) const {
    const std::vector<core::Pence>* amounts = &amount_by_band;
    for (const auto& change : tariff_changes) {
      if (change.from_month > month) break;
      amounts = &change.amount_by_band;
    }
    return amounts->at(static_cast<std::size_t>(band));
  }
};

//! A calendar month (for financial years, which run April to March).
struct CalendarMonth {
  int year = 2012;  //!< e.g. 2012
  int month = 4;    //!< 1 (January) .. 12 (December)
  friend bool operator==(const CalendarMonth&, const CalendarMonth&) = default;
};

struct Contract {
  std::vector<PaymentRule> rules;
  //! On a client's net *outcome* payments (rules of kind outcome_payment, payments less
  //! clawbacks), applied in date order, ties by rule index; see rules/client_rules.hpp.
  //! Attachment fees are neither capped nor counted.
  std::optional<core::Pence> cap_per_client;
  //! As cap_per_client, on the client's net payments under every rule (fees included).
  std::optional<core::Pence> cap_per_client_all_payments;
  std::optional<core::Pence> cap_per_contract;  //!< on the net total of all rule payments
  double annual_discount_rate = 0.0;            //!< >= 0; month t discounted by (1+r)^(-t/12)
  //! Calendar month of contract month 0; financial years (April to March) are counted from
  //! it. Without it, contract years of 12 months from month 0 stand in for them.
  std::optional<CalendarMonth> start;
};

//! Months from contract month 0 to the first start of a financial year (April), 0..11;
//! 0 without a calendar start (contract years then start at months 0, 12, 24, ...).
inline Month year_start_offset(const Contract& contract) {
  if (!contract.start) return 0;
  return static_cast<Month>(((4 - contract.start->month) % 12 + 12) % 12);
}

//! Index of the financial year (or contract year) that contract month `t` falls in: 0 for
//! the year containing month 0 (which may be a partial year), then 1, 2, ...
inline int financial_year_of(const Contract& contract, Month t) {
  const Month offset = year_start_offset(contract);
  if (t < offset) return 0;
  return static_cast<int>((t - offset) / 12) + (offset > 0 ? 1 : 0);
}

//! Label of year index `k`: "2012/13" with a calendar start, "year 1", "year 2", ... without.
std::string financial_year_label(const Contract& contract, int k);

}  // namespace pbr::model
