#pragma once
// Scenarios for bench_sim, built in code so that the benchmark links pbr::sim only:
// the 6-state reference chain (../shared/peers/reference-chain.md) and an in-code copy of
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

//! scenarios/default.json, transcribed: Wigan-like pilot area, 4 groups in 3 bands,
//! 100 referrals a month (Poisson), 1,200 existing clients, 36 months, 3 payment rules.
inline model::Scenario default_like() {
  enum : int {
    WAIT,
    TREAT,
    AT_START,
    DONE,
    COMMUNITY,
    DROP,
    REPRESENT,
    RECOVERED,
    DIED,
    UNTREATED
  };
  const auto rate = [](double r) { return 1.0 - std::exp(-r / 12.0); };
  const auto annual = [](double p) { return 1.0 - std::pow(1.0 - p, 1.0 / 12.0); };
  model::Scenario s;
  s.name = "default_like";
  s.horizon_months = 36;
  s.states = {make_state("waiting", StateKind::waiting),
              make_state("in_treatment", StateKind::treatment),
              make_state("in_treatment_at_start", StateKind::treatment),
              make_state("completed", StateKind::completion),
              make_state("community", StateKind::community),
              make_state("dropped_out", StateKind::dropout),
              make_state("re_presented", StateKind::representation),
              make_state("recovered", StateKind::recovery),
              make_state("died", StateKind::death, true),
              make_state("untreated", StateKind::untreated)};
  s.bands = {{"high", ""}, {"medium", ""}, {"low", ""}};
  s.groups = {{"opiate_heroin_only", 0.105, 0, {}, ""},
              {"opiate_crack", 0.105, 0, {}, ""},
              {"non_opiate", 0.265, 1, {}, ""},
              {"alcohol", 0.525, 2, {}, ""}};
  struct GroupRates {
    double complete, drop, die_treat, die_out, represent_after_drop, recover_out;
  };
  const GroupRates rates[] = {{0.00946, 0.01111, 0.007, 0.013, 0.0234, 0.02},
                              {0.00743, 0.01333, 0.007, 0.013, 0.0234, 0.02},
                              {0.07157, 0.01267, 0.002, 0.004, 0.01, 0.1},
                              {0.08318, 0.01902, 0.008, 0.012, 0.01, 0.08}};
  const core::Pence treat_cost[] = {7000, 9500, 5500, 4500};
  for (int g = 0; g < 4; ++g) {
    const auto& r = rates[g];
    const double dt = rate(r.die_treat);
    model::GroupTransitions t;
    t.from.resize(10);
    t.from[WAIT] = one_cell({{DIED, rate(r.die_out)}, {UNTREATED, 0.1}});
    t.from[TREAT] = by_duration({0, 1}, {{{DONE, 0.0}, {DROP, 0.245}, {DIED, dt}},
                                         {{DONE, r.complete}, {DROP, r.drop}, {DIED, dt}}});
    t.from[AT_START] = one_cell({{DONE, r.complete}, {DROP, r.drop}, {DIED, dt}});
    t.from[DONE] = one_cell({{COMMUNITY, 1.0}});
    t.from[COMMUNITY] =
        by_duration({0, 5, 11}, {{{REPRESENT, 0.02971}, {RECOVERED, 0.0}, {DIED, dt}},
                                 {{REPRESENT, 0.015}, {RECOVERED, 0.0}, {DIED, dt}},
                                 {{REPRESENT, 0.015}, {RECOVERED, 0.95}, {DIED, dt}}});
    t.from[RECOVERED] = one_cell({{REPRESENT, 0.003}, {DIED, dt}});
    if (g < 2) {
      t.from[DROP] = by_duration(
          {0, 1}, {{{REPRESENT, 0.0234}, {RECOVERED, annual(0.02)}, {DIED, rate(0.0305)}},
                   {{REPRESENT, 0.0234}, {RECOVERED, annual(0.02)}, {DIED, rate(0.013)}}});
    } else {
      t.from[DROP] = one_cell({{REPRESENT, r.represent_after_drop},
                               {RECOVERED, annual(r.recover_out)},
                               {DIED, rate(r.die_out)}});
    }
    t.from[REPRESENT] = one_cell({{TREAT, 1.0}});
    t.from[UNTREATED] = one_cell({{RECOVERED, annual(r.recover_out)}, {DIED, rate(r.die_out)}});
    s.transitions.push_back(t);
    std::vector<core::Pence> cost(10, 0);
    cost[TREAT] = cost[AT_START] = treat_cost[g];
    cost[REPRESENT] = 3000;
    cost[WAIT] = 1000;
    s.economics.cost_per_month.push_back(cost);
  }
  s.referrals.monthly_rate = {{0, 100.0}};
  s.referrals.poisson = true;
  s.referrals.existing = {{1200, AT_START, 24}};
  s.referrals.admission_state = TREAT;
  s.referrals.untreated_state = UNTREATED;
  s.referrals.waiting_state = WAIT;
  s.economics.block_payment_per_month = 32500000;
  model::PaymentRule fee, completion, no_representation;
  fee.name = "presentation_fee";
  fee.kind = model::RuleKind::attachment_fee;
  fee.trigger_states = {TREAT};
  fee.amount_by_band = {50000, 30000, 25000};
  completion.name = "successful_completion";
  completion.trigger_states = {DONE};
  completion.amount_by_band = {250000, 80000, 70000};
  no_representation.name = "completion_no_representation_6m";
  no_representation.trigger_states = {DONE};
  no_representation.amount_by_band = {200000, 50000, 50000};
  no_representation.no_reentry = model::StateWindow{{REPRESENT}, 6};
  s.contract.rules = {fee, completion, no_representation};
  s.run.seed = 20120401;
  s.run.replications = 200;
  return s;
}

}  // namespace pbr::bench
