#pragma once
//! \file Small scenarios built in code for the strategy tests (no JSON: format/ is a later module).
//!
//! States: 0 in_treatment (treatment), 1 completed (completion), 2 dropped_out (dropout),
//! 3 died (death, absorbing), 4 untreated (untreated), 5 recovered (recovery, absorbing).
//! Bands "low" (0) and "high" (1); group "easy" in low, "hard" in high, half the referrals
//! each. A completion pays the same in both bands, but "hard" completes far less often, so
//! its margin is negative: the textbook cherry-picking contract.

#include <random>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"

namespace pbr::strategy::testing {

inline constexpr model::StateIndex TREAT = 0, DONE = 1, DROP = 2, DIED = 3, UNTREATED = 4,
                                   RECOVERED = 5;

//! Sets the monthly probability of from -> to in every cell of group g.
inline void set_exit(model::Scenario& s, int g, model::StateIndex from, model::StateIndex to,
                     double p) {
  for (auto& cell :
       s.transitions[static_cast<std::size_t>(g)].from[static_cast<std::size_t>(from)].cells) {
    bool found = false;
    for (auto& e : cell.exits) {
      if (e.to == to) {
        e.probability = p;
        found = true;
      }
    }
    if (!found) cell.exits.push_back({to, p});
  }
}

//! A behaviour with the same entry for every group.
inline model::Behaviour uniform_behaviour(const model::Scenario& s, const std::string& name,
                                          model::GroupBehaviour gb) {
  model::Behaviour b;
  b.name = name;
  b.groups.assign(s.groups.size(), gb);
  return b;
}

//! The two-group scenario of the file comment. Deterministic referrals: a starting cohort of
//! `cohort` and `rate` a month; £200 a month in treatment; £2,000 per completion (both bands).
//! Behaviours: "park" (cost x0.5, completion x0.5), "fast_track" (completion x1.5).
inline model::Scenario two_group_scenario(double p_easy = 0.12, double p_hard = 0.03,
                                          model::Month horizon = 24, std::int64_t cohort = 100,
                                          double rate = 20.0) {
  model::Scenario s;
  s.name = "two_groups";
  s.horizon_months = horizon;
  s.states = {{"in_treatment", model::StateKind::treatment, false, ""},
              {"completed", model::StateKind::completion, false, ""},
              {"dropped_out", model::StateKind::dropout, false, ""},
              {"died", model::StateKind::death, true, ""},
              {"untreated", model::StateKind::untreated, false, ""},
              {"recovered", model::StateKind::recovery, true, ""}};
  s.bands = {{"low", ""}, {"high", ""}};
  s.groups = {{"easy", 0.5, 0, {{"crack_use", "no"}}, ""},
              {"hard", 0.5, 1, {{"crack_use", "yes"}}, ""}};
  for (int g = 0; g < 2; ++g) {
    model::GroupTransitions gt;
    gt.from.assign(s.states.size(), model::StateSchedule{});
    s.transitions.push_back(gt);
    s.economics.cost_per_month.push_back({20000, 0, 0, 0, 0, 0});
  }
  for (int g = 0; g < 2; ++g) {
    set_exit(s, g, TREAT, DONE, g == 0 ? p_easy : p_hard);
    set_exit(s, g, TREAT, DROP, 0.03);
    set_exit(s, g, TREAT, DIED, 0.001);
    set_exit(s, g, DONE, RECOVERED, 0.05);
    set_exit(s, g, DROP, DIED, 0.002);
    set_exit(s, g, UNTREATED, RECOVERED, 0.01);
    set_exit(s, g, UNTREATED, DIED, 0.002);
  }
  s.referrals.poisson = false;
  s.referrals.starting_cohort = cohort;
  s.referrals.monthly_rate = {{0, rate}};
  s.referrals.admission_state = TREAT;
  s.referrals.untreated_state = UNTREATED;
  model::PaymentRule completion;
  completion.name = "completion";
  completion.kind = model::RuleKind::outcome_payment;
  completion.trigger_states = {DONE};
  completion.amount_by_band = {200000, 200000};
  s.contract.rules = {completion};

  model::GroupBehaviour park;
  park.cost_multiplier = 0.5;
  park.multipliers = {{TREAT, DONE, 0.5}};
  s.behaviours.push_back(uniform_behaviour(s, "park", park));
  model::GroupBehaviour fast;
  fast.multipliers = {{TREAT, DONE, 1.5}};
  s.behaviours.push_back(uniform_behaviour(s, "fast_track", fast));
  s.strategies.names = {"admit_all", "cherry_pick", "park", "fast_track", "best_response"};
  s.run.seed = 7;
  s.run.replications = 100;
  return s;
}

//! two_group_scenario with a positive average margin (easy +773, hard -213 pounds), hard
//! completions at 0.06, £3,000 per completion in both bands and no fast_track behaviour: the
//! calibration tests' case, where equal band margins remove every incentive.
inline model::Scenario profitable_on_average() {
  auto s = two_group_scenario(0.12, 0.06);
  s.contract.rules[0].amount_by_band = {300000, 300000};
  s.behaviours.pop_back();
  s.strategies.names = {"admit_all", "cherry_pick", "park", "worst_case"};
  return s;
}

//! Gives `s` (a two_group_scenario) `groups` groups named g0, g1, ..., each a copy of group 0's
//! transitions and costs, in a random band (low or high) with a random share (normalised);
//! draws, per group in order, the band and then the share from `rng`. The generated-scenario
//! tests then set each group's exits.
inline void random_groups(model::Scenario& s, int groups, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  s.groups.resize(static_cast<std::size_t>(groups), s.groups[0]);
  s.transitions.resize(static_cast<std::size_t>(groups), s.transitions[0]);
  s.economics.cost_per_month.resize(static_cast<std::size_t>(groups),
                                    s.economics.cost_per_month[0]);
  double total_share = 0.0;
  for (int g = 0; g < groups; ++g) {
    auto& grp = s.groups[static_cast<std::size_t>(g)];
    grp.name = "g" + std::to_string(g);
    grp.band = static_cast<model::BandIndex>(rng() % 2);
    grp.share = 0.1 + 0.9 * u(rng);
    total_share += grp.share;
  }
  for (auto& grp : s.groups) grp.share /= total_share;
}

}  // namespace pbr::strategy::testing
