#include "engine/exact/duration_chain.hpp"

#include <algorithm>
#include <cstddef>

namespace pbr::exact {

namespace {

using Triplets = std::vector<Eigen::Triplet<double>>;

// Exit probabilities summing to at least 1 - this are a certain exit (sim::ClientPathGenerator
// uses the same threshold).
constexpr double CERTAIN_EXIT_TOLERANCE = 1e-12;

SparseMatrix from_triplets(int rows, int cols, const Triplets& triplets) {
  SparseMatrix m(rows, cols);
  m.setFromTriplets(triplets.begin(), triplets.end());
  m.makeCompressed();
  return m;
}

}  // namespace

DurationChain::DurationChain(const model::GroupTransitions& transitions, model::Month horizon) {
  const int n_states = static_cast<int>(transitions.from.size());
  // Beyond the start of the last duration band nothing depends on the duration any more.
  for (const auto& sched : transitions.from) cap_.push_back(sched.duration_starts.back());
  for (int s = 0; s < n_states; ++s) {
    offset_.push_back(static_cast<int>(state_of_.size()));
    for (model::Month d = 0; d <= cap_[s]; ++d) {
      state_of_.push_back(s);
      duration_of_.push_back(d);
    }
  }
  const int n = size();

  // Calendar periods: every state's period starts, so each step is constant within a period.
  for (const auto& sched : transitions.from) {
    for (auto m : sched.month_starts) {
      if (m < horizon) period_starts_.push_back(m);
    }
  }
  period_starts_.push_back(0);
  std::sort(period_starts_.begin(), period_starts_.end());
  period_starts_.erase(std::unique(period_starts_.begin(), period_starts_.end()),
                       period_starts_.end());

  for (const auto t0 : period_starts_) {
    Triplets stay, move, flow;
    for (int i = 0; i < n; ++i) {
      const int s = state_of_[i];
      const model::Month d = duration_of_[i];
      const auto& cell = transitions.from[s].cell(t0, d);
      const double exit = cell.exit_probability();
      // As the Monte Carlo does, a row summing to 1 within rounding is a certain exit whose
      // target is drawn in proportion to the probabilities.
      const bool certain = exit >= 1.0 - CERTAIN_EXIT_TOLERANCE;
      for (const auto& e : cell.exits) {
        if (!(e.probability > 0.0)) continue;
        const double p = certain ? e.probability / exit : e.probability;
        move.emplace_back(offset_[e.to], i, p);
        flow.emplace_back(s * n_states + e.to, i, p);
      }
      if (!certain && exit < 1.0) stay.emplace_back(index(s, d + 1), i, 1.0 - exit);
    }
    ChainStep st;
    st.stay = from_triplets(n, n, stay);
    st.move = from_triplets(n, n, move);
    st.flow = from_triplets(n_states * n_states, n, flow);
    st.full = st.stay + st.move;
    steps_.push_back(std::move(st));
  }

  Triplets agg;
  for (int i = 0; i < n; ++i) agg.emplace_back(state_of_[i], i, 1.0);
  by_state_ = from_triplets(n_states, n, agg);
}

int DurationChain::index(model::StateIndex s, model::Month duration) const {
  return offset_[s] + std::min(duration, cap_[s]);
}

const ChainStep& DurationChain::step(model::Month t) const {
  const auto it = std::upper_bound(period_starts_.begin(), period_starts_.end(), t);
  return steps_[static_cast<std::size_t>(it - period_starts_.begin()) - 1];
}

Eigen::VectorXd DurationChain::indicator(const std::vector<model::StateIndex>& states) const {
  Eigen::VectorXd v = Eigen::VectorXd::Zero(size());
  for (int i = 0; i < size(); ++i) {
    if (std::find(states.begin(), states.end(), state_of_[i]) != states.end()) v[i] = 1.0;
  }
  return v;
}

}  // namespace pbr::exact
