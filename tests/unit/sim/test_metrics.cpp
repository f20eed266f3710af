// Metrics on a hand-built tally: every definition checked against numbers worked here.
#include <catch2/catch.hpp>

#include "engine/sim/metrics.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "test_models.hpp"

using namespace pbr;
using SK = model::StateKind;

namespace {

enum : int { TREAT, DONE, REP, REC, DROP, DIED, UNTREATED };

model::Scenario two_groups() {
  auto s = test::skeleton({test::state("treat", SK::treatment), test::state("done", SK::completion),
                           test::state("rep", SK::representation), test::state("rec", SK::recovery),
                           test::state("drop", SK::dropout), test::state("died", SK::death),
                           test::state("untreated", SK::untreated)},
                          2, 3);
  s.bands = {{"low", ""}, {"high", ""}};
  s.groups[0].name = "a";
  s.groups[0].band = 1;
  s.groups[1].name = "b";
  s.groups[1].band = 0;
  model::PaymentRule r0, r1;
  r0.name = "fee";
  r0.amount_by_band = {1, 1};
  r1.name = "outcome";
  r1.amount_by_band = {1, 1};
  s.contract.rules = {r0, r1};
  s.economics.block_payment_per_month = 100000;  // 1000 pounds a month
  return s;
}

template <class T>
sim::ReplicationTally<T> hand_tally() {
  sim::ReplicationTally<T> t(7, 2, 2, 3);
  auto& a = t.by_group[0];
  a.referrals = 10, a.admissions = 8, a.refused = 1, a.turned_away = 1, a.existing = 2;
  a.waited = 3, a.wait_months = 5;
  const auto move = [](sim::GroupTally<T>& g, int from, int to, T n) {
    g.transitions[from * 7 + to] = n;
  };
  move(a, TREAT, DONE, 4);
  move(a, DONE, REP, 1);
  move(a, REP, TREAT, 1);
  move(a, TREAT, DIED, 1);
  move(a, DROP, DIED, 2);
  move(a, TREAT, DROP, 2);
  move(a, DONE, REC, 2);
  a.client_months[TREAT] = 20;
  a.client_months[DONE] = 6;
  auto& b = t.by_group[1];
  b.referrals = 4, b.admissions = 4;
  move(b, TREAT, DONE, 1);
  move(b, UNTREATED, DIED, 1);
  b.client_months[TREAT] = 9;
  // Payments (pence): fee 100.00 at month 0 and 50.00 at month 2 for a; outcome 200.00 at
  // month 1 and a clawback of 30.00 at month 2 for b.
  t.ledger.payment_at(0, 0, 0) = 10000;
  t.ledger.payment_at(2, 0, 0) = 5000;
  t.ledger.payment_at(1, 1, 1) = 20000;
  t.ledger.payment_at(2, 1, 1) = -3000;
  // Costs: a 120.00 a month, b 80.00 in month 0 only.
  for (int m = 0; m < 3; ++m) t.cost_at(m, 0) = 12000;
  t.cost_at(0, 1) = 8000;
  return t;
}

std::map<std::string, double> by_key(const std::vector<sim::MetricValue>& v) {
  std::map<std::string, double> out;
  for (const auto& m : v) out[m.metric + "|" + m.scope] = m.value;
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("metrics of a hand-built tally, per scope", "[sim][metrics]", std::int64_t,
                   double) {
  const auto s = two_groups();
  const auto values = sim::compute_metrics(s, hand_tally<TestType>());
  auto m = by_key(values);
  CHECK(m.at("referrals|total") == 14);
  CHECK(m.at("referrals|high") == 10);  // band of group a
  CHECK(m.at("referrals|b") == 4);
  CHECK(m.at("admissions|total") == 12);
  CHECK(m.at("refused|a") == 1);
  CHECK(m.at("turned_away|total") == 1);
  CHECK(m.at("existing|total") == 2);
  CHECK(m.at("admitted_after_wait|a") == 3);
  CHECK(m.at("mean_wait_months|a") == Approx(5.0 / 8));
  CHECK(m.at("mean_wait_months|total") == Approx(5.0 / 12));
  CHECK(m.at("mean_wait_months|b") == 0);
  CHECK(m.at("successful_completions|total") == 5);
  CHECK(m.at("re_presentations|a") == 1);
  CHECK(m.at("sustained_recoveries|a") == 2);
  CHECK(m.at("drop_outs|a") == 2);
  CHECK(m.at("deaths_in_treatment|a") == 1);
  CHECK(m.at("deaths_out_of_treatment|a") == 2);
  CHECK(m.at("deaths_out_of_treatment|b") == 1);
  CHECK(m.at("deaths|total") == 4);
  CHECK(m.at("client_months_in_treatment|total") == 29);
  CHECK(m.at("payments_fee|a") == Approx(150.0));
  CHECK(m.at("payments_outcome|low") == Approx(170.0));
  CHECK(m.at("payments_total|total") == Approx(320.0));
  CHECK(m.at("block_payment|total") == Approx(3000.0));
  CHECK(m.count("block_payment|a") == 0);  // contract-wide: total only
  CHECK(m.at("provider_cost|total") == Approx(440.0));
  CHECK(m.at("provider_margin|total") == Approx(320.0 + 3000.0 - 440.0));
  CHECK(m.at("provider_margin|a") == Approx(150.0 - 360.0));  // no block payment per group
  CHECK(m.at("commissioner_spend|total") == Approx(3320.0));
  CHECK(m.at("cost_per_sustained_recovery|total") == Approx(3320.0 / 2));
  CHECK(m.at("cost_per_sustained_recovery|b") == 0);       // no recoveries: 0, never NaN
  CHECK(m.count("discounted_payments_total|total") == 0);  // no discount rate
}

TEST_CASE("discounted money weighs month t by (1 + r)^(-t/12)", "[sim][metrics]") {
  auto s = two_groups();
  s.contract.annual_discount_rate = 0.1;
  const auto m = by_key(sim::compute_metrics(s, hand_tally<std::int64_t>()));
  const auto d = [](int t) { return std::pow(1.1, -t / 12.0); };
  CHECK(m.at("discounted_payments_fee|total") == Approx(100.0 + 50.0 * d(2)));
  CHECK(m.at("discounted_payments_outcome|b") == Approx(200.0 * d(1) - 30.0 * d(2)));
  CHECK(m.at("discounted_block_payment|total") == Approx(1000.0 * (1 + d(1) + d(2))));
  CHECK(m.at("discounted_provider_cost|a") == Approx(120.0 * (1 + d(1) + d(2))));
  CHECK(m.at("discounted_commissioner_spend|total") ==
        Approx(100.0 + 50.0 * d(2) + 200.0 * d(1) - 30.0 * d(2) + 1000.0 * (1 + d(1) + d(2))));
  CHECK(m.at("discounted_provider_margin|b") == Approx(200.0 * d(1) - 30.0 * d(2) - 80.0));
  CHECK(m.at("payments_total|total") == Approx(320.0));  // undiscounted ones still there
}

TEST_CASE("metric order is fixed: catalogue order, then total, bands, groups", "[sim][metrics]") {
  auto s = two_groups();
  s.contract.annual_discount_rate = 0.05;
  const auto catalogue = sim::metric_catalogue(s);
  const auto values = sim::compute_metrics(s, hand_tally<std::int64_t>());
  // 5 scopes (total, 2 bands, 2 groups) per metric, 1 for the total-only ones (block
  // payments, PbR share); plus one financial year (3 months: "year 1") for the budget view.
  std::size_t per_year = 0, total_only = 0;
  for (const auto& info : catalogue) {
    per_year += info.per_year ? 1 : 0;
    total_only += info.total_only ? 1 : 0;
  }
  CHECK(total_only == 3);
  CHECK(per_year == 6);
  CHECK(values.size() == (catalogue.size() - total_only) * 5 + total_only + per_year);
  CHECK(values[0].metric == "referrals");
  CHECK(values[0].scope_kind == "total");
  CHECK(values[1].scope == "low");
  CHECK(values[2].scope == "high");
  CHECK(values[3].scope == "a");
  CHECK(values[4].scope_kind == "group");
  CHECK(values[5].metric == "admissions");
  std::size_t i = 0;
  for (const auto& info : catalogue) {
    CHECK(values[i].metric == info.name);
    CHECK(values[i].unit == info.unit);
    CHECK_FALSE(info.description.empty());
    i += (info.total_only ? 1 : 5) + (info.per_year ? 1 : 0);
  }
  CHECK(i == values.size());
  CHECK(catalogue[16].name == "treatment_starts");
  CHECK(catalogue[17].name == "payments_fee");
  CHECK(catalogue.back().name == "discounted_commissioner_spend");
  // Only the mean of ratios is undefined (NaN) where a scope has no sustained recovery.
  for (const auto& v : values) {
    if (v.metric != "cost_per_sustained_recovery_mean_of_ratios") CHECK_FALSE(std::isnan(v.value));
  }
  auto wrong = s;
  wrong.horizon_months = 4;
  CHECK_THROWS_AS(sim::compute_metrics(wrong, hand_tally<std::int64_t>()), std::invalid_argument);
}

TEMPLATE_TEST_CASE("financial years: money by the year of its month, adding up to the total",
                   "[sim][metrics][budget]", std::int64_t, double) {
  auto s = two_groups();
  s.contract.start = model::CalendarMonth{2013, 2};  // months 0, 1 in 2012/13; month 2 in 2013/14
  s.economics.block_changes = {{2, 50000}};          // 500 pounds a month from month 2
  const auto values = sim::compute_metrics(s, hand_tally<TestType>());
  std::map<std::string, double> m;
  std::vector<std::string> years;
  for (const auto& v : values) {
    if (v.scope_kind != "financial_year") continue;
    m[v.metric + "|" + v.scope] = v.value;
    if (v.metric == "payments_total") years.push_back(v.scope);
  }
  CHECK(years == std::vector<std::string>{"2012/13", "2013/14"});
  CHECK(m.at("payments_total|2012/13") == Approx(100.0 + 200.0));
  CHECK(m.at("payments_total|2013/14") == Approx(50.0 - 30.0));
  CHECK(m.at("block_payment|2012/13") == Approx(2000.0));
  CHECK(m.at("block_payment|2013/14") == Approx(500.0));
  CHECK(m.at("provider_cost|2012/13") == Approx(120.0 * 2 + 80.0));
  CHECK(m.at("provider_cost|2013/14") == Approx(120.0));
  CHECK(m.at("commissioner_spend|2012/13") == Approx(2300.0));
  CHECK(m.at("provider_margin|2013/14") == Approx(520.0 - 120.0));
  CHECK(m.at("pbr_share_of_income|2012/13") == Approx(300.0 / 2300.0));
  CHECK(m.at("pbr_share_of_income|2013/14") == Approx(20.0 / 520.0));
  CHECK(m.count("referrals|2012/13") == 0);  // counts are not split by year
  const auto t = by_key(values);
  CHECK(t.at("pbr_share_of_income|total") == Approx(320.0 / 2820.0));
  CHECK(t.count("pbr_share_of_income|a") == 0);  // total and years only
  CHECK(t.count("pbr_share_of_income|low") == 0);
  // The years add up to the total, to the penny.
  for (const char* metric : {"payments_total", "block_payment", "provider_cost", "provider_margin",
                             "commissioner_spend"}) {
    CAPTURE(metric);
    const std::string name = metric;
    CHECK(std::llround(100 * m.at(name + "|2012/13")) +
              std::llround(100 * m.at(name + "|2013/14")) ==
          std::llround(100 * t.at(name + "|total")));
  }
}

TEST_CASE("financial years from a calendar start: labels, partial years, block changes",
          "[sim][metrics][budget]") {
  auto s = two_groups();
  s.horizon_months = 30;
  s.contract.start = model::CalendarMonth{2012, 10};
  s.economics.block_payment_per_month = 100000;  // 1000 pounds a month
  s.economics.block_changes = {{12, 40000}};     // 400 pounds a month from month 12
  const sim::ReplicationTally<std::int64_t> empty(7, 2, 2, 30);
  std::vector<std::pair<std::string, double>> block;
  for (const auto& v : sim::compute_metrics(s, empty)) {
    if (v.metric == "block_payment" && v.scope_kind == "financial_year") {
      block.emplace_back(v.scope, v.value);
    }
  }
  // 2012/13: Oct-Mar, 6 months at 1000; 2013/14: 6 at 1000 and 6 at 400; 2014/15: 12 at 400.
  REQUIRE(block.size() == 3);
  CHECK(block[0] == std::pair<std::string, double>{"2012/13", 6 * 1000.0});
  CHECK(block[1].first == "2013/14");
  CHECK(block[1].second == Approx(6 * 1000.0 + 6 * 400.0));
  CHECK(block[2].first == "2014/15");
  CHECK(block[2].second == Approx(12 * 400.0));
  // Without a start, contract years of 12 months: 30 months are year 1, 2 and a partial 3.
  s.contract.start.reset();
  std::vector<std::string> labels;
  for (const auto& v : sim::compute_metrics(s, empty)) {
    if (v.metric == "block_payment" && v.scope_kind == "financial_year") labels.push_back(v.scope);
  }
  CHECK(labels == std::vector<std::string>{"year 1", "year 2", "year 3"});
}
