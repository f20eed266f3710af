#pragma once
//! \file ClientPathGenerator: samples a client's moves in distribution, one geometric sojourn
//! per (state, cell) instead of one draw per month.
//!
//! Within a cell (one calendar period and one duration band of a state's schedule) the
//! monthly exit probability q is constant, so the number K of months until the exit is
//! geometric, P(K = k) = (1 - q)^(k - 1) q, and one uniform u gives it by inversion:
//! K = 1 + floor(log(u) / log(1 - q)). When the exit would fall past the cell's end (the
//! next duration band, the next calendar period or the horizon) the client is moved to that
//! boundary and a new K is drawn there: the geometric law is memoryless, so this has the same
//! distribution as stepping month by month (tests/unit/sim/month_stepper.hpp checks it). The
//! target of the move is drawn with a second uniform from the exits' cumulative shares.
//! q = 0 (no draw, jump to the boundary) and q = 1 (exit this month, no draw) are exact.

#include <cmath>
#include <concepts>
#include <cstdint>
#include <vector>

#include "engine/model/client_path.hpp"
#include "engine/model/ids.hpp"
#include "engine/model/scenario.hpp"
#include "engine/sim/policy.hpp"

namespace pbr::sim {

//! A source of uniforms in (0, 1): rng::ClientStream, or a scripted fake in tests.
template <class R>
concept UniformSource = requires(R& r) {
  { r.uniform() } -> std::convertible_to<double>;
};

//! Generates client paths for one (scenario, policy). Construction precomputes, per group,
//! state and cell, log(1 - q), the exits' cumulative shares and the cell boundaries, so that
//! generation allocates nothing and does O(1) work per sojourn (plus the band lookup).
//! Immutable after construction: share one instance between threads.
//!
//! Timing (engine/model/transitions.hpp): duration is 0 in the month of entry; a move drawn
//! for month t happens at its end and the new state holds from t + 1; moves that would take
//! effect at or after the horizon are not recorded.
class ClientPathGenerator {
 public:
  //! \throws std::invalid_argument when the policy's shape does not match the scenario.
  ClientPathGenerator(const model::Scenario& scenario, const ProviderPolicy& policy);

  //! Appends to `path.entries` the entry {start, state} and every later move before
  //! `horizon`. Other fields of `path` are left to the caller.
  //! \param group     client's group
  //! \param state     state the client is in at the start of month `start`
  //! \param start     first month simulated, 0 <= start < horizon
  //! \param duration  months already spent in `state` at `start` (0 for a new entry;
  //!                  ExistingCaseload::months_in_state for the existing caseload), >= 0
  //! \param horizon   months simulated (draws beyond it are never made)
  //! \param rng       the client's Stream::transition stream (or a fake)
  template <UniformSource Rng>
  void extend(model::GroupIndex group, model::StateIndex state, model::Month start,
              model::Month duration, model::Month horizon, Rng& rng,
              model::ClientPath& path) const {
    path.entries.push_back({start, state});
    model::Month entered = start - duration;
    model::Month t = start;
    for (;;) {
      const Move mv = next_move(schedule_index(group, state), t, entered, horizon, rng);
      if (mv.at >= horizon) return;
      state = mv.to;
      t = entered = mv.at;
      path.entries.push_back({t, state});
    }
  }

  //! Like extend, but stops before the first entry into treatment: a move from a state that
  //! is not of treatment kind into one that is (under a capacity limit such an entry needs a
  //! place). That move is drawn but not recorded; it is returned as the pending entry, or
  //! {horizon, -1} when the path reaches the horizon without one. Moves between
  //! treatment-kind states are recorded (the client keeps its place). The stream is left
  //! after the pending move's draws, so granting it with
  //! `extend_to_entry(group, pending.state, pending.month, 0, horizon, rng, path)` on the same
  //! stream continues exactly as one call to extend would: the path stays a pure function of
  //! (stream key, draw number).
  //! \param record_start false: the client stays where it is: `state` is already the last
  //!   entry of `path` and is not appended again (`duration` counts from that entry).
  template <UniformSource Rng>
  model::StateEntry extend_to_entry(model::GroupIndex group, model::StateIndex state,
                                    model::Month start, model::Month duration, model::Month horizon,
                                    Rng& rng, model::ClientPath& path,
                                    bool record_start = true) const {
    if (record_start) path.entries.push_back({start, state});
    model::Month entered = start - duration;
    model::Month t = start;
    for (;;) {
      const Move mv = next_move(schedule_index(group, state), t, entered, horizon, rng);
      if (mv.at >= horizon) return {horizon, -1};
      if (treatment_[static_cast<std::size_t>(mv.to)] &&
          !treatment_[static_cast<std::size_t>(state)]) {
        return {mv.at, mv.to};
      }
      state = mv.to;
      t = entered = mv.at;
      path.entries.push_back({t, state});
    }
  }

  //! True when state `s` is of treatment kind (fills capacity).
  [[nodiscard]] bool is_treatment(model::StateIndex s) const {
    return treatment_[static_cast<std::size_t>(s)] != 0;
  }

