#pragma once
//! \file Stage 1 of the contract: per-client payment rules, a pure function of a client's path.
//!
//! Semantics (refining model::PaymentRule; every month below is a model::Month, horizon H):
//! - An *entry* into state s at month t is entries[0] (the placement) or entries[i] with
//!   entries[i].state != entries[i-1].state. A repeated state is a continuation, not an entry.
//!   Entries dated at or after H are ignored (they are outside the observed contract).
//! - The *stay* that starts with an entry at t lasts until the next entry into a different
//!   state (month u), or until H when there is none: the client is in s in months t .. u-1.
//! - Trigger: every entry into a trigger state starts a candidate event.
//! - min_consecutive_months k (absent = 1): the candidate qualifies only if the stay covers
//!   months t .. t+k-1 (u >= t+k, or no later entry and t+k-1 < H); event date e = t+k-1.
//! - no_reentry (Y, N): no entry into any state of Y in months e+1 .. e+N. The event is
//!   confirmed at e+N, which must be < H (otherwise censored: it does not qualify), and the
//!   event date becomes e+N. Being *in* a state of Y without entering it does not disqualify.
//! - Payment month p = event date + lag_months; a payment with p >= H is not counted (but
//!   the event still counts as the client's first qualifying event for once_per_client).
//! - once_per_client: only the first qualifying event (the earliest trigger entry that passes
//!   every condition) pays. once_per_episode: every qualifying event pays.
//! - clawback (Y, N): the first entry into a state of Y in months p+1 .. min(p+N, H-1)
//!   recovers what that payment paid, as a negative payment dated at that entry.
//! - The amount of a payment is the rule's tariff for the client's band in force in the
//!   payment month p (PaymentRule::amount_at: amount_by_band, then tariff_changes).
//! - cap_per_client C (on the client's *outcome* payments: rules of kind outcome_payment) and
//!   cap_per_client_all_payments A (on the client's payments under every rule): positive
//!   payments are processed in date order, ties by rule index. An outcome payment is cut to
//!   C minus the client's *net* outcome total paid so far, and any payment to A minus the
//!   client's net total under every rule (net: payments minus clawbacks dated at or before
//!   its month: a clawback frees headroom). Attachment fees are never cut by C nor counted
//!   towards it. A payment cut to zero is dropped; a clawback recovers exactly what its
//!   payment paid after the cut, and nothing when the payment was dropped.
//!
//! Rules never draw random numbers and keep no state between calls; evaluate() is safe to
//! call from many threads on one ClientRules.

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/model/client_path.hpp"
#include "engine/model/contract.hpp"
#include "engine/model/ids.hpp"
#include "engine/model/states.hpp"
#include "engine/rules/graded.hpp"
#include "engine/rules/ledger.hpp"

namespace pbr::rules {

//! One dated payment to the provider for one client (negative for a clawback).
struct Payment {
  model::RuleIndex rule = 0;  //!< position of the rule in Contract::rules
  model::Month month = 0;     //!< month the money moves, 0 <= month < horizon
  core::Pence amount = 0;     //!< pence; > 0 payment, < 0 clawback
  //! For a clawback, the month of the payment it recovers (< month); -1 for a payment.
  model::Month paid_month = -1;
  friend bool operator==(const Payment&, const Payment&) = default;
};

//! The contract's per-client rules, compiled for fast evaluation on many paths.
//!
//! **Example**
//! \code
//! rules::ClientRules client_rules(scenario.contract, scenario.states, scenario.horizon_months);
//! std::vector<rules::Payment> pay;  // reused across clients
//! pay.clear();
//! client_rules.evaluate(path, band, pay);
//! rules::add_to_ledger(pay, path.group, ledger);
//! \endcode
class ClientRules {
 public:
  //! Compiles the rules of `contract`.
  //! \param contract  the contract; only its per-client parts (rules, the per-client caps)
  //!                  are used
  //! \param states    the scenario's states (their count bounds every StateIndex)
  //! \param horizon   months in the contract, >= 1
  //! \throws std::invalid_argument when a rule refers to a state out of range, has a
  //!         negative amount or lag, a window or min_consecutive_months < 1, no amounts, or
  //!         when the horizon or cap is invalid.
  ClientRules(const model::Contract& contract, const std::vector<model::State>& states,
              model::Month horizon);

