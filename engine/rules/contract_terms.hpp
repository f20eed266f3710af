#pragma once
//! \file Stage 2 of the contract: terms that act on a whole replication's payment ledger
//! (cohort thresholds, deadweight baselines, the contract cap). Deterministic and exact:
//! integer pence throughout, ties broken by cell index, no floating point in any amount.
//!
//! Order of application, each on the result of the previous one:
//! 1. cohort_threshold, rule by rule: the rule's achieved rate is
//!    (sum_g qualifying(r, g)) / (sum_g admissions(g)), computed as a double division (so a
//!    rate of exactly 3/10 meets a threshold written 0.3). Below the threshold, or with no
//!    admissions, every payment of the rule (clawbacks included) becomes 0.
//! 2. deadweight_baseline b, rule by rule: n = sum_g qualifying(r, g), A = admissions;
//!    payable = max(0, n - b*A); every cell of the rule is scaled by payable / n with
//!    scale_largest_remainder(), so the rule's total is exactly floor(total * payable / n).
//!    To keep that exact, b is taken to 9 decimal places (b9 = round(b * 1e9)) and the
//!    fraction is (n * 1e9 - b9 * A) / (n * 1e9), evaluated in 128-bit integers.
//! 3. cap_per_contract C, month by month in order, on the cumulative net total of all rules
//!    (clawbacks included). In each month, negative cells (clawbacks) are recovered in full;
//!    positive cells are paid up to C - (cumulative total before the month) - (the month's
//!    clawbacks), split across (rule, group) cells by scale_largest_remainder(). So once the
//!    cap binds, later months pay nothing unless later clawbacks bring the cumulative total
//!    back under C, which frees headroom again: the cap limits the commissioner's net spend.
//!
//! The ledger's qualifying counts are left unchanged (they count clients, not money).
//! A clawback is recovered at its stage-1 amount even if stage 2 reduced the payment it
//! recovers: the ledger no longer links the two.

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
  core::Pence total_after_terms = 0;  //!< after threshold and deadweight, before the cap
};

//! What stage 2 did to the replication (for reports).
struct ContractTermsReport {
  std::vector<RuleTermsOutcome> rules;      //!< indexed by RuleIndex
  std::optional<model::Month> cap_binding;  //!< first month the contract cap cut payments
  core::Pence cut_by_cap = 0;               //!< pence withheld by the contract cap
};

//! Stage 2, per replication, deterministic: cohort thresholds, deadweight baselines, contract cap.
//! \param contract            the contract (rules' thresholds and baselines, cap_per_contract)
//! \param admissions_by_group admitted clients per group in this replication (>= 0)
//! \param ledger              stage-1 ledger (ledger.rules == contract.rules.size());
//!                            rewritten in place
//! \throws std::invalid_argument on mismatched sizes, a negative cap, threshold or baseline
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
