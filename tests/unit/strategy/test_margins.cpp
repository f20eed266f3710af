#include <catch2/catch.hpp>

#include <cmath>

#include "engine/exact/exact.hpp"
#include "engine/sim/policy.hpp"
#include "engine/strategy/margins.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using strategy::testing::two_group_scenario;

TEST_CASE("margin scenario drops what is not per client", "[strategy][margins]") {
  auto s = two_group_scenario();
  s.groups[0].share = 0.8;
  s.groups[1].share = 0.2;
  s.referrals.existing.push_back({50, strategy::testing::TREAT, 3});
  s.economics.capacity = 10;
  s.contract.rules[0].cohort_threshold = 0.3;
  s.contract.rules[0].deadweight_baseline = 0.1;
  s.contract.cap_per_contract = 100;
  s.contract.cap_per_client = 500000;
  const auto m = strategy::margin_scenario(s);
  CHECK(m.referrals.existing.empty());
  CHECK_FALSE(m.economics.capacity);
  CHECK_FALSE(m.contract.rules[0].cohort_threshold);
  CHECK_FALSE(m.contract.rules[0].deadweight_baseline);
  CHECK_FALSE(m.contract.cap_per_contract);
  CHECK(m.contract.cap_per_client == 500000);  // part of a client's tariff: kept
  CHECK(m.groups[0].share == 0.5);
  CHECK(m.groups[1].share == 0.5);
}

TEST_CASE("margin scenario values groups of a scenario without referrals", "[strategy][margins]") {
  auto s = two_group_scenario(0.12, 0.03, 24, 0, 0.0);
  CHECK(strategy::margin_scenario(s).referrals.starting_cohort == 1000);
}

TEST_CASE("discount factors follow (1+r)^(-t/12)", "[strategy][margins]") {
  const auto d = strategy::discount_factors(0.035, 25);
  CHECK(d[0] == 1.0);
  CHECK(d[12] == Approx(1.0 / 1.035).epsilon(1e-14));
  CHECK(d[24] == Approx(1.0 / (1.035 * 1.035)).epsilon(1e-14));
  for (double f : strategy::discount_factors(0.0, 5)) CHECK(f == 1.0);
}

TEST_CASE("preliminary seed differs from the run seed", "[strategy][margins]") {
  CHECK(strategy::preliminary_seed(1) != 1);
  CHECK(strategy::preliminary_seed(strategy::preliminary_seed(42)) == 42);
}

TEST_CASE("exact margins match the exact module's margin per admission", "[strategy][margins]") {
  const auto s = two_group_scenario();
  const auto policy = sim::admit_all_policy(s);
  const auto econ = strategy::policy_economics(s, policy, {});
  REQUIRE(econ.method == strategy::MarginMethod::exact);
  const auto reference = exact::expected_margin_per_admission(s, policy);  // pounds
  for (std::size_t g = 0; g < 2; ++g) {
    CHECK(econ.groups[g].margin / 100.0 == Approx(reference[g]).epsilon(1e-9));
    CHECK(econ.groups[g].margin == Approx(econ.groups[g].payments - econ.groups[g].cost));
    CHECK(econ.groups[g].margin_se == 0.0);
  }
  CHECK(econ.groups[0].margin > 0.0);  // easy pays
  CHECK(econ.groups[1].margin < 0.0);  // hard loses money
  // Bands hold one group each; the total weighs them by referral shares.
  CHECK(econ.bands[0].margin == econ.groups[0].margin);
  CHECK(econ.bands[1].margin == econ.groups[1].margin);
  CHECK(econ.overall.margin == Approx(0.5 * econ.groups[0].margin + 0.5 * econ.groups[1].margin));
  // One rule: its payments are all the payments, and qualifying is a probability.
  CHECK(econ.groups[0].rule_payments[0] == Approx(econ.groups[0].payments));
  CHECK(econ.groups[0].rule_qualifying[0] > 0.0);
  CHECK(econ.groups[0].rule_qualifying[0] <= 1.0);
}

TEST_CASE("margins weight bands by the scenario's shares, not the margin scenario's",
          "[strategy][margins]") {
  auto s = two_group_scenario();
  s.groups[1].band = 0;  // both groups in band low
  s.groups[0].share = 0.75;
  s.groups[1].share = 0.25;
  const auto econ = strategy::policy_economics(s, sim::admit_all_policy(s), {});
  CHECK(econ.bands[0].margin ==
        Approx(0.75 * econ.groups[0].margin + 0.25 * econ.groups[1].margin));
  CHECK(econ.bands[1].weight == 0.0);
}

TEST_CASE("discounting lowers margins' money as the contract discounts it", "[strategy][margins]") {
  auto s = two_group_scenario();
  const auto plain = strategy::policy_economics(s, sim::admit_all_policy(s), {});
  s.contract.annual_discount_rate = 0.1;
  const auto disc = strategy::policy_economics(s, sim::admit_all_policy(s), {});
  CHECK(disc.groups[0].payments < plain.groups[0].payments);
  CHECK(disc.groups[0].cost < plain.groups[0].cost);
  CHECK(disc.groups[0].treatment_months == Approx(plain.groups[0].treatment_months));
}

TEST_CASE("Monte Carlo margins agree with exact margins within 4 standard errors",
          "[strategy][margins][stat]") {
  const auto s = two_group_scenario();
  const auto policy = sim::admit_all_policy(s);
  const auto exact = strategy::policy_economics(s, policy, {});
  strategy::MarginSettings ms;
  ms.seed = 2024;
  ms.replications = 200;
  ms.force_monte_carlo = true;
  const auto mc = strategy::policy_economics(s, policy, ms);
  REQUIRE(mc.method == strategy::MarginMethod::monte_carlo);
  CHECK(mc.replications == 200);
  for (std::size_t g = 0; g < 2; ++g) {
    INFO("group " << g << " exact " << exact.groups[g].margin << " mc " << mc.groups[g].margin
                  << " se " << mc.groups[g].margin_se);
    CHECK(mc.groups[g].margin_se > 0.0);
    CHECK(std::fabs(mc.groups[g].margin - exact.groups[g].margin) <= 4.0 * mc.groups[g].margin_se);
  }
}

TEST_CASE("a per-client cap sends margins to the preliminary Monte Carlo", "[strategy][margins]") {
  auto s = two_group_scenario();
  s.contract.cap_per_client = 1000000;
  strategy::MarginSettings ms;
  ms.replications = 20;
  const auto econ = strategy::policy_economics(s, sim::admit_all_policy(s), ms);
  CHECK(econ.method == strategy::MarginMethod::monte_carlo);
  CHECK_FALSE(econ.exact_refusals.empty());
}
