#include "engine/sim/path_generator.hpp"

#include <stdexcept>
#include <string>

namespace pbr::sim {

ClientPathGenerator::ClientPathGenerator(const model::Scenario& scenario,
                                         const ProviderPolicy& policy)
    : states_(static_cast<int>(scenario.states.size())),
      groups_(static_cast<int>(scenario.groups.size())) {
  if (policy.groups.size() != scenario.groups.size()) {
    throw std::invalid_argument("policy '" + policy.name + "' has " +
                                std::to_string(policy.groups.size()) + " groups, scenario " +
                                std::to_string(scenario.groups.size()));
  }
  const std::vector<bool> every_target(scenario.states.size(), true);
  for (const auto& gp : policy.groups) {
    if (gp.transitions.from.size() != scenario.states.size()) {
      throw std::invalid_argument("policy '" + policy.name +
                                  "': one transition schedule per state expected");
    }
    for (std::size_t s = 0; s < scenario.states.size(); ++s) {
      compile(gp.transitions.from[s], every_target, scenario.states[s].absorbing);
    }
  }
  // Queue schedules: the waiting state without its exits into treatment, because a queued
  // referral reaches treatment only when the queue gives it a place.
  std::vector<bool> not_treatment(scenario.states.size());
  for (std::size_t s = 0; s < scenario.states.size(); ++s) {
    not_treatment[s] = scenario.states[s].kind != model::StateKind::treatment;
    treatment_.push_back(static_cast<char>(!not_treatment[s]));
  }
  const model::StateIndex w = scenario.referrals.waiting_state;
  const bool has_waiting = w >= 0 && static_cast<std::size_t>(w) < scenario.states.size();
  for (const auto& gp : policy.groups) {
    if (has_waiting) {
      compile(gp.transitions.from[static_cast<std::size_t>(w)], not_treatment,
              scenario.states[static_cast<std::size_t>(w)].absorbing);
    } else {
      compile(model::StateSchedule{}, not_treatment, true);
    }
  }
}

void ClientPathGenerator::compile(const model::StateSchedule& schedule,
                                  const std::vector<bool>& keep_target, bool absorbing) {
  Schedule out;
  out.first_cell = static_cast<std::uint32_t>(cells_.size());
  out.bands = static_cast<int>(schedule.duration_starts.size());
  out.periods = static_cast<int>(schedule.month_starts.size());
  if (out.bands < 1 || out.periods < 1 ||
      schedule.cells.size() != schedule.duration_starts.size() * schedule.month_starts.size()) {
    throw std::invalid_argument("transition schedule: cell count does not match its pieces");
  }
  out.duration_breaks = static_cast<std::uint32_t>(breaks_.size());
  breaks_.insert(breaks_.end(), schedule.duration_starts.begin() + 1,
                 schedule.duration_starts.end());
  out.month_breaks = static_cast<std::uint32_t>(breaks_.size());
  breaks_.insert(breaks_.end(), schedule.month_starts.begin() + 1, schedule.month_starts.end());
  bool any_exit = false;
  for (const auto& cell : schedule.cells) {
    Cell c;
    c.first_exit = static_cast<std::uint32_t>(cum_.size());
    double q = 0.0;
    for (const auto& e : cell.exits) {
      if (e.probability > 0.0 && keep_target[static_cast<std::size_t>(e.to)]) q += e.probability;
    }
    double running = 0.0;
    for (const auto& e : cell.exits) {
      // Zero-probability exits are dropped: they could never be chosen.
      if (!(e.probability > 0.0) || !keep_target[static_cast<std::size_t>(e.to)]) continue;
      running += e.probability;
      cum_.push_back(running / q);
      to_.push_back(e.to);
      ++c.exit_count;
    }
    if (c.exit_count > 0) cum_.back() = 2.0;
    // Rows that sum to 1 within rounding are certain exits: no draw, as for q = 1.
    c.q = q >= 1.0 - 1e-12 ? 1.0 : q;
    c.stay = 1.0 - c.q;
    if (c.q > 0.0 && c.q < 1.0) c.inv_log_stay = 1.0 / std::log1p(-c.q);
    any_exit = any_exit || c.exit_count > 0;
    cells_.push_back(c);
  }
  out.absorbing = absorbing || !any_exit;
  schedules_.push_back(out);
}

}  // namespace pbr::sim
