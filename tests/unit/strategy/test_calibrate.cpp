#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "engine/core/money.hpp"
#include "engine/strategy/calibrate.hpp"
#include "engine/strategy/risk.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using strategy::CalibrationObjective;
using strategy::testing::profitable_on_average;
using strategy::testing::two_group_scenario;

namespace {

// Penny rounding: each payment moves by at most half a penny per payment, so margins move by
// at most 0.5p times the expected payments per client (< 1 here) per rule.
constexpr double PENNY_TOLERANCE = 1.0;

}  // namespace

TEST_CASE("objective names parse", "[strategy][calibrate]") {
  CHECK(strategy::parse_objective("equal_margin") == CalibrationObjective::equal_margin);
  CHECK(strategy::parse_objective("gaming_gain") == CalibrationObjective::gaming_gain);
  CHECK_FALSE(strategy::parse_objective("equal"));
  CHECK(strategy::to_string(CalibrationObjective::gaming_gain) == "gaming_gain");
}

TEST_CASE("band multipliers scale every rule's band amount to the penny", "[strategy][calibrate]") {
  model::Contract c;
  c.rules.resize(2);
  c.rules[0].amount_by_band = {100000, 33333};
  c.rules[1].amount_by_band = {5000, 0};
  const auto out = strategy::scale_band_amounts(c, {1.5, 0.5});
  CHECK(out.rules[0].amount_by_band == std::vector<core::Pence>{150000, 16667});
  CHECK(out.rules[1].amount_by_band == std::vector<core::Pence>{7500, 0});
  CHECK_THROWS_AS(strategy::scale_band_amounts(c, {1.0}), std::invalid_argument);
  CHECK_THROWS_AS(strategy::scale_band_amounts(c, {1.0, -0.1}), std::invalid_argument);
}

TEST_CASE("calibrate gives equal band margins in exact mode, same expected payment",
          "[strategy][calibrate]") {
  const auto s = profitable_on_average();
  const auto res = strategy::calibrate(s, {});
  REQUIRE(res.converged);
  CHECK(res.rounds == 1);  // linear: solved directly
  CHECK(res.after.honest.method == strategy::MarginMethod::exact);
  CHECK(res.spread_before > 90000.0);
  CHECK(res.spread_after <= PENNY_TOLERANCE);
  CHECK(std::fabs(res.after.honest.bands[0].margin - res.after.honest.bands[1].margin) <=
        PENNY_TOLERANCE);
  CHECK(res.payment_after == Approx(res.payment_before).margin(PENNY_TOLERANCE));
  // The common margin is the old average margin: total payment and cost are unchanged.
  CHECK(res.after.honest.overall.margin ==
        Approx(res.before.honest.overall.margin).margin(PENNY_TOLERANCE));
  // The hard band is paid more, the easy band less; amounts are the rounded scaled ones.
  CHECK(res.multipliers[0] < 1.0);
  CHECK(res.multipliers[1] > 1.0);
  CHECK(res.contract.rules[0].amount_by_band[1] == core::scale_pence(300000, res.multipliers[1]));
  CHECK(res.gain_after == Approx(0.0).margin(1e-9));
  CHECK(res.gain_before > 0.05);
}

TEST_CASE("the calibrated tariff has a low verdict and no gain", "[strategy][calibrate][stat]") {
  auto s = profitable_on_average();
  const auto res = strategy::calibrate(s, {});
  strategy::CompareSettings cs;
  cs.run.seed = 17;
  cs.run.replications = 60;
  const auto before =
      strategy::build_risk_report(s, strategy::compare_strategies(s, cs, s.strategies.names));
  CHECK(before.verdict.verdict == strategy::Verdict::high);
  s.contract = res.contract;
  const auto after =
      strategy::build_risk_report(s, strategy::compare_strategies(s, cs, s.strategies.names));
  CHECK(after.verdict.verdict == strategy::Verdict::low);
  for (const auto& r : after.strategies) CHECK(r.gain.difference.mean == 0.0);
}

