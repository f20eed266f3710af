#pragma once
//! \file Monthly transition probabilities, piecewise constant in duration and calendar month.

#include <vector>

#include "engine/model/ids.hpp"

namespace pbr::model {

//! A move to another state with its monthly probability.
struct Exit {
  StateIndex to = 0;
  double probability = 0.0;  //!< per month, in [0, 1]
};

//! The exits from one state during one (calendar period, duration band) cell. The client
//! stays with probability 1 - exit_probability(). Invariant: probabilities in [0, 1],
//! sum <= 1 (+1e-12), no exit to the state itself, targets distinct.
struct TransitionCell {
  std::vector<Exit> exits;
  [[nodiscard]] double exit_probability() const;
};

//! Transitions out of one state for one client group.
//!
//! Timing convention: a client in state s at the start of month t, having entered it at
//! month t0 (duration d = t - t0, so d = 0 in the month of entry), moves at the end of
//! month t with the probabilities of cell(t, d); the new state holds from month t + 1.
//! Duration bands start at `duration_starts` (ascending, first 0); the last band is
//! open-ended. Calendar periods start at `month_starts` (ascending, first 0).
struct StateSchedule {
  std::vector<Month> duration_starts{0};
  std::vector<Month> month_starts{0};
  //! cells[period * duration_starts.size() + band]
  std::vector<TransitionCell> cells{TransitionCell{}};

  [[nodiscard]] int band_of(Month duration) const;  //!< index of the band holding duration
  [[nodiscard]] int period_of(Month month) const;   //!< index of the period holding month
  [[nodiscard]] const TransitionCell& cell(Month month, Month duration) const {
    return cells[static_cast<std::size_t>(period_of(month)) * duration_starts.size() +
                 static_cast<std::size_t>(band_of(duration))];
  }
  [[nodiscard]] TransitionCell& cell_at(int period, int band) {
    return cells[static_cast<std::size_t>(period) * duration_starts.size() +
                 static_cast<std::size_t>(band)];
  }
  //! True when no cell has any exit (the state is absorbing in practice).
  [[nodiscard]] bool has_no_exits() const;
};

//! All transitions of one client group: one schedule per state, indexed by StateIndex.
struct GroupTransitions {
  std::vector<StateSchedule> from;
};

//! Converts an annual probability to the constant monthly probability with the same annual
//! risk: p_month = 1 - (1 - p_year)^(1/12). Precondition: p_year in [0, 1].
double monthly_from_annual_probability(double p_year);

//! Converts an annual rate (events per person-year, competing risks ignored) to a monthly
//! probability: p_month = 1 - exp(-rate / 12). Precondition: rate >= 0.
double monthly_from_annual_rate(double rate_per_year);

}  // namespace pbr::model
