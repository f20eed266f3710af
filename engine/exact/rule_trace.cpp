#include "engine/exact/rule_trace.hpp"

#include <functional>

#include <algorithm>
#include <cstddef>
#include <map>

namespace pbr::exact {

namespace {

using model::Month;
using model::StateIndex;

std::vector<bool> membership(const std::vector<StateIndex>& states, int n_states) {
  std::vector<bool> in(static_cast<std::size_t>(n_states), false);
  for (auto s : states) in[static_cast<std::size_t>(s)] = true;
  return in;
}

// The rule's memory of a client's path, as a small deterministic automaton driven by the
// client's monthly moves. Values, before the client first qualifies: A(c, a) with c the months
// already counted in the current trigger state (0: none counting) and a the age of the oldest
// pending no_reentry window (-1: none). After: B(j), j months since confirmation (the payment
// is at j = lag, the clawback window follows), then X (clawed back this month), then Done.
class RuleMemory {
 public:
  RuleMemory(const model::PaymentRule& rule, bool with_clawback, int n_states)
      : k_(rule.min_consecutive_months.value_or(1)),
        window_(rule.no_reentry ? rule.no_reentry->months : 0),
        lag_(rule.lag_months),
        claw_(with_clawback && rule.clawback ? rule.clawback->months : 0),
        trigger_(membership(rule.trigger_states, n_states)),
        reentry_(rule.no_reentry ? membership(rule.no_reentry->states, n_states)
                                 : std::vector<bool>(static_cast<std::size_t>(n_states))),
        clawback_(rule.clawback ? membership(rule.clawback->states, n_states)
                                : std::vector<bool>(static_cast<std::size_t>(n_states))) {
    k_ = std::max(k_, 1);
    window_ = std::max(window_, 0);
    a_size_ = k_ * (window_ + 1);
    last_j_ = lag_ + claw_;
    clawed_ = a_size_ + last_j_ + 1;
    done_ = clawed_ + 1;
  }

  [[nodiscard]] int size() const { return done_ + 1; }
  [[nodiscard]] int payment() const { return a_size_ + lag_; }  //!< B(lag): paid this month
  [[nodiscard]] int clawed() const { return clawed_; }

  //! Memory of a client placed into state s this month (the placement is an entry).
  [[nodiscard]] int initial(StateIndex s) const {
    return count_month(trigger_[static_cast<std::size_t>(s)] ? 1 : 0, -1);
  }

  //! Memory after the move at the end of a month into state `to` (moved) or a stay.
  [[nodiscard]] int next(int m, StateIndex to, bool moved) const {
    const auto t = static_cast<std::size_t>(to);
    if (m < a_size_) {
      int c = m / (window_ + 1);
      int a = m % (window_ + 1) - 1;
      // An entry into a no_reentry state at any month of a window ends every pending window.
      if (moved && reentry_[t]) a = -1;
      if (a >= 0 && ++a == window_) return b(0);
      if (moved) {
        c = trigger_[t] ? 1 : 0;
      } else if (c > 0) {
        ++c;
      }
      return count_month(c, a);
    }
    if (m <= a_size_ + last_j_) {
      const int j = m - a_size_ + 1;
      if (claw_ > 0 && moved && clawback_[t] && j > lag_ && j <= lag_ + claw_) return clawed_;
      return j > last_j_ ? done_ : b(j);
    }
    return done_;
  }

 private:
  [[nodiscard]] int b(int j) const { return a_size_ + j; }
  // The trigger-state count for this month is c; reaching k makes an event this month.
  [[nodiscard]] int count_month(int c, int a) const {
    if (c == k_) {
      c = 0;
      if (window_ == 0) return b(0);
      if (a < 0) a = 0;
    }
    return c * (window_ + 1) + a + 1;
  }

