#include "engine/rules/contract_terms.hpp"

#include <algorithm>
#include <utility>

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include "engine/rules/graded.hpp"

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

//! The gross payments of a replication (payments before clawbacks) by (month, rule, group)
//! cell, in the ledger's cell order.
class GrossCells {
 public:
  explicit GrossCells(const PaymentLedger<std::int64_t>& ledger)
      : months_(ledger.months),
        rules_(ledger.rules),
        groups_(ledger.groups),
        cells_(ledger.payments) {
    for (const auto& rec : ledger.recoveries)
      cells_[index(rec.month, rec.rule, rec.group)] += rec.amount;
    for (const auto v : cells_) {
      if (v < 0) {
        throw std::invalid_argument(
            "apply_contract_terms: a negative gross payment; every clawback must be recorded "
            "in the ledger's recoveries with the month of the payment it recovers");
      }
    }
  }
  [[nodiscard]] std::size_t index(model::Month t, model::RuleIndex r, model::GroupIndex g) const {
    return (static_cast<std::size_t>(t) * rules_ + r) * groups_ + g;
  }
  std::int64_t& at(model::Month t, model::RuleIndex r, model::GroupIndex g) {
    return cells_[index(t, r, g)];
  }
  std::vector<std::int64_t>& cells() { return cells_; }
  [[nodiscard]] const std::vector<std::int64_t>& cells() const { return cells_; }

  //! Applies `f(value&)` to every cell of rule r in months [from, to] (month-major, then group).
  template <class F>
  void for_rule_cells(model::RuleIndex r, model::Month from, model::Month to, F&& f) {
    for (model::Month t = from; t <= to; ++t) {
      for (model::GroupIndex g = 0; g < groups_; ++g) f(at(t, r, g));
    }
  }
  template <class F>
  void for_rule_cells(model::RuleIndex r, F&& f) {
    for_rule_cells(r, 0, months_ - 1, std::forward<F>(f));
  }
  //! Scales rule r's cells in months [from, to] by num / den (largest remainder over them).
  void scale_rule(model::RuleIndex r, model::Month from, model::Month to, Fraction frac) {
    if (frac.num == frac.den) return;
    std::vector<std::int64_t> part;
    part.reserve(static_cast<std::size_t>(to - from + 1) * groups_);
    for_rule_cells(r, from, to, [&part](std::int64_t& v) { part.push_back(v); });
    scale_largest_remainder(part, frac.num, frac.den);
    std::size_t k = 0;
    for_rule_cells(r, from, to, [&part, &k](std::int64_t& v) { v = part[k++]; });
  }
  [[nodiscard]] core::Pence rule_total(model::RuleIndex r) {
    core::Pence total = 0;
    for_rule_cells(r, [&total](std::int64_t& v) { total += v; });
    return total;
  }
  [[nodiscard]] int months() const { return months_; }
  [[nodiscard]] int rules() const { return rules_; }
  [[nodiscard]] int groups() const { return groups_; }

 private:
  int months_, rules_, groups_;
  std::vector<std::int64_t> cells_;
};

//! A share in [0, 1] as an exact fraction with 9 decimals.
Fraction share_fraction(double share) {
  const auto num = std::llround(std::clamp(share, 0.0, 1.0) * static_cast<double>(NANO));
  return {static_cast<std::int64_t>(num), NANO};
}

//! Step 1: scales each reconciliation period of a graded rule by the share it earns.
void apply_graded(const model::Contract& contract, model::RuleIndex r,
                  const PaymentLedger<std::int64_t>& ledger, GrossCells& gross,
                  RuleTermsOutcome& out) {
  const auto& rule = contract.rules[static_cast<std::size_t>(r)];
  const auto periods =
      reconciliation_periods(*rule.graded, ledger.months, model::year_start_offset(contract));
  for (std::size_t k = 0; k < periods.size(); ++k) {
    const auto& period = periods[k];
    std::int64_t events = 0;
    for (model::Month t = period.measured_from + rule.lag_months;
         t <= period.last + rule.lag_months && t < ledger.months; ++t) {
      events += ledger.payment_count_total(t, r);
    }
    const std::int64_t treated = ledger.treated_total(r, k);
    const double rate =
        treated > 0 ? static_cast<double>(events) / static_cast<double>(treated) : 0.0;
    const double share = graded_share(*rule.graded, rate);
    out.period_rates.push_back(rate);
    out.period_shares.push_back(share);
    gross.scale_rule(r, period.first, period.last, share_fraction(share));
  }
}

