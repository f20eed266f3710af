// The shipped pilot scenarios show what they claim: kent_rising_pbr's PbR share of provider
// income rises by financial year from about 25% to about 60%; wigan_pilot's graded payments
// pay part, not all nor none, of their tariffs; wigan_block is its block counterfactual with
// about the same expected income. Each is run from the repository's file with a few
// replications and judged from the run's tallies (ledger payments by month and
// Economics::block_payment_at).
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/format/scenario_reader.hpp"
#include "engine/model/contract.hpp"
#include "engine/rules/contract_terms.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/policy.hpp"

namespace {

using namespace pbr;

model::Scenario shipped(const std::string& name) {
  return format::load_scenario(std::string(PBR_SOURCE_DIR) + "/scenarios/" + name).scenario;
}

std::vector<sim::ReplicationTally<std::int64_t>> run_admit_all(const model::Scenario& s,
                                                               int replications) {
  return sim::run_cohort(s, sim::admit_all_policy(s),
                         {.seed = s.run.seed, .replications = replications});
}

//! PbR payments of rule `r` summed over groups and months, averaged over replications.
double mean_rule_total(const std::vector<sim::ReplicationTally<std::int64_t>>& tallies,
                       model::RuleIndex r) {
  double total = 0;
  for (const auto& t : tallies) total += static_cast<double>(rules::rule_total(t.ledger, r));
  return total / static_cast<double>(tallies.size());
}

//! PbR payments (all rules) of month `t`, summed over the replications.
std::int64_t pbr_in_month(const std::vector<sim::ReplicationTally<std::int64_t>>& tallies,
                          model::Month t) {
  std::int64_t sum = 0;
  for (const auto& tally : tallies) {
    const auto& ledger = tally.ledger;
    for (int r = 0; r < ledger.rules; ++r)
      for (int g = 0; g < ledger.groups; ++g) sum += ledger.payment_at(t, r, g);
  }
  return sum;
}

//! Mean expected income (block + PbR) over the contract, per replication.
double mean_income(const model::Scenario& s,
                   const std::vector<sim::ReplicationTally<std::int64_t>>& tallies) {
  double income = 0;
  for (model::Month t = 0; t < s.horizon_months; ++t) {
    income += static_cast<double>(pbr_in_month(tallies, t)) / static_cast<double>(tallies.size());
    income += static_cast<double>(s.economics.block_payment_at(t));
  }
  return income;
}

}  // namespace

TEST_CASE("kent_rising_pbr: the PbR share of income rises by financial year, 25% to 60%",
          "[cli][scenarios]") {
  const auto s = shipped("kent_rising_pbr.json");
  REQUIRE(s.bands.size() == 5);
  REQUIRE(s.contract.start.has_value());
  CHECK(*s.contract.start == model::CalendarMonth{2012, 4});
  REQUIRE(s.horizon_months == 48);
  const auto tallies = run_admit_all(s, 4);

  const int years = model::financial_year_of(s.contract, s.horizon_months - 1) + 1;
  REQUIRE(years == 4);
  std::vector<double> pbr(years, 0.0), block(years, 0.0);
  for (model::Month t = 0; t < s.horizon_months; ++t) {
    const auto k = static_cast<std::size_t>(model::financial_year_of(s.contract, t));
    pbr[k] += static_cast<double>(pbr_in_month(tallies, t)) / static_cast<double>(tallies.size());
    block[k] += static_cast<double>(s.economics.block_payment_at(t));
  }
  std::vector<double> share(years), income(years);
  for (std::size_t k = 0; k < share.size(); ++k) {
    income[k] = pbr[k] + block[k];
    share[k] = pbr[k] / income[k];
    CAPTURE(k, share[k], income[k]);
    if (k > 0) {
      CHECK(share[k] > share[k - 1] + 0.05);
      CHECK(block[k] < block[k - 1]);  // the block falls each April
      // Total expected income roughly constant (within 5% of the first year's).
      CHECK(income[k] == Approx(income[0]).epsilon(0.05));
    }
  }
  CHECK(share.front() == Approx(0.25).margin(0.02));
  CHECK(share.back() == Approx(0.60).margin(0.03));
  // The tariffs rise each April: every band's amount, for every rule.
  for (const auto& rule : s.contract.rules) {
    REQUIRE(rule.tariff_changes.size() == 3);
    for (model::BandIndex b = 0; b < 5; ++b)
      for (model::Month t : {12, 24, 36}) CHECK(rule.amount_at(b, t) > rule.amount_at(b, t - 1));
  }
}

TEST_CASE("wigan_pilot: graded payments pay a share strictly between 0 and 1 of the tariff",
          "[cli][scenarios]") {
  const auto s = shipped("wigan_pilot.json");
  REQUIRE(s.bands.size() == 3);
  REQUIRE(s.contract.start.has_value());
  CHECK(*s.contract.start == model::CalendarMonth{2012, 4});
  CHECK(s.horizon_months >= 24);
  REQUIRE(s.contract.rules.size() == 3);
  CHECK(s.contract.rules[0].kind == model::RuleKind::attachment_fee);
  CHECK(s.contract.rules[0].frequency == model::PayFrequency::once_per_episode);
  CHECK_FALSE(s.contract.rules[0].graded.has_value());
  CHECK_FALSE(s.contract.rules[1].no_reentry.has_value());
  REQUIRE(s.contract.rules[2].no_reentry.has_value());
  CHECK(s.contract.rules[2].no_reentry->months == 6);

  auto ungraded = s;
  for (auto& rule : ungraded.contract.rules) rule.graded.reset();
  // Common random numbers: the same seed, so the same clients and events.
  const auto graded_run = run_admit_all(s, 3);
  const auto plain_run = run_admit_all(ungraded, 3);
  CHECK(mean_rule_total(graded_run, 0) == mean_rule_total(plain_run, 0));
  for (model::RuleIndex r : {1, 2}) {
    const auto& rule = s.contract.rules[static_cast<std::size_t>(r)];
    CAPTURE(rule.name);
    CHECK(rule.kind == model::RuleKind::outcome_payment);
    REQUIRE(rule.graded.has_value());
    CHECK(rule.graded->reconcile_every_months == 3);
    CHECK(rule.graded->measured_over_months == 12);
    // The schedule rises with the achievement rate.
    for (std::size_t i = 1; i < rule.graded->points.size(); ++i)
      CHECK(rule.graded->points[i].share > rule.graded->points[i - 1].share);
    const double paid = mean_rule_total(graded_run, r);
    const double tariff = mean_rule_total(plain_run, r);
    CAPTURE(paid, tariff);
    REQUIRE(tariff > 0);
    CHECK(paid > 0.1 * tariff);
    CHECK(paid < 0.95 * tariff);
  }
}

TEST_CASE("wigan_block: no PbR and about the same expected income as wigan_pilot",
          "[cli][scenarios]") {
  const auto pilot = shipped("wigan_pilot.json");
  const auto block = shipped("wigan_block.json");
  CHECK(block.contract.rules.empty());
  CHECK(block.horizon_months == pilot.horizon_months);
  CHECK(block.groups.size() == pilot.groups.size());
  const double pilot_income = mean_income(pilot, run_admit_all(pilot, 3));
  const double block_income = mean_income(block, run_admit_all(block, 1));
  CAPTURE(pilot_income, block_income);
  CHECK(block_income == Approx(pilot_income).epsilon(0.01));
}
