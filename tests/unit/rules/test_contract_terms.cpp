// Contract-level terms (stage 2) on small ledgers worked by hand.
#include "engine/rules/contract_terms.hpp"

#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

namespace {

using pbr::model::Contract;
using pbr::model::PaymentRule;
using pbr::rules::apply_contract_terms;
using pbr::rules::ContractTermsReport;
using Ledger = pbr::rules::PaymentLedger<std::int64_t>;
using V = std::vector<std::int64_t>;

Contract contract_with(int rules) {
  Contract c;
  for (int r = 0; r < rules; ++r) {
    PaymentRule rule;
    rule.name = "rule" + std::to_string(r);
    rule.amount_by_band = {1};
    c.rules.push_back(rule);
  }
  return c;
}

//! Records a stage-1 clawback as rules::add_to_ledger does: a negative cell at the clawback's
//! month and a recovery that names the month of the payment it recovers.
void claw(Ledger& l, int paid_month, int month, int rule, int group, std::int64_t amount) {
  l.payment_at(month, rule, group) -= amount;
  l.recoveries.push_back({paid_month, month, rule, group, amount});
}

//! Sum of every cell.
std::int64_t net_total(const Ledger& l) {
  return std::accumulate(l.payments.begin(), l.payments.end(), std::int64_t{0});
}

//! The cells of rule r, month-major then group.
V cells(const Ledger& l, int r) {
  V v;
  for (int t = 0; t < l.months; ++t) {
    for (int g = 0; g < l.groups; ++g) v.push_back(l.payment_at(t, r, g));
  }
  return v;
}

}  // namespace

