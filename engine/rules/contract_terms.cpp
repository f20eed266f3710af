#include "engine/rules/contract_terms.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace pbr::rules {

namespace {

// 128-bit products keep v * num exact for any pence amount times a 63-bit numerator.
__extension__ typedef __int128 i128;

constexpr std::int64_t NANO = 1'000'000'000;

//! floor(a / b) for b > 0, rounding towards minus infinity.
i128 floor_div(i128 a, i128 b) {
  i128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}

std::int64_t total_admissions(std::span<const std::int64_t> admissions_by_group) {
  std::int64_t a = 0;
  for (const auto x : admissions_by_group) {
    if (x < 0) throw std::invalid_argument("apply_contract_terms: negative admissions");
    a += x;
  }
  return a;
}

//! Applies `f(value&)` to every cell of rule r (month-major, then group).
template <class F>
void for_rule_cells(PaymentLedger<std::int64_t>& ledger, model::RuleIndex r, F&& f) {
  for (model::Month t = 0; t < ledger.months; ++t) {
    for (model::GroupIndex g = 0; g < ledger.groups; ++g) f(ledger.payment_at(t, r, g));
  }
}

//! Scales rule r's cells by num / den (largest remainder over the rule's cells).
void scale_rule(PaymentLedger<std::int64_t>& ledger, model::RuleIndex r, Fraction frac) {
  if (frac.num == frac.den) return;
  std::vector<std::int64_t> cells;
  cells.reserve(static_cast<std::size_t>(ledger.months) * ledger.groups);
  for_rule_cells(ledger, r, [&cells](std::int64_t& v) { cells.push_back(v); });
  scale_largest_remainder(cells, frac.num, frac.den);
  std::size_t k = 0;
  for_rule_cells(ledger, r, [&cells, &k](std::int64_t& v) { v = cells[k++]; });
}

//! Applies the contract cap month by month; returns the first month it binds and the cut.
void apply_cap(core::Pence cap, PaymentLedger<std::int64_t>& ledger, ContractTermsReport& report) {
  const std::size_t cells_per_month = static_cast<std::size_t>(ledger.rules) * ledger.groups;
  std::vector<std::int64_t> positives;
  core::Pence cumulative = 0;
  for (model::Month t = 0; t < ledger.months; ++t) {
    std::int64_t* month = ledger.payments.data() + static_cast<std::size_t>(t) * cells_per_month;
    core::Pence pos = 0, neg = 0;
    for (std::size_t c = 0; c < cells_per_month; ++c) (month[c] > 0 ? pos : neg) += month[c];
    // Clawbacks are recovered in full; they also free headroom for this month's payments.
    const core::Pence allowed = cap - cumulative - neg;
    if (pos > allowed) {
      positives.clear();
      for (std::size_t c = 0; c < cells_per_month; ++c) {
        if (month[c] > 0) positives.push_back(month[c]);
      }
      scale_largest_remainder(positives, allowed, pos);
      std::size_t k = 0;
      for (std::size_t c = 0; c < cells_per_month; ++c) {
        if (month[c] > 0) month[c] = positives[k++];
      }
      if (!report.cap_binding) report.cap_binding = t;
      report.cut_by_cap += pos - allowed;
      pos = allowed;
    }
    cumulative += pos + neg;
  }
}

}  // namespace

void scale_largest_remainder(std::span<std::int64_t> values, std::int64_t num, std::int64_t den) {
  if (den <= 0 || num < 0 || num > den) {
    throw std::invalid_argument("scale_largest_remainder: need den > 0 and 0 <= num <= den, got " +
                                std::to_string(num) + "/" + std::to_string(den));
  }
  i128 total = 0;
  i128 floors = 0;
  std::vector<std::int64_t> remainder(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const i128 product = static_cast<i128>(values[i]) * num;
    const i128 q = floor_div(product, den);
    total += values[i];
    remainder[i] = static_cast<std::int64_t>(product - q * den);  // in [0, den)
    values[i] = static_cast<std::int64_t>(q);
    floors += q;
  }
  // The deficit is floor(sum of remainders / den): fewer than the cells with a remainder.
  const auto deficit = static_cast<std::size_t>(floor_div(total * num, den) - floors);
  if (deficit == 0) return;
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(deficit),
                    order.end(), [&remainder](std::size_t a, std::size_t b) {
                      return remainder[a] != remainder[b] ? remainder[a] > remainder[b] : a < b;
                    });
  for (std::size_t k = 0; k < deficit; ++k) ++values[order[k]];
}

