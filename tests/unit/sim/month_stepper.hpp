#pragma once
// The plain month-by-month stepper: the reference the geometric-sojourn generator is
// checked against. Deliberately simple and independent of engine/sim: one uniform per
// client-month, the cell looked up with model::StateSchedule::cell(t, d) every month.

#include "engine/model/client_path.hpp"
#include "engine/model/transitions.hpp"

namespace pbr::test {

//! Appends {start, state} and every later move before `horizon` to path.entries, stepping
//! one month at a time: in month t (duration d = t - entered) draw u; the first exit whose
//! cumulative probability exceeds u is taken at the end of month t (new state from t + 1).
template <class Rng>
void step_month_by_month(const model::GroupTransitions& transitions, model::StateIndex state,
                         model::Month start, model::Month duration, model::Month horizon, Rng& rng,
                         model::ClientPath& path) {
  path.entries.push_back({start, state});
  model::Month entered = start - duration;
  for (model::Month t = start; t + 1 < horizon; ++t) {
    const double u = rng.uniform();
    const auto& cell = transitions.from[static_cast<std::size_t>(state)].cell(t, t - entered);
    double cumulative = 0.0;
    for (const auto& exit : cell.exits) {
      cumulative += exit.probability;
      if (u < cumulative) {
        state = exit.to;
        entered = t + 1;
        path.entries.push_back({t + 1, state});
        break;
      }
    }
  }
}

}  // namespace pbr::test