TEST_CASE("equal margins give no gain from refusing a group (within 4 standard errors)",
          "[strategy][calibrate][stat]") {
  // Scale the tariff until payments cover exactly the cost on average, then equalise: every
  // group's margin is then about 0, so refusing half of a group's referrals cannot pay.
  auto s = profitable_on_average();
  const auto m = strategy::analyse_margins(s, {});
  const double pay = strategy::expected_payment(s, m);
  const double margin = m.honest.overall.margin;
  s.contract =
      strategy::scale_band_amounts(s.contract, std::vector<double>(2, (pay - margin) / pay));
  s.contract = strategy::calibrate(s, {}).contract;
  const auto zero = strategy::analyse_margins(s, {});
  REQUIRE(std::fabs(zero.honest.groups[0].margin) <= PENNY_TOLERANCE);
  REQUIRE(std::fabs(zero.honest.groups[1].margin) <= PENNY_TOLERANCE);

  model::Behaviour half;
  half.name = "refuse_half_hard";
  half.groups.assign(2, model::GroupBehaviour{});
  half.groups[1].admission_probability = 0.5;
  s.behaviours.push_back(half);
  s.referrals.poisson = true;
  strategy::CompareSettings cs;
  cs.run.seed = 4242;
  cs.run.replications = 200;
  const std::vector<std::string> names{"refuse_half_hard"};
  const auto rep = strategy::build_risk_report(s, strategy::compare_strategies(s, cs, names));
  const auto& g = rep.strategies[1].gain.difference;
  INFO("gain " << g.mean << " se " << g.se);
  REQUIRE(g.se > 0.0);
  CHECK(std::fabs(g.mean) <= 4.0 * g.se);
  CHECK(rep.strategies[1].extra_not_admitted > 0.2);  // it does refuse a quarter of referrals
}

TEST_CASE("gaming_gain moves payment between bands until parking no longer pays enough",
          "[strategy][calibrate]") {
  auto s = profitable_on_average();
  for (auto& gb : s.behaviours[0].groups) {
    gb.multipliers[0].factor = 0.6;  // parking: completion x0.6
    gb.cost_multiplier = 0.5;        // for half the cost
  }
  const auto equal = strategy::calibrate(s, {});
  REQUIRE(equal.gain_after > 0.045);  // equal margins leave parking profitable
  strategy::CalibrationSettings gs;
  gs.objective = CalibrationObjective::gaming_gain;
  gs.tolerance = 0.045;
  const auto res = strategy::calibrate(s, gs);
  CHECK(res.converged);
  CHECK(res.gain_after <= 0.045);
  CHECK(res.gain_after < equal.gain_after);
  CHECK(res.payment_after == Approx(res.payment_before).margin(PENNY_TOLERANCE));
  // An unreachable tolerance: the closest result, reported as not converged.
  gs.tolerance = 0.001;
  const auto best = strategy::calibrate(s, gs);
  CHECK_FALSE(best.converged);
  CHECK(best.gain_after <= res.gain_after + 1e-9);
  CHECK_FALSE(best.notes.empty());
}

TEST_CASE("calibrate equalises Monte Carlo margins within their intervals",
          "[strategy][calibrate][stat]") {
  auto s = profitable_on_average();
  s.contract.cap_per_client = 1000000;  // never binds, but exact mode refuses it: Monte Carlo
  strategy::CalibrationSettings cal;
  cal.margins.seed = 8;
  cal.margins.replications = 100;
  const auto res = strategy::calibrate(s, cal);
  CHECK(res.after.honest.method == strategy::MarginMethod::monte_carlo);
  // Measured again with other random numbers: equal within 4 standard errors of the difference.
  s.contract = res.contract;
  strategy::MarginSettings check;
  check.seed = 12345;
  check.replications = 100;
  const auto m = strategy::analyse_margins(s, check);
  const auto& b = m.honest.bands;
  const double se = std::sqrt(b[0].se * b[0].se + b[1].se * b[1].se);
  INFO("low " << b[0].margin << " high " << b[1].margin << " se " << se);
  CHECK(std::fabs(b[0].margin - b[1].margin) <= 4.0 * se);
  CHECK(res.spread_before > 50.0 * se);
}

TEST_CASE("a band without payments cannot be calibrated and says so", "[strategy][calibrate]") {
  auto s = profitable_on_average();
  s.contract.rules[0].amount_by_band[1] = 0;
  const auto res = strategy::calibrate(s, {});
  CHECK(res.multipliers[1] == 1.0);
  REQUIRE_FALSE(res.notes.empty());
  CHECK_THAT(res.notes[0], Catch::Contains("band 'high' has no payments"));
}