  int k_, window_, lag_, claw_;
  std::vector<bool> trigger_, reentry_, clawback_;
  int a_size_ = 0, last_j_ = 0, clawed_ = 0, done_ = 0;
};

// The chain lifted to (augmented state, memory): index i * M + m.
class MemoryTrace {
 public:
  MemoryTrace(const DurationChain& chain, const RuleMemory& memory)
      : chain_(chain), memory_(memory), m_(memory.size()) {}

  const SparseMatrix& step(Month t) {
    const ChainStep* key = &chain_.step(t);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    std::vector<Eigen::Triplet<double>> trip;
    const auto lift = [&](const SparseMatrix& part, bool moved) {
      for (int col = 0; col < part.outerSize(); ++col) {
        for (SparseMatrix::InnerIterator e(part, col); e; ++e) {
          const StateIndex to = chain_.state_of(static_cast<int>(e.row()));
          for (int m = 0; m < m_; ++m) {
            trip.emplace_back(static_cast<int>(e.row()) * m_ + memory_.next(m, to, moved),
                              col * m_ + m, e.value());
          }
        }
      }
    };
    lift(key->stay, false);
    lift(key->move, true);
    SparseMatrix lifted(chain_.size() * m_, chain_.size() * m_);
    lifted.setFromTriplets(trip.begin(), trip.end());
    lifted.makeCompressed();
    return cache_.emplace(key, std::move(lifted)).first->second;
  }

  [[nodiscard]] Eigen::VectorXd lift(const Eigen::VectorXd& placements) const {
    Eigen::VectorXd z = Eigen::VectorXd::Zero(chain_.size() * m_);
    for (int i = 0; i < chain_.size(); ++i) {
      if (placements[i] != 0.0) z[i * m_ + memory_.initial(chain_.state_of(i))] += placements[i];
    }
    return z;
  }

  [[nodiscard]] double mass_at(const Eigen::VectorXd& z, int memory_value) const {
    double total = 0.0;
    for (int i = 0; i < chain_.size(); ++i) total += z[i * m_ + memory_value];
    return total;
  }

