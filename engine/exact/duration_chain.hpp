#pragma once
//! \file One client group's chain over the duration-augmented state space (state, months in
//! state), as Eigen sparse matrices, one set per calendar period.

#include <vector>

#include <Eigen/Dense>
#include <Eigen/Sparse>

#include "engine/model/ids.hpp"
#include "engine/model/transitions.hpp"

namespace pbr::exact {

//! Column-major sparse matrix: distributions are column vectors, x(t+1) = M * x(t).
using SparseMatrix = Eigen::SparseMatrix<double>;

//! The monthly move of one calendar period, split by what happens to the client.
struct ChainStep {
  //! stay(j, i): probability that a client in augmented state i stays in its state; j is the
  //! same state one month older (the duration saturates at the state's cap).
  SparseMatrix stay;
  //! move(j, i): probability of moving from augmented state i into state j = (to, duration 0).
  SparseMatrix move;
  //! flow(from * S + to, i): probability of the move from -> to out of augmented state i
  //! (from is i's state), so flow * x gives the expected moves by (from, to) pair.
  SparseMatrix flow;
  //! stay + move: the whole monthly transition.
  SparseMatrix full;
};

//! The duration-augmented chain of one client group.
//!
//! Augmented state (s, d): in state s with d = months already spent there (d = 0 in the
//! month of entry). Because transitions are piecewise constant in duration, durations at or
//! beyond the start of a state's last duration band behave alike, so d is capped per state at
//! that start (the cap stands for "cap or more"). Calendar periods are the union of every
//! state's period starts; one ChainStep per period. Timing follows model::StateSchedule: a
//! client in (s, d) at month t moves at the end of month t with cell(t, d).
//!
//! Example: `DurationChain chain(transitions, 60); x = chain.step(t).full * x;`
class DurationChain {
 public:
  //! \param transitions the group's (effective) transitions, one schedule per state
  //! \param horizon months simulated (>= 1); periods starting at or after it are ignored
  DurationChain(const model::GroupTransitions& transitions, model::Month horizon);

  [[nodiscard]] int size() const { return static_cast<int>(state_of_.size()); }  //!< n
  [[nodiscard]] int states() const { return static_cast<int>(offset_.size()); }  //!< S
  //! Duration cap of state s: months in state at or beyond it are one augmented state.
  [[nodiscard]] model::Month duration_cap(model::StateIndex s) const { return cap_[s]; }
  //! Index of the augmented state (s, min(duration, cap)). Precondition: duration >= 0.
  [[nodiscard]] int index(model::StateIndex s, model::Month duration) const;
  //! The model state of augmented index i.
  [[nodiscard]] model::StateIndex state_of(int i) const { return state_of_[i]; }
  //! The (capped) duration of augmented index i.
  [[nodiscard]] model::Month duration_of(int i) const { return duration_of_[i]; }
  //! The step applied at the end of month t (t >= 0).
  [[nodiscard]] const ChainStep& step(model::Month t) const;
  //! S x n matrix summing augmented states by model state: occupancy = by_state() * x.
  [[nodiscard]] const SparseMatrix& by_state() const { return by_state_; }
  //! Indicator over augmented states of the model states in `states` (1 where the state is
  //! listed, 0 elsewhere).
  [[nodiscard]] Eigen::VectorXd indicator(const std::vector<model::StateIndex>& states) const;

 private:
  std::vector<model::Month> cap_;
  std::vector<int> offset_;  //!< first augmented index of each state
  std::vector<model::StateIndex> state_of_;
  std::vector<model::Month> duration_of_;
  std::vector<model::Month> period_starts_;  //!< ascending, first 0, all < horizon
  std::vector<ChainStep> steps_;             //!< one per period
  SparseMatrix by_state_;
};

}  // namespace pbr::exact
