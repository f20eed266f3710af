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
  std::string notes;
};

struct Contract {
  std::vector<PaymentRule> rules;
  //! On a client's net payments across all rules (payments less clawbacks), applied in
  //! date order, ties by rule index; see rules/client_rules.hpp.
  std::optional<core::Pence> cap_per_client;
  std::optional<core::Pence> cap_per_contract;  //!< on the total of all rule payments
  double annual_discount_rate = 0.0;            //!< >= 0; month t discounted by (1+r)^(-t/12)
};

}  // namespace pbr::model
