#include <catch2/catch.hpp>

#include <vector>

#include "engine/strategy/selection.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using namespace pbr::strategy::testing;

namespace {

sim::ReplicationTally<std::int64_t> tally_with(const model::Scenario& s,
                                               const std::vector<std::int64_t>& referrals,
                                               const std::vector<std::int64_t>& admissions) {
  sim::ReplicationTally<std::int64_t> t(
      static_cast<int>(s.states.size()), static_cast<int>(s.groups.size()),
      static_cast<int>(s.contract.rules.size()), s.horizon_months);
  for (std::size_t g = 0; g < s.groups.size(); ++g) {
    t.by_group[g].referrals = referrals[g];
    t.by_group[g].admissions = admissions[g];
    t.by_group[g].refused = referrals[g] - admissions[g];
  }
  return t;
}

}  // namespace

TEST_CASE("severity mix compares admissions with referrals by band and attribute",
          "[strategy][selection]") {
  auto s = two_group_scenario();
  // A third group: band high, no crack use, and a housing attribute only it has.
  s.groups.push_back({"housed", 0.0, 1, {{"crack_use", "no"}, {"housing", "stable"}}, ""});
  s.transitions.push_back(s.transitions[0]);
  s.economics.cost_per_month.push_back(s.economics.cost_per_month[0]);
  // Two replications: referrals 60/30/10 in total per replication pair, admissions 50/0/10.
  const std::vector<sim::ReplicationTally<std::int64_t>> tallies{
      tally_with(s, {30, 15, 5}, {25, 0, 5}), tally_with(s, {30, 15, 5}, {25, 0, 5})};
  const auto mix = strategy::severity_mix(s, sim::sum_of<std::int64_t>(tallies));
  // band low, band high, crack_use no, crack_use yes, housing (none), housing stable
  REQUIRE(mix.size() == 6);
  CHECK(mix[0].dimension == "band");
  CHECK(mix[0].value == "low");
  CHECK(mix[0].referral_share == Approx(0.6));
  CHECK(mix[0].admission_share == Approx(50.0 / 60.0));
  CHECK(mix[1].value == "high");
  CHECK(mix[1].referral_share == Approx(0.4));
  CHECK(mix[1].admission_share == Approx(10.0 / 60.0));
  CHECK(mix[1].difference() == Approx(10.0 / 60.0 - 0.4));
  CHECK(mix[2].dimension == "crack_use");
  CHECK(mix[2].value == "no");
  CHECK(mix[2].referral_share == Approx(0.7));
  CHECK(mix[2].admission_share == Approx(1.0));
  CHECK(mix[3].value == "yes");
  CHECK(mix[3].admission_share == 0.0);
  CHECK(mix[4].dimension == "housing");
  CHECK(mix[4].value == "(none)");
  CHECK(mix[4].referral_share == Approx(0.9));
  CHECK(mix[5].value == "stable");
  CHECK(mix[5].admission_share == Approx(10.0 / 60.0));
}

TEST_CASE("severity mix of admit-everyone equals the referral mix", "[strategy][selection]") {
  const auto s = two_group_scenario();
  const std::vector<sim::ReplicationTally<std::int64_t>> tallies{tally_with(s, {40, 60}, {40, 60})};
  for (const auto& row : strategy::severity_mix(s, tallies[0])) {
    CHECK(row.difference() == Approx(0.0).margin(1e-15));
  }
}

TEST_CASE("untreated outcomes count moves out of untreated states", "[strategy][selection]") {
  const auto s = two_group_scenario();
  auto t = tally_with(s, {40, 60}, {40, 20});
  const auto S = static_cast<std::size_t>(t.states);
  t.by_group[1].turned_away = 5;
  t.by_group[1].refused = 35;
  t.by_group[1].transitions[UNTREATED * S + DIED] = 3;
  t.by_group[1].transitions[UNTREATED * S + RECOVERED] = 4;
  t.by_group[1].transitions[TREAT * S + DIED] = 7;  // a death in treatment: not counted
  const std::vector<sim::ReplicationTally<std::int64_t>> tallies{t,
                                                                 tally_with(s, {40, 60}, {40, 60})};
  const auto u = strategy::untreated_outcomes(s, sim::sum_of<std::int64_t>(tallies), 2);
  CHECK(u.referrals == 100.0);
  CHECK(u.refused == Approx(17.5));
  CHECK(u.turned_away == Approx(2.5));
  CHECK(u.deaths == Approx(1.5));
  CHECK(u.recoveries == Approx(2.0));
}

TEST_CASE("population cost is a paired difference per 1,000 referrals", "[strategy][selection]") {
  strategy::PopulationCostAccumulator acc;
  // Two replications: referrals, recoveries, deaths, not admitted, admissions, months waited.
  acc.add({500, 50, 5, 0, 500, 10}, {500, 45, 6, 100, 400, 60});
  acc.add({1000, 100, 10, 0, 1000, 0}, {1000, 80, 10, 300, 700, 30});
  const auto pc = acc.result();
  CHECK(pc.recoveries_lost.mean == Approx((10.0 + 20.0) / 2));
  CHECK(pc.deaths_added.mean == Approx((2.0 + 0.0) / 2));
  CHECK(pc.turned_away.mean == Approx((200.0 + 300.0) / 2));
  CHECK(pc.starts_lost.mean == Approx((200.0 + 300.0) / 2));
  CHECK(pc.months_waited_added.mean == Approx((100.0 + 30.0) / 2));
  CHECK(pc.turned_away.n == 2);
  CHECK_THROWS_WITH(strategy::PopulationCostAccumulator().result(),
                    "SummaryAccumulator: no values");
}