//! Step 4: clawbacks bounded by what their payments paid, and the contract cap, month by
//! month; writes the net cells into the ledger.
void settle_months(const std::optional<core::Pence>& cap, const std::vector<std::int64_t>& before,
                   GrossCells& gross, PaymentLedger<std::int64_t>& ledger,
                   ContractTermsReport& report) {
  const std::size_t cells_per_month = static_cast<std::size_t>(gross.rules()) * gross.groups();
  // Recoveries in month order (their key order is by payment month).
  std::vector<std::size_t> by_month(ledger.recoveries.size());
  std::iota(by_month.begin(), by_month.end(), std::size_t{0});
  std::stable_sort(by_month.begin(), by_month.end(), [&ledger](std::size_t a, std::size_t b) {
    return ledger.recoveries[a].month < ledger.recoveries[b].month;
  });
  std::vector<std::int64_t> clawed_stage1(before.size(), 0), recovered(before.size(), 0);
  std::vector<std::int64_t> recovered_in(before.size(), 0);  // by the clawback's cell
  std::vector<std::int64_t> positives;
  std::size_t next = 0;
  core::Pence cumulative = 0;
  for (model::Month t = 0; t < gross.months(); ++t) {
    core::Pence month_recovered = 0;
    for (; next < by_month.size() && ledger.recoveries[by_month[next]].month == t; ++next) {
      const auto& rec = ledger.recoveries[by_month[next]];
      const std::size_t paid = gross.index(rec.paid_month, rec.rule, rec.group);
      clawed_stage1[paid] += rec.amount;
      const std::int64_t due =
          before[paid] == 0 ? 0
                            : static_cast<std::int64_t>(static_cast<i128>(clawed_stage1[paid]) *
                                                        gross.cells()[paid] / before[paid]);
      const std::int64_t now = std::min(due, gross.cells()[paid]) - recovered[paid];
      recovered[paid] += now;
      recovered_in[gross.index(t, rec.rule, rec.group)] += now;
      report.rules[static_cast<std::size_t>(rec.rule)].recovered += now;
      report.recoveries_forgone += rec.amount - now;
      month_recovered += now;
    }
    std::int64_t* month = gross.cells().data() + static_cast<std::size_t>(t) * cells_per_month;
    core::Pence pos = 0;
    for (std::size_t c = 0; c < cells_per_month; ++c) pos += month[c];
    if (cap) {
      // Clawbacks are recovered in full first; they also free headroom for this month.
      const core::Pence allowed = *cap - cumulative + month_recovered;
      if (pos > allowed) {
        positives.assign(month, month + cells_per_month);
        scale_largest_remainder(positives, allowed, pos);
        std::copy(positives.begin(), positives.end(), month);
        if (!report.cap_binding) report.cap_binding = t;
        report.cut_by_cap += pos - allowed;
        pos = allowed;
      }
    }
    cumulative += pos - month_recovered;
  }
  for (std::size_t i = 0; i < ledger.payments.size(); ++i)
    ledger.payments[i] = gross.cells()[i] - recovered_in[i];
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
  if (contract.cap_per_contract && *contract.cap_per_contract < 0) {
    throw std::invalid_argument("apply_contract_terms: cap_per_contract must be >= 0 pence");
  }
  const std::int64_t admissions = total_admissions(admissions_by_group);
  ledger.compact_recoveries();
  report = ContractTermsReport{};
  report.rules.resize(contract.rules.size());
  GrossCells gross(ledger);
  const std::vector<std::int64_t> before = gross.cells();
  for (model::RuleIndex r = 0; r < ledger.rules; ++r) {
    const auto& rule = contract.rules[static_cast<std::size_t>(r)];
    auto& out = report.rules[static_cast<std::size_t>(r)];
    out.qualifying = rule_qualifying(ledger, r);
    out.rate = achieved_rate(out.qualifying, admissions);
    out.total_before = rule_total(ledger, r);
    if (rule.graded) apply_graded(contract, r, ledger, gross, out);
    if (rule.cohort_threshold) {
      if (!(*rule.cohort_threshold >= 0)) {
        throw std::invalid_argument("apply_contract_terms: rule '" + rule.name +
                                    "': cohort_threshold must be >= 0");
      }
      out.threshold_met = meets_threshold(*rule.cohort_threshold, out.qualifying, admissions);
      if (!out.threshold_met) gross.for_rule_cells(r, [](std::int64_t& v) { v = 0; });
    }
    if (rule.deadweight_baseline && out.threshold_met) {
      const Fraction f = deadweight_fraction(*rule.deadweight_baseline, out.qualifying, admissions);
      out.payable_share = static_cast<double>(f.num) / static_cast<double>(f.den);
      gross.scale_rule(r, 0, ledger.months - 1, f);
    }
    out.total_after_terms = gross.rule_total(r);
  }
  settle_months(contract.cap_per_contract, before, gross, ledger, report);
}

}  // namespace pbr::rules