  //! Appends the client's dated payments (per-client stage: triggers, conditions, lags,
  //! frequency, clawbacks, per-client cap). Pure function of the path: no RNG, no state.
  //! Payments are appended rule by rule; only months < horizon appear; amounts are never 0.
  //! \param path  the client's path (entries in strictly increasing month order)
  //! \param band  the client's tariff band, 0 <= band < every rule's amount_by_band.size()
  //! \param out   payments are appended; existing content is left alone
  //! \throws std::out_of_range when `band` is out of range for some rule
  void evaluate(const model::ClientPath& path, model::BandIndex band,
                std::vector<Payment>& out) const;

  //! Adds the client to the cohort of every measurement window of every graded rule in which
  //! it spent a month in a treatment-kind state (PaymentLedger::treated_in_window; see
  //! rules/graded.hpp). Call it for every client the provider is paid for. No-op without
  //! graded rules.
  void count_cohort(const model::ClientPath& path, PaymentLedger<std::int64_t>& ledger) const;
  //! Whether any rule is graded (count_cohort does something).
  [[nodiscard]] bool has_graded() const { return !graded_.empty(); }

  //! Number of rules compiled.
  [[nodiscard]] int rule_count() const { return static_cast<int>(rules_.size()); }
  //! Horizon in months given at construction.
  [[nodiscard]] model::Month horizon() const { return horizon_; }

 private:
  //! Per-state flags of a rule (bits of flags_).
  static constexpr std::uint8_t TRIGGER = 1, WINDOW = 2, CLAW = 4;

  //! One rule, flattened for the hot path.
  struct Compiled {
    std::vector<core::Pence> amount_by_band;
    std::vector<model::TariffChange> tariff_changes;  //!< empty for most rules
    model::Month k = 1;                               //!< min consecutive months (1 when absent)
    model::Month window = 0;                          //!< no_reentry months (0 when absent)
    model::Month claw = 0;                            //!< clawback months (0 when absent)
    model::Month lag = 0;                             //!< lag months
    bool once_per_client = true;                      //!< frequency
    bool outcome = true;  //!< kind outcome_payment (counts towards cap_per_client)
  };

  //! Calls emit(rule, pay_month, amount, claw_month or -1) for each payable event.
  template <class Emit>
  void collect(const model::ClientPath& path, model::BandIndex band, Emit&& emit) const;
  //! collect() for rule r alone.
  template <class Emit>
  void collect_rule(const model::ClientPath& path, std::size_t r, model::BandIndex band,
                    Emit& emit) const;
  //! First entry at index >= from, month in [lo, hi], into a state with `flag` for rule r;
  //! returns its month or -1.
  model::Month first_entry(const model::ClientPath& path, std::size_t from, int r,
                           std::uint8_t flag, model::Month lo, model::Month hi) const;

  std::vector<Compiled> rules_;
  std::vector<std::uint8_t> flags_;  //!< flags_[r * states_ + s]
  //! rules_by_state_[s]: bit r set when state s triggers rule r (used when <= 64 rules)
  std::vector<std::uint64_t> rules_by_state_;
  int min_bands_ = 0;  //!< smallest amount_by_band size: bands [0, min_bands_) are valid
  int states_ = 0;
  model::Month horizon_ = 0;
  //! Graded rules: (rule index, its reconciliation periods).
  std::vector<std::pair<model::RuleIndex, std::vector<ReconciliationPeriod>>> graded_;
  std::vector<char> is_treatment_;          //!< per state
  std::optional<core::Pence> outcome_cap_;  //!< cap_per_client
  std::optional<core::Pence> total_cap_;    //!< cap_per_client_all_payments
};

//! Adds one client's payments to the ledger (by month/rule/group), counts each positive
//! payment in payment_count_at(month, rule, group), records each clawback with the month of the
//! payment it recovers (PaymentLedger::recoveries), and, for each rule with at least one
//! positive payment, qualifying_at(rule, group) += 1.
//! \pre every payment's month < ledger.months and rule < ledger.rules; group < ledger.groups
void add_to_ledger(std::span<const Payment> payments, model::GroupIndex group,
                   PaymentLedger<std::int64_t>& ledger);

}  // namespace pbr::rules
