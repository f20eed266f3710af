#include <catch2/catch.hpp>

#include "engine/strategy/deadweight.hpp"
#include "unit/strategy/strategy_scenarios.hpp"

using namespace pbr;
using namespace pbr::strategy::testing;

namespace {

strategy::PolicyEconomics econ(std::vector<double> qualifying, std::vector<double> payments) {
  strategy::PolicyEconomics e;
  for (std::size_t g = 0; g < qualifying.size(); ++g) {
    strategy::GroupEconomics ge;
    ge.rule_qualifying = {qualifying[g], 1.0};
    ge.rule_payments = {payments[g], 5000.0};
    e.groups.push_back(ge);
  }
  return e;
}

}  // namespace

TEST_CASE("deadweight scales each group's outcome payments by q_untreated / q_treated",
          "[strategy][deadweight]") {
  model::Contract c;
  c.rules.resize(2);
  c.rules[0].name = "recovery";
  c.rules[0].kind = model::RuleKind::outcome_payment;
  c.rules[1].name = "fee";
  c.rules[1].kind = model::RuleKind::attachment_fee;  // not an outcome: excluded
  // Group 0: treated 40% qualify (paying 400p per client), untreated 10%: a quarter is
  // deadweight. Group 1: untreated 60% > treated 30%: all of it (capped at 1).
  const auto treated = econ({0.4, 0.3}, {400.0, 300.0});
  const auto untreated = econ({0.1, 0.6}, {0.0, 0.0});
  const auto d = strategy::deadweight_from(c, {0.75, 0.25}, treated, untreated);
  REQUIRE(d.rules.size() == 1);
  CHECK(d.rules[0].rule == "recovery");
  CHECK(d.rules[0].payments == Approx(0.75 * 400 + 0.25 * 300));
  CHECK(d.rules[0].deadweight == Approx(0.75 * 400 * 0.25 + 0.25 * 300 * 1.0));
  CHECK(d.rules[0].treated_probability == Approx(0.75 * 0.4 + 0.25 * 0.3));
  CHECK(d.rules[0].untreated_probability == Approx(0.75 * 0.1 + 0.25 * 0.6));
  CHECK(d.share() == Approx((75.0 + 75.0) / 375.0));
}

TEST_CASE("deadweight of a recovery payment is the ratio of pathway probabilities, exactly",
          "[strategy][deadweight]") {
  // Horizon 2, everyone referred at month 0: treated clients recover with probability 0.2 at
  // the end of month 0, untreated ones with 0.05. The rule pays on recovery, so a quarter of
  // what it pays is for recoveries the untreated pathway would have produced.
  auto s = two_group_scenario(0.12, 0.03, 2, 100, 0.0);
  for (int g = 0; g < 2; ++g) {
    s.transitions[static_cast<std::size_t>(g)].from[TREAT].cells[0].exits.clear();
    set_exit(s, g, TREAT, RECOVERED, 0.2);
    s.transitions[static_cast<std::size_t>(g)].from[UNTREATED].cells[0].exits.clear();
    set_exit(s, g, UNTREATED, RECOVERED, 0.05);
  }
  s.contract.rules[0].trigger_states = {RECOVERED};
  model::PaymentRule fee;
  fee.name = "fee";
  fee.kind = model::RuleKind::attachment_fee;
  fee.trigger_states = {TREAT};
  fee.amount_by_band = {10000, 10000};
  s.contract.rules.push_back(fee);
  const auto d = strategy::analyse_deadweight(s, {});
  CHECK(d.method == strategy::MarginMethod::exact);
  REQUIRE(d.rules.size() == 1);
  CHECK(d.rules[0].treated_probability == Approx(0.2).epsilon(1e-12));
  CHECK(d.rules[0].untreated_probability == Approx(0.05).epsilon(1e-12));
  CHECK(d.rules[0].payments == Approx(0.2 * 200000).epsilon(1e-12));
  CHECK(d.share() == Approx(0.25).epsilon(1e-12));
}

TEST_CASE("no untreated route to the outcome means no deadweight", "[strategy][deadweight]") {
  const auto s = two_group_scenario();  // completions only happen in treatment
  const auto d = strategy::analyse_deadweight(s, {});
  REQUIRE(d.rules.size() == 1);
  CHECK(d.rules[0].untreated_probability == 0.0);
  CHECK(d.share() == 0.0);
  CHECK(d.payments > 0.0);
}
