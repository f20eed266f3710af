#pragma once
//! \file Stage 2 of the contract: terms that act on a whole replication's payment ledger
//! (graded payments, cohort thresholds, deadweight baselines, the contract cap) and the
//! clawbacks that follow them. Deterministic and exact: integer pence throughout, ties broken
//! by cell index, no floating point in any amount.
//!
//! The stage-1 ledger holds, per (month, rule, group) cell, payments net of clawbacks, and
//! the clawbacks apart with the month of the payment each recovers (PaymentLedger::recoveries).
//! Stage 2 first separates the *gross* payments (cell + the clawbacks dated in it), then
//! applies, each on the result of the previous one:
//! 1. graded (rules/graded.hpp), rule by rule: the payments of each reconciliation period
//!    are scaled by the share its achievement rate earns.
//! 2. cohort_threshold, rule by rule: the rule's achieved rate is
//!    (sum_g qualifying(r, g)) / (sum_g cohort(g)), where the cohort is every client the
//!    provider is paid for: admissions plus the existing caseload; computed as a double
//!    division (so a rate of exactly 3/10 meets a threshold written 0.3). Below the
//!    threshold, or with an empty cohort, every payment of the rule becomes 0.
//! 3. deadweight_baseline b, rule by rule: n = sum_g qualifying(r, g), A = cohort;
//!    payable = max(0, n - b*A); the rule's gross cells are scaled by payable / n with
//!    scale_largest_remainder(), so the rule's gross total is exactly
//!    floor(total * payable / n). To keep that exact, b is taken to 9 decimal places
//!    (b9 = round(b * 1e9)) and the fraction is (n * 1e9 - b9 * A) / (n * 1e9), evaluated in
//!    128-bit integers.
//! 4. Month by month in order, the clawbacks dated in the month, then cap_per_contract C:
//!    - a clawback recovers what its payment paid after steps 1-4, never more: the clawbacks
//!      of the payments of cell (p, r, g), taken in month order, recover
//!      floor(S * after / before) in total, where S is their stage-1 amount so far and
//!      before / after the cell's gross before stage 2 and after it (after is final, since
//!      p is earlier than the clawback). If every payment of a cell is clawed back, exactly
//!      what was paid is recovered;
//!    - then positive cells are paid up to C - (cumulative net total before the month) +
//!      (the month's recoveries), split across (rule, group) cells by
//!      scale_largest_remainder(). Once the cap binds, later months pay nothing unless later
//!      clawbacks bring the cumulative total back under C. So the cap limits the
//!      commissioner's net spend, and the net spend never falls below 0.
//! The ledger's payments become gross after stage 2 less the recoveries; the qualifying and
//! payment counts are left unchanged (they count clients and events, not money).

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/model/contract.hpp"
#include "engine/model/ids.hpp"
#include "engine/rules/ledger.hpp"

namespace pbr::rules {

//! What stage 2 did to one rule (for reports).
struct RuleTermsOutcome {
  std::int64_t qualifying = 0;        //!< clients with a positive stage-1 payment under the rule
  std::optional<double> rate;         //!< qualifying / admissions; empty when no admissions
  bool threshold_met = true;          //!< false when cohort_threshold zeroed the rule
  double payable_share = 1.0;         //!< payable / n applied by the deadweight baseline
  core::Pence total_before = 0;       //!< the rule's total before stage 2 (pence)
  core::Pence total_after_terms = 0;  //!< after graded, threshold, deadweight, before the cap
  //! Graded rules: the achievement rate and the share paid, per reconciliation period
  std::vector<double> period_rates, period_shares;
  core::Pence recovered = 0;  //!< pence clawed back after stage 2 (>= 0)
};

//! What stage 2 did to the replication (for reports).
struct ContractTermsReport {
  std::vector<RuleTermsOutcome> rules;      //!< indexed by RuleIndex
  std::optional<model::Month> cap_binding;  //!< first month the contract cap cut payments
  core::Pence cut_by_cap = 0;               //!< pence withheld by the contract cap
  //! Stage-1 clawbacks not recovered because stage 2 had cut the payment they recover
  core::Pence recoveries_forgone = 0;
};

//! Stage 2, per replication, deterministic: graded payments, cohort thresholds, deadweight
//! baselines, clawbacks and the contract cap.
//! \param contract            the contract (rules' terms, cap_per_contract, start)
//! \param admissions_by_group the cohort per group in this replication: admitted clients plus
//!                            the existing caseload (>= 0)
//! \param ledger              stage-1 ledger (ledger.rules == contract.rules.size());
//!                            rewritten in place
//! \throws std::invalid_argument on mismatched sizes, a negative cap, threshold or baseline,
//!         or a negative gross cell (a clawback not recorded in ledger.recoveries)
void apply_contract_terms(const model::Contract& contract,
                          std::span<const std::int64_t> admissions_by_group,
                          PaymentLedger<std::int64_t>& ledger);

//! As above, and records what each term did in `report` (overwritten).
void apply_contract_terms(const model::Contract& contract,
                          std::span<const std::int64_t> admissions_by_group,
                          PaymentLedger<std::int64_t>& ledger, ContractTermsReport& report);

//! Sum over groups of qualifying_at(rule, g).
std::int64_t rule_qualifying(const PaymentLedger<std::int64_t>& ledger, model::RuleIndex rule);

//! Sum over months and groups of the rule's payments (pence, clawbacks included).
core::Pence rule_total(const PaymentLedger<std::int64_t>& ledger, model::RuleIndex rule);

//! The achieved rate qualifying / admissions; empty when admissions == 0.
std::optional<double> achieved_rate(std::int64_t qualifying, std::int64_t admissions);

//! Whether a rule with `threshold` pays: admissions > 0 and qualifying / admissions >= threshold.
bool meets_threshold(double threshold, std::int64_t qualifying, std::int64_t admissions);

//! An exact fraction num / den with 0 <= num <= den, den > 0.
struct Fraction {
  std::int64_t num = 1;
  std::int64_t den = 1;
};

//! The deadweight factor payable / n = max(0, n - b*A) / n, exact with b to 9 decimals
//! (see the file comment). For n == 0 returns 1/1 (nothing to scale).
//! \pre baseline >= 0, qualifying >= 0, admissions >= 0, qualifying * 1e9 fits in int64
Fraction deadweight_fraction(double baseline, std::int64_t qualifying, std::int64_t admissions);

//! Scales every value by num / den, in integer pence, so that the sum of the results is
//! exactly floor(sum(values) * num / den). Each result is floor(v * num / den) or one more;
//! the extra pennies go to the values with the largest remainders (v * num mod den), ties to
//! the lowest index. Values may be negative (floor rounds towards minus infinity).
//! \pre den > 0, 0 <= num <= den
void scale_largest_remainder(std::span<std::int64_t> values, std::int64_t num, std::int64_t den);

}  // namespace pbr::rules
