#pragma once
// Scenarios for bench_sim, built in code so that the benchmark links pbr::sim only:
// the 6-state reference chain (docs/reference-chain.md) and an in-code copy of
// scenarios/default.json (same states, groups, rates, costs and payment rules).

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/scenario.hpp"

namespace pbr::bench {

using model::Exit;
using model::Month;
using model::StateKind;

inline model::StateSchedule one_cell(std::vector<Exit> exits) {
  model::StateSchedule s;
  s.cells = {model::TransitionCell{std::move(exits)}};
  return s;
}

inline model::StateSchedule by_duration(std::vector<Month> starts,
                                        std::vector<std::vector<Exit>> cells) {
  model::StateSchedule s;
  s.duration_starts = std::move(starts);
  s.cells.clear();
  for (auto& c : cells) s.cells.push_back(model::TransitionCell{std::move(c)});
  return s;
}

inline model::State make_state(std::string name, StateKind kind, bool absorbing = false) {
  model::State s;
  s.name = std::move(name);
  s.kind = kind;
  s.absorbing = absorbing;
  return s;
}

//! The reference chain: `clients` all in treatment at month 0, no contract, no costs.
inline model::Scenario reference_chain(std::int64_t clients, Month months) {
  model::Scenario s;
  s.name = "reference_chain";
  s.horizon_months = months;
  s.states = {make_state("in_treatment", StateKind::treatment),
              make_state("completed", StateKind::community),
              make_state("dropped_out", StateKind::dropout),
              make_state("re_presenting", StateKind::representation),
              make_state("died", StateKind::death, true),
              make_state("sustained", StateKind::recovery)};
  s.bands = {{"all", ""}};
  s.groups = {{"all", 1.0, 0, {}, ""}};
  model::GroupTransitions t;
  t.from = {one_cell({{1, 0.040}, {2, 0.050}, {4, 0.002}}),
            one_cell({{3, 0.030}, {4, 0.001}, {5, 0.039}}),
            one_cell({{0, 0.020}, {3, 0.035}, {4, 0.005}}),
            one_cell({{0, 0.300}, {2, 0.100}, {4, 0.005}}),
            one_cell({}),
            one_cell({{3, 0.005}, {4, 0.001}})};
  s.transitions = {t};
  s.referrals.starting_cohort = clients;
  s.referrals.poisson = false;
  s.referrals.admission_state = 0;
  s.referrals.untreated_state = 2;
  s.economics.cost_per_month = {std::vector<core::Pence>(6, 0)};
  return s;
}

}  // namespace pbr::bench
