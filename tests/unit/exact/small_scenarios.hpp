#pragma once
//! \file Builders of small scenarios in code for the exact-mode tests (no JSON: format/ is
//! another module).

#include <string>
#include <vector>

#include "engine/model/scenario.hpp"

namespace pbr::exact::testing {

//! A scenario with one state per kind given (named s0, s1, ...; death states absorbing),
//! one band, `groups` groups of equal share, no exits, no referrals, zero costs, no rules.
//! Admitted referrals start in state 0, refused ones in `untreated` (default state 0).
inline model::Scenario small_scenario(const std::vector<model::StateKind>& kinds,
                                      model::Month horizon, int groups = 1) {
  model::Scenario s;
  s.name = "small";
  s.horizon_months = horizon;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    s.states.push_back(
        {"s" + std::to_string(i), kinds[i], kinds[i] == model::StateKind::death, ""});
  }
  s.bands = {{"low", ""}, {"high", ""}};
  for (int g = 0; g < groups; ++g) {
    s.groups.push_back({"g" + std::to_string(g), 1.0 / groups, 0, {}, ""});
    model::GroupTransitions gt;
    gt.from.assign(kinds.size(), model::StateSchedule{});
    s.transitions.push_back(gt);
    s.economics.cost_per_month.emplace_back(kinds.size(), 0);
  }
  s.referrals.poisson = false;
  s.referrals.monthly_rate = {{0, 0.0}};
  return s;
}

//! Sets the monthly probability of from -> to in every cell of group g's schedule.
inline void set_exit(model::Scenario& s, int g, model::StateIndex from, model::StateIndex to,
                     double p) {
  for (auto& cell : s.transitions[static_cast<std::size_t>(g)].from[from].cells) {
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

//! Sets every group's from -> to probability.
inline void set_exit_all(model::Scenario& s, model::StateIndex from, model::StateIndex to,
                         double p) {
  for (std::size_t g = 0; g < s.groups.size(); ++g) set_exit(s, static_cast<int>(g), from, to, p);
}

//! Gives group g's state `from` duration bands and calendar periods (cells start empty).
inline void set_pieces(model::Scenario& s, int g, model::StateIndex from,
                       std::vector<model::Month> duration_starts,
                       std::vector<model::Month> month_starts) {
  auto& sched = s.transitions[static_cast<std::size_t>(g)].from[from];
  sched.cells.assign(duration_starts.size() * month_starts.size(), model::TransitionCell{});
  sched.duration_starts = std::move(duration_starts);
  sched.month_starts = std::move(month_starts);
}

//! A per-client rule paying `amount` pence (every band) on entry into `trigger`.
inline model::PaymentRule simple_rule(const std::string& name,
                                      std::vector<model::StateIndex> trigger, core::Pence amount) {
  model::PaymentRule r;
  r.name = name;
  r.trigger_states = std::move(trigger);
  r.amount_by_band = {amount, amount};
  return r;
}

}  // namespace pbr::exact::testing
