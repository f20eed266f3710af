// model::check_invariants, StateSchedule lookups and the annual-to-monthly conversions, on
// scenarios built in code (the way sweeps and tests build them, without JSON).
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <limits>

#include "engine/model/scenario.hpp"

using namespace pbr::model;

namespace {

// A consistent two-group, three-state scenario: in treatment -> completed / died.
Scenario valid_scenario() {
  Scenario s;
  s.name = "code";
  s.horizon_months = 12;
  s.states = {{"in_treatment", StateKind::treatment, false, ""},
              {"completed", StateKind::completion, false, ""},
              {"died", StateKind::death, true, ""},
              {"untreated", StateKind::untreated, false, ""}};
  s.bands = {{"low", ""}, {"high", ""}};
  s.groups = {{"a", 0.25, 0, {}, ""}, {"b", 0.75, 1, {{"crack_use", "yes"}}, ""}};
  s.transitions.assign(2, GroupTransitions{std::vector<StateSchedule>(4)});
  for (auto& g : s.transitions) {
    g.from[0].cells[0].exits = {{1, 0.1}, {2, 0.01}};
  }
  s.referrals.monthly_rate = {{0, 10.0}};
  s.referrals.admission_state = 0;
  s.referrals.untreated_state = 3;
  s.economics.cost_per_month.assign(2, std::vector<pbr::core::Pence>(4, 0));
  PaymentRule rule;
  rule.name = "completion";
  rule.trigger_states = {1};
  rule.amount_by_band = {50000, 80000};
  s.contract.rules = {rule};
  Behaviour park;
  park.name = "park";
  park.groups.resize(2);
  park.groups[1].multipliers = {{0, 1, 0.5}};
  s.behaviours = {park};
  return s;
}

bool mentions(const std::vector<std::string>& problems, const std::string& text) {
  for (const auto& p : problems) {
    if (p.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a consistent scenario has no invariant problems", "[model][invariants]") {
  CHECK(check_invariants(valid_scenario()).empty());
}

TEST_CASE("each broken invariant is reported", "[model][invariants]") {
  using Breaker = std::function<void(Scenario&)>;
  const std::vector<std::pair<std::string, Breaker>> cases = {
      {"horizon_months must be >= 1", [](Scenario& s) { s.horizon_months = 0; }},
      {"no states",
       [](Scenario& s) {
         s.states.clear();
         s.transitions.clear();
       }},
      {"no bands", [](Scenario& s) { s.bands.clear(); }},
      {"share outside [0,1]", [](Scenario& s) { s.groups[0].share = -0.25; }},
      {"group shares sum to", [](Scenario& s) { s.groups[0].share = 0.3; }},
      {"band out of range", [](Scenario& s) { s.groups[1].band = 2; }},
      {"death states must be absorbing", [](Scenario& s) { s.states[2].absorbing = false; }},
      {"one entry per group expected", [](Scenario& s) { s.transitions.pop_back(); }},
      {"one schedule per state expected", [](Scenario& s) { s.transitions[0].from.pop_back(); }},
      {"probability outside [0,1]",
       [](Scenario& s) { s.transitions[0].from[0].cells[0].exits[0].probability = 1.5; }},
      {"probability outside [0,1]",
       [](Scenario& s) {
         s.transitions[0].from[0].cells[0].exits[0].probability =
             std::numeric_limits<double>::quiet_NaN();
       }},
      {"exit probabilities sum above 1",
       [](Scenario& s) {
         s.transitions[1].from[0].cells[0].exits = {{1, 0.6}, {2, 0.5}};
       }},
      {"exit to an invalid state",
       [](Scenario& s) { s.transitions[0].from[0].cells[0].exits[0].to = 0; }},
      {"exit to an invalid state",
       [](Scenario& s) { s.transitions[0].from[0].cells[0].exits[0].to = 9; }},
      {"absorbing state has exits",
       [](Scenario& s) {
         s.transitions[0].from[2].cells[0].exits = {{0, 0.1}};
       }},
      {"must start at 0", [](Scenario& s) { s.transitions[0].from[1].duration_starts = {1}; }},
      {"cell count does not match",
       [](Scenario& s) {
         s.transitions[0].from[1].month_starts = {0, 6};
       }},
      {"invalid admission state", [](Scenario& s) { s.referrals.admission_state = 4; }},
      {"invalid untreated state", [](Scenario& s) { s.referrals.untreated_state = -1; }},
      {"invalid waiting state", [](Scenario& s) { s.referrals.waiting_state = 7; }},
      {"one cost row per group", [](Scenario& s) { s.economics.cost_per_month.pop_back(); }},
      {"one cost per state", [](Scenario& s) { s.economics.cost_per_month[0].pop_back(); }},
      {"negative cost", [](Scenario& s) { s.economics.cost_per_month[1][0] = -1; }},
      {"negative capacity", [](Scenario& s) { s.economics.capacity = -1; }},
      {"needs a waiting state",
       [](Scenario& s) {
         s.economics.capacity = 10;
         s.economics.overflow = OverflowPolicy::wait;
       }},
      {"one amount per band", [](Scenario& s) { s.contract.rules[0].amount_by_band = {1}; }},
      {"negative amount", [](Scenario& s) { s.contract.rules[0].amount_by_band[1] = -1; }},
      {"invalid trigger state", [](Scenario& s) { s.contract.rules[0].trigger_states = {4}; }},
      {"negative lag", [](Scenario& s) { s.contract.rules[0].lag_months = -1; }},
      {"negative discount rate", [](Scenario& s) { s.contract.annual_discount_rate = -0.01; }},
      {"one entry per group expected", [](Scenario& s) { s.behaviours[0].groups.pop_back(); }},
      {"admission probability outside [0,1]",
       [](Scenario& s) { s.behaviours[0].groups[0].admission_probability = 1.1; }},
      {"negative cost multiplier",
       [](Scenario& s) { s.behaviours[0].groups[0].cost_multiplier = -0.5; }},
      {"invalid transition multiplier",
       [](Scenario& s) { s.behaviours[0].groups[1].multipliers[0].to = 4; }},
      {"invalid transition multiplier",
       [](Scenario& s) { s.behaviours[0].groups[1].multipliers[0].factor = -1; }},
      {"replications must be >= 1", [](Scenario& s) { s.run.replications = 0; }},
  };
  for (const auto& [expected, breaker] : cases) {
    Scenario s = valid_scenario();
    breaker(s);
    const auto problems = check_invariants(s);
    CAPTURE(expected);
    CHECK(mentions(problems, expected));
  }
}

TEST_CASE("overflow 'wait' with a waiting state is consistent", "[model][invariants]") {
  Scenario s = valid_scenario();
  s.states.push_back({"waiting", StateKind::waiting, false, ""});
  for (auto& g : s.transitions) g.from.emplace_back();
  for (auto& row : s.economics.cost_per_month) row.push_back(0);
  s.referrals.waiting_state = 4;
  s.economics.capacity = 10;
  s.economics.overflow = OverflowPolicy::wait;
  CHECK(check_invariants(s).empty());
}

TEST_CASE("StateSchedule finds the band, period and cell holding a month", "[model][schedule]") {
  StateSchedule s;
  s.duration_starts = {0, 1, 6};
  s.month_starts = {0, 12};
  s.cells.assign(6, TransitionCell{});
  for (int i = 0; i < 6; ++i) s.cells[static_cast<std::size_t>(i)].exits = {{9, 0.01 * (i + 1)}};
  CHECK(s.band_of(0) == 0);
  CHECK(s.band_of(1) == 1);
  CHECK(s.band_of(5) == 1);
  CHECK(s.band_of(6) == 2);
  CHECK(s.band_of(600) == 2);  // the last band is open-ended
  CHECK(s.period_of(0) == 0);
  CHECK(s.period_of(11) == 0);
  CHECK(s.period_of(12) == 1);
  CHECK(s.period_of(1000) == 1);
  // cells[period * bands + band]
  CHECK(s.cell(0, 0).exits[0].probability == Approx(0.01));
  CHECK(s.cell(11, 3).exits[0].probability == Approx(0.02));
  CHECK(s.cell(12, 0).exits[0].probability == Approx(0.04));
  CHECK(s.cell(30, 7).exits[0].probability == Approx(0.06));
  CHECK(&s.cell_at(1, 2) == &s.cell(12, 6));
  CHECK(s.cell(5, 5).exit_probability() == Approx(0.02));
  CHECK_FALSE(s.has_no_exits());
  StateSchedule empty;
  CHECK(empty.has_no_exits());
  CHECK(empty.band_of(40) == 0);
  empty.cells[0].exits = {{1, 0.0}};
  CHECK(empty.has_no_exits());  // zero-probability exits do not count
}

TEST_CASE("annual figures convert to the monthly probability with the same annual risk",
          "[model][conversion]") {
  CHECK(monthly_from_annual_probability(0.0) == 0.0);
  CHECK(monthly_from_annual_probability(1.0) == 1.0);
  for (double p_year : {0.02, 0.074, 0.36, 0.9}) {
    const double p = monthly_from_annual_probability(p_year);
    CAPTURE(p_year);
    CHECK(1.0 - std::pow(1.0 - p, 12.0) == Approx(p_year).epsilon(1e-12));
  }
  CHECK(monthly_from_annual_probability(0.074) == Approx(0.0063863).epsilon(1e-4));
  CHECK(monthly_from_annual_rate(0.0) == 0.0);
  for (double rate : {0.007, 0.3, 2.0}) {
    const double p = monthly_from_annual_rate(rate);
    CAPTURE(rate);
    // Twelve months of survival reproduce exp(-rate).
    CHECK(std::pow(1.0 - p, 12.0) == Approx(std::exp(-rate)).epsilon(1e-12));
  }
}