TEST_CASE("scale_largest_remainder gives exact totals", "[rules]") {
  using pbr::rules::scale_largest_remainder;
  SECTION("ties go to the lowest index") {
    // 350 * 2/3 = 233.33 -> total 233. Floors: 100*2/3 = 66 r2 (x3), 50*2/3 = 33 r1.
    // Sum of floors 231, deficit 2: the two first cells with remainder 2 get +1.
    V v{100, 100, 100, 0, 50, 0};
    scale_largest_remainder(v, 2, 3);
    CHECK(v == V{67, 67, 66, 0, 33, 0});
  }
  SECTION("negative values round towards minus infinity") {
    // -100/3 = -33.33: floor -34 remainder 2; 50/3: floor 16 remainder 2.
    // Total -50/3 = -16.67 -> -17; floors -18; deficit 1 -> first cell: -33.
    V v{-100, 50};
    scale_largest_remainder(v, 1, 3);
    CHECK(v == V{-33, 16});
  }
  SECTION("the largest remainder wins over a lower index") {
    // 40000*50000/65000 = 30769 r15000; 25000*50000/65000 = 19230 r50000; deficit 1.
    V v{40000, 25000};
    scale_largest_remainder(v, 50000, 65000);
    CHECK(v == V{30769, 19231});
  }
  SECTION("the identity and zero") {
    V v{5, -7, 11};
    scale_largest_remainder(v, 9, 9);
    CHECK(v == V{5, -7, 11});
    scale_largest_remainder(v, 0, 9);
    CHECK(v == V{0, 0, 0});
  }
  SECTION("large amounts do not overflow") {
    // 3e15 pence * (3e18 - 1) / 3e18 = 3e15 - 0.001 -> 3e15 - 1. Each cell: floor 1e15 - 1,
    // equal remainders; deficit 2 goes to the first two cells.
    V v{1'000'000'000'000'000, 1'000'000'000'000'000, 1'000'000'000'000'000};
    scale_largest_remainder(v, 2'999'999'999'999'999'999, 3'000'000'000'000'000'000);
    CHECK(std::accumulate(v.begin(), v.end(), std::int64_t{0}) == 2'999'999'999'999'999);
    CHECK(v == V{1'000'000'000'000'000, 1'000'000'000'000'000, 999'999'999'999'999});
  }
  SECTION("bad fractions are rejected") {
    V v{1};
    CHECK_THROWS_AS(scale_largest_remainder(v, 4, 3), std::invalid_argument);
    CHECK_THROWS_AS(scale_largest_remainder(v, 0, 0), std::invalid_argument);
  }
}

TEST_CASE("cohort threshold met or missed", "[rules]") {
  // 2 groups, admissions 6 + 4 = 10; rule 0 qualifying 2 + 1 = 3 (rate 0.3).
  auto c = contract_with(2);
  Ledger l(3, 2, 2);
  l.qualifying_at(0, 0) = 2;
  l.qualifying_at(0, 1) = 1;
  l.qualifying_at(1, 0) = 1;
  l.payment_at(0, 0, 0) = 500;
  l.payment_at(1, 0, 1) = 300;
  claw(l, 1, 2, 0, 1, 300);  // a clawback of the payment of month 1
  l.payment_at(1, 1, 0) = 700;
  const V admissions{6, 4};

  SECTION("met exactly: 3/10 reaches 0.3") {
    c.rules[0].cohort_threshold = 0.3;
    ContractTermsReport rep;
    auto m = l;
    apply_contract_terms(c, admissions, m, rep);
    CHECK(m.payments == l.payments);
    CHECK(rep.rules[0].threshold_met);
    CHECK(rep.rules[0].rate == Approx(0.3));
    CHECK(rep.rules[0].qualifying == 3);
    CHECK(rep.rules[0].total_before == 500);
  }
  SECTION("missed: 0.3 < 0.31 zeroes the rule, clawbacks included; other rules untouched") {
    c.rules[0].cohort_threshold = 0.31;
    ContractTermsReport rep;
    auto m = l;
    apply_contract_terms(c, admissions, m, rep);
    CHECK(cells(m, 0) == V(6, 0));
    CHECK(cells(m, 1) == cells(l, 1));
    CHECK_FALSE(rep.rules[0].threshold_met);
    CHECK(rep.rules[0].total_after_terms == 0);
    CHECK(m.qualifying == l.qualifying);  // counts of clients are not changed
  }
  SECTION("no admissions: the rate is undefined and the rule does not pay") {
    c.rules[0].cohort_threshold = 0.0;
    ContractTermsReport rep;
    auto m = l;
    apply_contract_terms(c, V{0, 0}, m, rep);
    CHECK(cells(m, 0) == V(6, 0));
    CHECK_FALSE(rep.rules[0].rate.has_value());
  }
}

TEST_CASE("deadweight baseline scales a rule exactly", "[rules]") {
  // Admissions 10, qualifying 3, baseline 0.1: payable = 3 - 0.1 * 10 = 2, factor 2/3.
  auto c = contract_with(1);
  c.rules[0].deadweight_baseline = 0.1;
  Ledger l(3, 1, 2);
  l.qualifying_at(0, 0) = 2;
  l.qualifying_at(0, 1) = 1;
  // Cells month-major: (t0,g0)=100 (t0,g1)=100 (t1,g0)=100 (t1,g1)=0 (t2,g0)=50 (t2,g1)=0.
  l.payment_at(0, 0, 0) = 100;
  l.payment_at(0, 0, 1) = 100;
  l.payment_at(1, 0, 0) = 100;
  l.payment_at(2, 0, 0) = 50;
  ContractTermsReport rep;
  apply_contract_terms(c, V{7, 3}, l, rep);
  // Total floor(350 * 2/3) = 233, split as in the scale_largest_remainder test.
  CHECK(cells(l, 0) == V{67, 67, 66, 0, 33, 0});
  CHECK(rep.rules[0].payable_share == Approx(2.0 / 3.0));
  CHECK(rep.rules[0].total_before == 350);
  CHECK(rep.rules[0].total_after_terms == 233);

  SECTION("a baseline at or above the achieved rate pays nothing") {
    Ledger z(1, 1, 1);
    z.qualifying_at(0, 0) = 3;
    z.payment_at(0, 0, 0) = 900;
    c.rules[0].deadweight_baseline = 0.3;  // 3 - 0.3 * 10 = 0
    apply_contract_terms(c, V{10}, z);
    CHECK(z.payment_at(0, 0, 0) == 0);
  }
}

TEST_CASE("deadweight_fraction is exact to 9 decimals", "[rules]") {
  using pbr::rules::deadweight_fraction;
  // n = 7, A = 20, b = 0.15: payable = 7 - 3 = 4 -> 4e9 / 7e9.
  const auto f = deadweight_fraction(0.15, 7, 20);
  CHECK(f.num == 4'000'000'000);
  CHECK(f.den == 7'000'000'000);
  CHECK(deadweight_fraction(0.5, 0, 10).num == 1);  // nothing qualifying: identity
  CHECK(deadweight_fraction(2.0, 5, 10).num == 0);
  CHECK(deadweight_fraction(0.0, 5, 10).num == deadweight_fraction(0.0, 5, 10).den);
  CHECK_THROWS_AS(deadweight_fraction(-0.1, 5, 10), std::invalid_argument);
}

TEST_CASE("contract cap binds mid-month", "[rules]") {
  // Two rules, two groups, four months; cap 100000.
  auto c = contract_with(2);
  c.cap_per_contract = 100000;
  Ledger l(4, 2, 2);
  l.payment_at(0, 0, 0) = 30000;  // month 0: 50000, cumulative 50000
  l.payment_at(0, 1, 1) = 20000;
  l.payment_at(1, 0, 0) = 40000;  // month 1: 65000 > 50000 left: scaled by 50000/65000
  l.payment_at(1, 1, 1) = 25000;  //   -> 30769 r15000 and 19230 r50000 (+1) = 50000
  l.payment_at(2, 0, 1) = 10000;  // month 2: cap reached, 0
  claw(l, 0, 3, 0, 0, 20000);     // month 3: 20000 of month 0's 30000 clawed back, paid
  l.payment_at(3, 0, 0) += 5000;  //   in full, so cumulative 80000: this 5000 fits
                                  //   (allowed 100000 - 100000 + 20000)
  ContractTermsReport rep;
  apply_contract_terms(c, V{1, 1}, l, rep);
  CHECK(l.payment_at(0, 0, 0) == 30000);
  CHECK(l.payment_at(0, 1, 1) == 20000);
  CHECK(l.payment_at(1, 0, 0) == 30769);
  CHECK(l.payment_at(1, 1, 1) == 19231);
  CHECK(l.payment_at(2, 0, 1) == 0);
  CHECK(l.payment_at(3, 0, 0) == 5000 - 20000);
  CHECK(net_total(l) == 85000);
  REQUIRE(rep.cap_binding.has_value());
  CHECK(*rep.cap_binding == 1);
  CHECK(rep.cut_by_cap == 15000 + 10000);

  SECTION("a cap that is never reached changes nothing") {
    auto d = contract_with(1);
    d.cap_per_contract = 1000;
    Ledger m(2, 1, 1);
    m.payment_at(0, 0, 0) = 400;
    m.payment_at(1, 0, 0) = 600;
    ContractTermsReport r2;
    apply_contract_terms(d, V{1}, m, r2);
    CHECK(m.payments == V{400, 600});
    CHECK_FALSE(r2.cap_binding.has_value());
  }
}

TEST_CASE("terms apply in order: threshold, deadweight, then the cap", "[rules]") {
  // Rule 0: threshold 0.5 met (5/10), deadweight 0.2: payable 5 - 2 = 3, factor 3/5.
  // Rule 1: threshold 0.6 missed (5/10): zeroed. Then cap 1000 on what is left.
  auto c = contract_with(2);
  c.rules[0].cohort_threshold = 0.5;
  c.rules[0].deadweight_baseline = 0.2;
  c.rules[1].cohort_threshold = 0.6;
  c.cap_per_contract = 1000;
  Ledger l(2, 2, 1);
  l.qualifying_at(0, 0) = 5;
  l.qualifying_at(1, 0) = 5;
  l.payment_at(0, 0, 0) = 1000;  // * 3/5 = 600
  l.payment_at(1, 0, 0) = 1000;  // * 3/5 = 600, then capped to 1000 - 600 = 400
  l.payment_at(0, 1, 0) = 5000;  // zeroed by the threshold
  ContractTermsReport rep;
  apply_contract_terms(c, V{10}, l, rep);
  CHECK(l.payments == V{600, 0, 400, 0});
  CHECK(rep.rules[0].total_after_terms == 1200);
  CHECK(rep.cut_by_cap == 200);
}

TEST_CASE("small helpers for the report", "[rules]") {
  using namespace pbr::rules;
  CHECK(*achieved_rate(3, 12) == Approx(0.25));
  CHECK_FALSE(achieved_rate(3, 0).has_value());
  CHECK(meets_threshold(0.25, 3, 12));
  CHECK_FALSE(meets_threshold(0.26, 3, 12));
  CHECK_FALSE(meets_threshold(0.0, 0, 0));
  Ledger l(2, 2, 2);
  l.qualifying_at(1, 0) = 4;
  l.qualifying_at(1, 1) = 5;
  l.payment_at(0, 1, 0) = 10;
  l.payment_at(1, 1, 1) = -3;
  CHECK(rule_qualifying(l, 1) == 9);
  CHECK(rule_total(l, 1) == 7);
  CHECK(rule_total(l, 0) == 0);
}

TEST_CASE("apply_contract_terms rejects mismatched shapes", "[rules]") {
  auto c = contract_with(2);
  Ledger l(2, 1, 1);
  CHECK_THROWS_WITH(apply_contract_terms(c, V{1}, l),
                    "apply_contract_terms: ledger has 1 rules, contract has 2");
  Ledger m(2, 2, 2);
  CHECK_THROWS_WITH(apply_contract_terms(c, V{1}, m),
                    "apply_contract_terms: admissions for 1 groups, ledger has 2");
}

TEST_CASE("a contract cap followed by clawbacks never recovers more than was paid", "[rules]") {
  // Ten payments of 100 pounds in months 0..9, cap 500 pounds: months 0..4 are paid, 5..9
  // cut to nothing. Every payment is clawed back ten months later. The commissioner paid
  // 500 pounds and recovers exactly that: net 0, never negative (it was -500 before the
  // recoveries were linked to their payments).
  auto c = contract_with(1);
  c.cap_per_contract = 50000;
  Ledger l(20, 1, 1);
  for (int t = 0; t < 10; ++t) {
    l.payment_at(t, 0, 0) += 10000;
    claw(l, t, t + 10, 0, 0, 10000);
  }
  ContractTermsReport rep;
  apply_contract_terms(c, V{10}, l, rep);
  CHECK(net_total(l) == 0);
  std::int64_t cumulative = 0;
  for (int t = 0; t < 20; ++t) {
    cumulative += l.payment_at(t, 0, 0);
    CHECK(cumulative >= 0);
  }
  for (int t = 0; t < 5; ++t) CHECK(l.payment_at(t + 10, 0, 0) == -10000);
  for (int t = 5; t < 10; ++t) CHECK(l.payment_at(t + 10, 0, 0) == 0);
  CHECK(rep.rules[0].recovered == 50000);
  CHECK(rep.recoveries_forgone == 50000);
  CHECK(rep.cut_by_cap == 50000);

  SECTION("a payment cut part-way is recovered in proportion, to the penny") {
    // Month 0: 300 + 300 against cap 400: each cell paid 200. Both clawed back: 200 each.
    auto d = contract_with(2);
    d.cap_per_contract = 40000;
    Ledger m(3, 2, 1);
    m.payment_at(0, 0, 0) = 30000;
    m.payment_at(0, 1, 0) = 30000;
    claw(m, 0, 1, 0, 0, 30000);
    claw(m, 0, 2, 1, 0, 10000);  // a third of rule 1's payment: recovers a third of 20000
    apply_contract_terms(d, V{2}, m);
    CHECK(m.payment_at(0, 0, 0) == 20000);
    CHECK(m.payment_at(0, 1, 0) == 20000);
    CHECK(m.payment_at(1, 0, 0) == -20000);
    CHECK(m.payment_at(2, 1, 0) == -6666);
  }
  SECTION("a missed threshold pays nothing and recovers nothing") {
    auto d = contract_with(1);
    d.rules[0].cohort_threshold = 1.0;
    Ledger m(3, 1, 1);
    m.qualifying_at(0, 0) = 1;
    m.payment_at(0, 0, 0) = 30000;
    claw(m, 0, 2, 0, 0, 30000);
    apply_contract_terms(d, V{2}, m);
    CHECK(m.payments == V{0, 0, 0});
  }
  SECTION("a deadweight baseline scales the clawbacks with their payments") {
    // qualifying 2 of 4, baseline 0.25: payable 2 - 1 = 1, factor 1/2.
    auto d = contract_with(1);
    d.rules[0].deadweight_baseline = 0.25;
    Ledger m(3, 1, 1);
    m.qualifying_at(0, 0) = 2;
    m.payment_at(0, 0, 0) = 30000;
    claw(m, 0, 2, 0, 0, 30000);
    apply_contract_terms(d, V{4}, m);
    CHECK(m.payments == V{15000, 0, -15000});
  }
  SECTION("a clawback without its payment month is refused") {
    Ledger m(2, 1, 1);
    m.payment_at(1, 0, 0) = -100;
    CHECK_THROWS_WITH(apply_contract_terms(contract_with(1), V{1}, m),
                      "apply_contract_terms: a negative gross payment; every clawback must be "
                      "recorded in the ledger's recoveries with the month of the payment it "
                      "recovers");
  }
}

TEST_CASE("graded payments pay the share the period's achievement earns", "[rules]") {
  // One rule, 1 group, horizon 12, reconciled every 6 months over fixed 6-month windows.
  // Schedule (steps): below 10% nothing, 10% -> half the tariff, 30% -> all of it.
  auto c = contract_with(1);
  pbr::model::GradedSchedule g;
  g.points = {{0.1, 0.5}, {0.3, 1.0}};
  g.reconcile_every_months = 6;
  g.measured_over_months = 6;
  c.rules[0].graded = g;
  Ledger l(12, 1, 1);
  l.treated_in_window[0] = {10, 10};
  // Period 0: 2 payments of 1000 (rate 2/10 = 20%: share 0.5). Period 1: 4 (40%: share 1).
  for (int t : {1, 3}) {
    l.payment_at(t, 0, 0) = 1000;
    l.payment_count_at(t, 0, 0) = 1;
  }
  for (int t : {6, 7, 8, 9}) {
    l.payment_at(t, 0, 0) = 1000;
    l.payment_count_at(t, 0, 0) = 1;
  }
  ContractTermsReport rep;
  SECTION("steps") {
    apply_contract_terms(c, V{20}, l, rep);
    CHECK(l.payment_at(1, 0, 0) == 500);
    CHECK(l.payment_at(3, 0, 0) == 500);
    CHECK(l.payment_at(6, 0, 0) == 1000);
    CHECK(net_total(l) == 5000);
    CHECK(rep.rules[0].period_rates == std::vector<double>{0.2, 0.4});
    CHECK(rep.rules[0].period_shares == std::vector<double>{0.5, 1.0});
  }
  SECTION("linear") {
    c.rules[0].graded->interpolation = pbr::model::Interpolation::linear;
    apply_contract_terms(c, V{20}, l, rep);
    // 20% is halfway from 10% to 30%: share 0.75.
    CHECK(l.payment_at(1, 0, 0) == 750);
    CHECK(rep.rules[0].period_shares[0] == Approx(0.75));
  }
  SECTION("a rolling 12-month window reconciled every 6 months") {
    c.rules[0].graded->measured_over_months = 12;
    l.treated_in_window[0] = {10, 20};  // the second window spans both halves
    apply_contract_terms(c, V{20}, l, rep);
    // Period 1 measures months 0..11: 6 events / 20 treated = 30%: share 1.
    CHECK(rep.rules[0].period_rates[1] == Approx(0.3));
    CHECK(l.payment_at(9, 0, 0) == 1000);
  }
  SECTION("no cohort counted: rate 0, nothing paid") {
    l.treated_in_window[0].clear();
    apply_contract_terms(c, V{20}, l, rep);
    CHECK(net_total(l) == 0);
  }
}