  //! For a client queued for a place (capacity full, overflow "wait"): the first month
  //! from which it is no longer waiting and the state it moved to, sampled from the waiting
  //! state's exits with the exits into treatment-kind states removed (a place is given only
  //! through the queue). Returns {horizon, -1} when it is still waiting at the horizon.
  //! \pre the scenario has a waiting state; the client entered it at `start`.
  template <UniformSource Rng>
  model::StateEntry leave_queue(model::GroupIndex group, model::Month start, model::Month horizon,
                                Rng& rng) const {
    const Move mv = next_move(queue_index(group), start, start, horizon, rng);
    return {mv.at, mv.to};
  }

  [[nodiscard]] int states() const { return states_; }
  [[nodiscard]] int groups() const { return groups_; }

 private:
  //! One (calendar period, duration band) cell.
  struct Cell {
    double q = 0.0;             //!< monthly exit probability
    double stay = 1.0;          //!< 1 - q
    double inv_log_stay = 0.0;  //!< 1 / log(1 - q), for 0 < q < 1
    std::uint32_t first_exit = 0;
    std::uint32_t exit_count = 0;
  };
  //! One (group, state) schedule.
  struct Schedule {
    std::uint32_t first_cell = 0;
    std::uint32_t duration_breaks = 0;  //!< index in breaks_ of duration_starts[1..]
    std::uint32_t month_breaks = 0;     //!< index in breaks_ of month_starts[1..]
    int bands = 1, periods = 1;
    bool absorbing = true;
  };
  struct Move {
    model::Month at;  //!< first month in the new state; >= horizon: no move
    model::StateIndex to;
  };

  void compile(const model::StateSchedule& schedule, const std::vector<bool>& keep_target,
               bool absorbing);
  [[nodiscard]] std::size_t schedule_index(model::GroupIndex g, model::StateIndex s) const {
    return static_cast<std::size_t>(g) * static_cast<std::size_t>(states_) +
           static_cast<std::size_t>(s);
  }
  [[nodiscard]] std::size_t queue_index(model::GroupIndex g) const {
    return static_cast<std::size_t>(groups_) * static_cast<std::size_t>(states_) +
           static_cast<std::size_t>(g);
  }

  //! The next move of a client in schedule `index` at the start of month t, in the state
  //! since month `entered`.
  template <UniformSource Rng>
  Move next_move(std::size_t index, model::Month t, model::Month entered, model::Month horizon,
                 Rng& rng) const {
    const Schedule& sch = schedules_[index];
    if (sch.absorbing) return {horizon, -1};
    const model::Month* dur = breaks_.data() + sch.duration_breaks;
    const model::Month* mon = breaks_.data() + sch.month_breaks;
    // The cell holding month t; after a jump to the cell's end only the piece(s) that ended
    // advance, so each piece is looked up once per sojourn.
    int band = 0;
    while (band + 1 < sch.bands && dur[band] <= t - entered) ++band;
    int period = 0;
    while (period + 1 < sch.periods && mon[period] <= t) ++period;
    const auto jump = [&](model::Month end) {
      t = end;
      if (band + 1 < sch.bands && entered + dur[band] == t) ++band;
      if (period + 1 < sch.periods && mon[period] == t) ++period;
    };
    while (t < horizon) {
      model::Month end = horizon;  // first month outside the current cell
      if (band + 1 < sch.bands && entered + dur[band] < end) end = entered + dur[band];
      if (period + 1 < sch.periods && mon[period] < end) end = mon[period];
      const Cell& c =
          cells_[sch.first_cell + static_cast<std::uint32_t>(period * sch.bands + band)];
      model::Month m = t;  // month at whose end the move happens
      if (c.q <= 0.0) {
        jump(end);
        continue;
      }
      if (c.q < 1.0 && end - t == 1) {
        // A one-month cell: K = 1 iff log(u) / log(1 - q) < 1 iff u > 1 - q. The same
        // inversion, without the logarithm.
        if (rng.uniform() <= c.stay) {
          jump(end);
          continue;
        }
      } else if (c.q < 1.0) {
        // K - 1 = floor(x); compared as a double first, since x is huge when q is tiny.
        const double x = std::log(rng.uniform()) * c.inv_log_stay;
        if (x >= static_cast<double>(end - t)) {
          jump(end);  // no exit in this cell: memoryless, redraw at the boundary
          continue;
        }
        m = t + static_cast<model::Month>(x);
      }
      if (m + 1 >= horizon) return {horizon, -1};
      std::uint32_t i = c.first_exit;
      if (c.exit_count > 1) {
        const double u = rng.uniform();
        while (u >= cum_[i]) ++i;  // the last share is 2.0: always stops
      }
      return {m + 1, to_[i]};
    }
    return {horizon, -1};
  }

  int states_ = 0, groups_ = 0;
  std::vector<Schedule> schedules_;  //!< [g * S + s], then one queue schedule per group
  std::vector<Cell> cells_;
  std::vector<model::Month> breaks_;
  std::vector<double> cum_;  //!< cumulative exit shares (sum p / q), last of a cell = 2.0
  std::vector<model::StateIndex> to_;
  std::vector<char> treatment_;  //!< per state: of treatment kind
};

}  // namespace pbr::sim
