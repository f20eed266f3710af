#pragma once
// Scenarios built in code for the sim tests (no JSON: engine/format is not a dependency here).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "engine/model/scenario.hpp"

namespace pbr::test {

using model::Exit;
using model::Month;
using model::StateKind;

inline model::State state(std::string name, StateKind kind, bool absorbing = false) {
  model::State s;
  s.name = std::move(name);
  s.kind = kind;
  s.absorbing = absorbing || kind == StateKind::death;
  return s;
}

//! A schedule with one cell.
inline model::StateSchedule single(std::vector<Exit> exits) {
  model::StateSchedule s;
  s.cells = {model::TransitionCell{std::move(exits)}};
  return s;
}

//! A schedule with duration bands and calendar periods; cells[period * bands + band].
inline model::StateSchedule banded(std::vector<Month> duration_starts,
                                   std::vector<Month> month_starts,
                                   std::vector<std::vector<Exit>> cells) {
  model::StateSchedule s;
  s.duration_starts = std::move(duration_starts);
  s.month_starts = std::move(month_starts);
  s.cells.clear();
  for (auto& c : cells) s.cells.push_back(model::TransitionCell{std::move(c)});
  return s;
}

//! States, one band, `groups` groups with equal shares, empty schedules, zero costs.
inline model::Scenario skeleton(std::vector<model::State> states, int groups = 1,
                                Month horizon = 12) {
  model::Scenario s;
  s.name = "test";
  s.horizon_months = horizon;
  s.states = std::move(states);
  s.bands = {{"band0", ""}};
  for (int g = 0; g < groups; ++g) {
    model::Group grp;
    grp.name = "group" + std::to_string(g);
    grp.share = 1.0 / groups;
    s.groups.push_back(grp);
  }
  s.transitions.assign(static_cast<std::size_t>(groups),
                       model::GroupTransitions{std::vector<model::StateSchedule>(s.states.size())});
  s.economics.cost_per_month.assign(static_cast<std::size_t>(groups),
                                    std::vector<core::Pence>(s.states.size(), 0));
  s.referrals.poisson = false;
  return s;
}

//! The 6-state reference chain of reference-chain.md: every client starts in treatment at
//! month 0; no contract.
inline model::Scenario reference_chain(std::int64_t clients, Month horizon = 60) {
  auto s = skeleton(
      {state("in_treatment", StateKind::treatment), state("completed", StateKind::community),
       state("dropped_out", StateKind::dropout), state("re_presenting", StateKind::representation),
       state("died", StateKind::death), state("sustained", StateKind::recovery)},
      1, horizon);
  auto& from = s.transitions[0].from;
  from[0] = single({{1, 0.040}, {2, 0.050}, {4, 0.002}});
  from[1] = single({{3, 0.030}, {4, 0.001}, {5, 0.039}});
  from[2] = single({{0, 0.020}, {3, 0.035}, {4, 0.005}});
  from[3] = single({{0, 0.300}, {2, 0.100}, {4, 0.005}});
  from[5] = single({{3, 0.005}, {4, 0.001}});
  s.referrals.starting_cohort = clients;
  s.referrals.admission_state = 0;
  s.referrals.untreated_state = 2;  // unused: everyone is admitted
  return s;
}

//! A pilot-like scenario with every feature the uncapped runner has: 3 groups in 2 bands,
//! Poisson referrals with a rate change, an existing caseload part-way through a duration
//! band, duration- and calendar-dependent transitions, payment rules of every kind, a
//! behaviour, costs and a block payment. Capacity is off (tests switch it on).
inline model::Scenario pilot_like(Month horizon = 24) {
  enum : int { WAIT, TREAT, DONE, COMMUNITY, DROP, REPRESENT, RECOVERED, DIED, UNTREATED };
  auto s = skeleton(
      {state("waiting", StateKind::waiting), state("in_treatment", StateKind::treatment),
       state("completed", StateKind::completion), state("community", StateKind::community),
       state("dropped_out", StateKind::dropout), state("re_presented", StateKind::representation),
       state("recovered", StateKind::recovery, true), state("died", StateKind::death),
       state("untreated", StateKind::untreated)},
      3, horizon);
  s.bands = {{"low", ""}, {"high", ""}};
  s.groups[0].name = "opiate";
  s.groups[0].share = 0.5;
  s.groups[0].band = 1;
  s.groups[1].name = "opiate_crack";
  s.groups[1].share = 0.2;
  s.groups[1].band = 1;
  s.groups[2].name = "alcohol";
  s.groups[2].share = 0.3;
  s.groups[2].band = 0;
  for (int g = 0; g < 3; ++g) {
    auto& from = s.transitions[static_cast<std::size_t>(g)].from;
    const double complete = g == 2 ? 0.036 : (g == 1 ? 0.004 : 0.0064);
    from[WAIT] = single({{TREAT, 0.5}, {DIED, 0.001}});
    // Early drop-out, then settled; completions fall from month 12 (calendar change).
    from[TREAT] = banded({0, 1, 6}, {0, 12},
                         {{{DONE, complete}, {DROP, 0.09}, {DIED, 0.0006}},
                          {{DONE, complete * 1.5}, {DROP, 0.02}, {DIED, 0.0006}},
                          {{DONE, complete * 2.0}, {DROP, 0.015}, {DIED, 0.0006}},
                          {{DONE, complete * 0.8}, {DROP, 0.09}, {DIED, 0.0006}},
                          {{DONE, complete * 1.2}, {DROP, 0.02}, {DIED, 0.0006}},
                          {{DONE, complete * 1.6}, {DROP, 0.015}, {DIED, 0.0006}}});
    from[DONE] = single({{COMMUNITY, 1.0}});
    from[COMMUNITY] =
        banded({0, 6}, {0}, {{{REPRESENT, 0.02}}, {{REPRESENT, 0.02}, {RECOVERED, 0.05}}});
    from[DROP] = single({{REPRESENT, 0.03}, {DIED, 0.0011}});
    from[REPRESENT] = single({{TREAT, 0.6}, {DROP, 0.1}});
    from[UNTREATED] = single({{DIED, 0.0011}, {RECOVERED, 0.0017}});
    s.economics.cost_per_month[static_cast<std::size_t>(g)][TREAT] = g == 2 ? 18000 : 25000;
    s.economics.cost_per_month[static_cast<std::size_t>(g)][WAIT] = 1250;
  }
  s.referrals.starting_cohort = 50;
  s.referrals.monthly_rate = {{0, 40.0}, {12, 35.0}};
  s.referrals.poisson = true;
  s.referrals.existing = {{120, TREAT, 3}, {30, DROP, 0}};
  s.referrals.admission_state = TREAT;
  s.referrals.untreated_state = UNTREATED;
  s.referrals.waiting_state = WAIT;
  s.economics.block_payment_per_month = 4000000;

  model::PaymentRule fee;
  fee.name = "presentation_fee";
  fee.kind = model::RuleKind::attachment_fee;
  fee.trigger_states = {TREAT};
  fee.amount_by_band = {10000, 15000};
  fee.frequency = model::PayFrequency::once_per_episode;
  model::PaymentRule completion;
  completion.name = "successful_completion";
  completion.trigger_states = {DONE};
  completion.amount_by_band = {50000, 120000};
  completion.no_reentry = model::StateWindow{{REPRESENT}, 3};
  completion.lag_months = 1;
  completion.clawback = model::StateWindow{{REPRESENT}, 6};
  model::PaymentRule recovery;
  recovery.name = "sustained_recovery";
  recovery.trigger_states = {RECOVERED};
  recovery.amount_by_band = {30000, 80000};
  recovery.cohort_threshold = 0.001;
  recovery.deadweight_baseline = 0.0005;
  s.contract.rules = {fee, completion, recovery};
  s.contract.cap_per_client = 150000;
  s.contract.annual_discount_rate = 0.035;

  model::Behaviour park;
  park.name = "park";
  park.groups.resize(3);
  for (auto& gb : park.groups) {
    gb.cost_multiplier = 0.7;
    gb.multipliers = {{TREAT, DONE, 0.6}};
  }
  park.groups[1].admission_probability = 0.5;
  s.behaviours = {park};
  return s;
}

}  // namespace pbr::test