std::int64_t rule_qualifying(const PaymentLedger<std::int64_t>& ledger, model::RuleIndex rule) {
  std::int64_t n = 0;
  for (model::GroupIndex g = 0; g < ledger.groups; ++g) n += ledger.qualifying_at(rule, g);
  return n;
}

core::Pence rule_total(const PaymentLedger<std::int64_t>& ledger, model::RuleIndex rule) {
  core::Pence total = 0;
  for (model::Month t = 0; t < ledger.months; ++t) {
    for (model::GroupIndex g = 0; g < ledger.groups; ++g) total += ledger.payment_at(t, rule, g);
  }
  return total;
}

std::optional<double> achieved_rate(std::int64_t qualifying, std::int64_t admissions) {
  if (admissions <= 0) return std::nullopt;
  return static_cast<double>(qualifying) / static_cast<double>(admissions);
}

bool meets_threshold(double threshold, std::int64_t qualifying, std::int64_t admissions) {
  const auto rate = achieved_rate(qualifying, admissions);
  return rate && *rate >= threshold;
}

Fraction deadweight_fraction(double baseline, std::int64_t qualifying, std::int64_t admissions) {
  if (!(baseline >= 0) || qualifying < 0 || admissions < 0) {
    throw std::invalid_argument("deadweight_fraction: need baseline >= 0, counts >= 0");
  }
  if (qualifying == 0) return {1, 1};
  if (qualifying > INT64_MAX / NANO) {
    throw std::invalid_argument("deadweight_fraction: qualifying count too large");
  }
  const std::int64_t den = qualifying * NANO;
  // A baseline above every possible rate leaves nothing payable; also avoids llround overflow.
  if (baseline >= 1e9) return {0, den};
  const i128 b9 = std::llround(baseline * static_cast<double>(NANO));
  const i128 payable = static_cast<i128>(den) - b9 * admissions;
  return {payable <= 0 ? 0 : static_cast<std::int64_t>(payable), den};
}

void apply_contract_terms(const model::Contract& contract,
                          std::span<const std::int64_t> admissions_by_group,
                          PaymentLedger<std::int64_t>& ledger) {
  ContractTermsReport report;
  apply_contract_terms(contract, admissions_by_group, ledger, report);
}

void apply_contract_terms(const model::Contract& contract,
                          std::span<const std::int64_t> admissions_by_group,
                          PaymentLedger<std::int64_t>& ledger, ContractTermsReport& report) {
  if (static_cast<std::size_t>(ledger.rules) != contract.rules.size()) {
    throw std::invalid_argument("apply_contract_terms: ledger has " + std::to_string(ledger.rules) +
                                " rules, contract has " + std::to_string(contract.rules.size()));
  }
  if (admissions_by_group.size() != static_cast<std::size_t>(ledger.groups)) {
    throw std::invalid_argument("apply_contract_terms: admissions for " +
                                std::to_string(admissions_by_group.size()) +
                                " groups, ledger has " + std::to_string(ledger.groups));
  }
  const std::int64_t admissions = total_admissions(admissions_by_group);
  report = ContractTermsReport{};
  report.rules.resize(contract.rules.size());
  for (model::RuleIndex r = 0; r < ledger.rules; ++r) {
    const auto& rule = contract.rules[static_cast<std::size_t>(r)];
    auto& out = report.rules[static_cast<std::size_t>(r)];
    out.qualifying = rule_qualifying(ledger, r);
    out.rate = achieved_rate(out.qualifying, admissions);
    out.total_before = rule_total(ledger, r);
    if (rule.cohort_threshold) {
      if (!(*rule.cohort_threshold >= 0)) {
        throw std::invalid_argument("apply_contract_terms: rule '" + rule.name +
                                    "': cohort_threshold must be >= 0");
      }
      out.threshold_met = meets_threshold(*rule.cohort_threshold, out.qualifying, admissions);
      if (!out.threshold_met) for_rule_cells(ledger, r, [](std::int64_t& v) { v = 0; });
    }
    if (rule.deadweight_baseline && out.threshold_met) {
      const Fraction f = deadweight_fraction(*rule.deadweight_baseline, out.qualifying, admissions);
      out.payable_share = static_cast<double>(f.num) / static_cast<double>(f.den);
      scale_rule(ledger, r, f);
    }
    out.total_after_terms = rule_total(ledger, r);
  }
  if (contract.cap_per_contract) {
    if (*contract.cap_per_contract < 0) {
      throw std::invalid_argument("apply_contract_terms: cap_per_contract must be >= 0 pence");
    }
    apply_cap(*contract.cap_per_contract, ledger, report);
  }
}

}  // namespace pbr::rules