 private:
  const DurationChain& chain_;
  const RuleMemory& memory_;
  int m_;
  std::map<const ChainStep*, SparseMatrix> cache_;
};

// Expected pay and clawed-back mass by month under the memory automaton.
struct MemoryReadout {
  std::vector<double> paid, clawed;
};

MemoryReadout trace_memory(const DurationChain& chain, const RuleMemory& memory,
                           const std::vector<Eigen::VectorXd>& placements, Month horizon) {
  MemoryTrace trace(chain, memory);
  MemoryReadout out{std::vector<double>(static_cast<std::size_t>(horizon), 0.0),
                    std::vector<double>(static_cast<std::size_t>(horizon), 0.0)};
  Eigen::VectorXd z = trace.lift(placements[0]);
  for (Month t = 0; t < horizon; ++t) {
    if (t > 0) z = trace.step(t - 1) * z + trace.lift(placements[static_cast<std::size_t>(t)]);
    out.paid[static_cast<std::size_t>(t)] = trace.mass_at(z, memory.payment());
    out.clawed[static_cast<std::size_t>(t)] = trace.mass_at(z, memory.clawed());
  }
  return out;
}

// once_per_episode: adds the expected payments of every candidate entering a trigger state
// at month t0 (v: that entering mass over augmented states).
void add_episode_candidates(const DurationChain& chain, const model::PaymentRule& rule,
                            const std::function<double(Month)>& pence_at, Month t0,
                            Eigen::VectorXd v, Month horizon, std::vector<double>& payments) {
  const Month k = std::max(rule.min_consecutive_months.value_or(1), 1);
  const Month window = rule.no_reentry ? rule.no_reentry->months : 0;
  const Month event = t0 + k - 1;
  const Month confirmed = event + window;
  const Month paid = confirmed + rule.lag_months;
  if (paid >= horizon) return;  // confirmation or payment outside the contract
  const double amount = pence_at(paid);
  if (amount == 0.0) return;
  for (Month j = 0; j + 1 < k; ++j) v = chain.step(t0 + j).stay * v;
  if (rule.no_reentry) {
    const Eigen::VectorXd keep =
        Eigen::VectorXd::Ones(chain.size()) - chain.indicator(rule.no_reentry->states);
    for (Month j = 0; j < window; ++j) {
      const auto& st = chain.step(event + j);
      const Eigen::VectorXd moved = st.move * v;
      v = st.stay * v + moved.cwiseProduct(keep);
    }
  }
  payments[static_cast<std::size_t>(paid)] += amount * v.sum();
  if (!rule.clawback) return;
  for (Month j = 0; j < rule.lag_months; ++j) v = chain.step(confirmed + j).full * v;
  const Eigen::VectorXd hit = chain.indicator(rule.clawback->states);
  const Eigen::VectorXd keep = Eigen::VectorXd::Ones(chain.size()) - hit;
  for (Month j = 0; j < rule.clawback->months && paid + j + 1 < horizon; ++j) {
    const auto& st = chain.step(paid + j);
    const Eigen::VectorXd moved = st.move * v;
    payments[static_cast<std::size_t>(paid + j + 1)] -= amount * moved.dot(hit);
    v = st.stay * v + moved.cwiseProduct(keep);
  }
}

}  // namespace

namespace {

RuleExpectation expected_rule_at(const DurationChain& chain, const model::PaymentRule& rule,
                                 const std::function<double(Month)>& pence_at,
                                 const std::vector<Eigen::VectorXd>& placements, Month horizon) {
  RuleExpectation out;
  out.payments.assign(static_cast<std::size_t>(horizon), 0.0);
  const bool per_client = rule.frequency == model::PayFrequency::once_per_client;

  // The first qualifying event decides the qualifying count for either frequency: later
  // events of the same client are confirmed later, so they are paid later too.
  const RuleMemory memory(rule, per_client, chain.states());
  const MemoryReadout readout = trace_memory(chain, memory, placements, horizon);
  for (Month t = 0; t < horizon; ++t) {
    const auto ti = static_cast<std::size_t>(t);
    const double pence = pence_at(t);
    // A first event paid nothing (a zero tariff) does not make the client qualifying.
    if (pence != 0.0) out.qualifying += readout.paid[ti];
    // Clawed mass recovers the tariff of its payment month: the same one, since exact mode
    // refuses tariff changes on once-per-client rules with a clawback.
    if (per_client) out.payments[ti] = pence * (readout.paid[ti] - readout.clawed[ti]);
  }
  if (per_client) return out;

  // once_per_episode: a forward trace of the whole population gives the entry flows.
  const Eigen::VectorXd trigger = chain.indicator(rule.trigger_states);
  Eigen::VectorXd x = Eigen::VectorXd::Zero(chain.size());
  for (Month t = 0; t < horizon; ++t) {
    Eigen::VectorXd entering = placements[static_cast<std::size_t>(t)];
    if (t > 0) {
      const auto& st = chain.step(t - 1);
      entering += st.move * x;
      x = st.full * x;
    }
    x += placements[static_cast<std::size_t>(t)];
    entering = entering.cwiseProduct(trigger);
    if (entering.sum() > 0.0)
      add_episode_candidates(chain, rule, pence_at, t, entering, horizon, out.payments);
  }
  return out;
}

}  // namespace

RuleExpectation expected_rule(const DurationChain& chain, const model::PaymentRule& rule,
                              core::Pence amount, const std::vector<Eigen::VectorXd>& placements,
                              Month horizon) {
  const auto pence = static_cast<double>(amount);
  return expected_rule_at(
      chain, rule, [pence](Month) { return pence; }, placements, horizon);
}

RuleExpectation expected_rule_for_band(const DurationChain& chain, const model::PaymentRule& rule,
                                       model::BandIndex band,
                                       const std::vector<Eigen::VectorXd>& placements,
                                       Month horizon) {
  return expected_rule_at(
      chain, rule, [&rule, band](Month t) { return static_cast<double>(rule.amount_at(band, t)); },
      placements, horizon);
}

}  // namespace pbr::exact
