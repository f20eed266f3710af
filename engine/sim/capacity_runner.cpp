// One replication with a treatment capacity, simulated month by month. A client's path is
// generated only up to its next entry into treatment (ClientPathGenerator::extend_to_entry):
// the pending entry waits in a month-indexed request list with the client's transition
// stream, so that the client continues from the same draw number when its request is
// settled. The treatment stay a segment starts is known when it is generated, so the caseload
// it adds in every later month goes into a difference array and the caseload of the current
// month is a running sum (O(1) per treatment stay). See cohort_runner.hpp for the rules.

#include <algorithm>
#include <deque>

#include "engine/sim/run_context.hpp"

namespace pbr::sim::detail {

namespace {

//! A client whose path is not finished: it waits for a place, or will ask for one later.
struct Held {
  model::ClientPath path;
  rng::ClientStream rng{rng::StreamKey{}};  //!< its Stream::transition, continuing
  ClientOutcome outcome = ClientOutcome::admitted;
  model::StateEntry pending;  //!< its next entry into treatment (a request)
};

//! A client waiting for a place in the waiting state.
struct Queued {
  std::size_t held;          //!< index in CapacityReplication::held_
  model::Month since;        //!< month it joined the queue
  model::StateIndex target;  //!< treatment state it enters when given a place
  bool referral;             //!< a new referral (else a re-entry of a known client)
  model::StateEntry leaves;  //!< when and where it leaves the waiting state on its own
  bool gone = false;         //!< it has left the waiting state
};

//! How often the sequential loop reports progress, in clients.
constexpr std::int64_t PROGRESS_STEP = 4096;

class CapacityReplication {
 public:
  CapacityReplication(const RunContext& ctx, int rep, ReplicationTally<std::int64_t>& tally,
                      Progress& progress)
      : ctx_(ctx),
        rep_(rep),
        tally_(tally),
        progress_(progress),
        horizon_(ctx.scenario.horizon_months),
        capacity_(*ctx.scenario.economics.capacity),
        diff_(static_cast<std::size_t>(horizon_) + 1, 0),
        requests_(static_cast<std::size_t>(horizon_)),
        leaving_(static_cast<std::size_t>(horizon_)) {
    const auto& econ = ctx.scenario.economics;
    can_wait_ = econ.overflow == model::OverflowPolicy::wait &&
                ctx.scenario.referrals.waiting_state >= 0 &&
                (!econ.max_wait_months || *econ.max_wait_months > 0);
  }

  void run(const ArrivalPlan& plan) {
    const auto rep = static_cast<std::uint64_t>(rep_);
    SlotCursor slots(plan);
    // The existing caseload is where it is at month 0: placed without a capacity check.
    for (std::int64_t cid = 0; cid < plan.existing; ++cid) {
      const auto id = static_cast<model::ClientId>(cid);
      const auto& e =
          ctx_.scenario.referrals.existing[static_cast<std::size_t>(slots.next(id).existing_entry)];
      const std::size_t h = take(id, 0);
      auto& c = held_[h];
      c.path.group = ctx_.existing_group(e, rep, id, scratch_);
      c.path.admitted = true;
      c.outcome = ClientOutcome::existing;
      advance(h, e.state, 0, e.months_in_state);
    }
    std::int64_t cid = plan.existing;
    for (now_ = 0; now_ < horizon_; ++now_) {
      const auto month = static_cast<std::size_t>(now_);
      caseload_ += diff_[month];
      leave_queue();
      serve_queue();
      // Re-entries of this month, in client id order.
      auto& asking = requests_[month];
      std::sort(asking.begin(), asking.end(), [this](std::size_t a, std::size_t b) {
        return held_[a].path.cid < held_[b].path.cid;
      });
      for (const std::size_t h : asking) request(h);
      asking = {};
      for (const std::int64_t end = plan.month_first[month + 1]; cid < end; ++cid) {
        refer(static_cast<model::ClientId>(cid));
      }
    }
    for (const auto& q : queue_) {
      if (q.gone) continue;
      if (q.referral) held_[q.held].outcome = ClientOutcome::still_waiting;
      finish(q.held);
    }
    progress_.add(pending_progress_);
  }

 private:
  [[nodiscard]] bool room() const { return queue_.size() == gone_ && caseload_ < capacity_; }

  // Clients leaving the waiting state on their own this month (death, giving up): they
  // continue from where they went, without a place.
  void leave_queue() {
    for (const std::int64_t seq : leaving_[static_cast<std::size_t>(now_)]) {
      if (seq < popped_) continue;  // given a place or turned away before leaving
      Queued& q = queue_[static_cast<std::size_t>(seq - popped_)];
      q.gone = true;
      ++gone_;
      if (q.referral) held_[q.held].outcome = ClientOutcome::left_waiting;
      advance(q.held, q.leaves.state, now_, 0);
    }
  }

  // At the start of month now_: give places first come first served while there is room;
  // turn away who waited too long. The queue is in order of joining, so the longest waits
  // are at its head.
  void serve_queue() {
    const auto& max_wait = ctx_.scenario.economics.max_wait_months;
    while (!queue_.empty()) {
      const Queued q = queue_.front();
      if (q.gone) {
        --gone_;
      } else if (caseload_ < capacity_) {
        auto& c = held_[q.held];
        if (q.referral) {
          c.path.admitted = true;
          c.path.wait_months = now_ - q.since;
          c.outcome = ClientOutcome::admitted;
        }
        pop();
        advance(q.held, q.target, now_, 0);
        continue;
      } else if (max_wait && now_ - q.since >= *max_wait) {
        if (q.referral) held_[q.held].outcome = ClientOutcome::turned_away;
        pop();
        advance(q.held, ctx_.scenario.referrals.untreated_state, now_, 0);
        continue;
      } else {
        break;
      }
      pop();
    }
  }

  void pop() {
    queue_.pop_front();
    ++popped_;
  }

  // A referral arriving in month now_.
  void refer(model::ClientId cid) {
    const auto& ref = ctx_.scenario.referrals;
    const auto rep = static_cast<std::uint64_t>(rep_);
    const std::size_t h = take(cid, now_);
    auto& c = held_[h];
    c.path.group = ctx_.draw_group(rep, cid, scratch_);
    if (!ctx_.draw_admission(c.path.group, rep, cid, scratch_)) {
      c.outcome = ClientOutcome::refused;
      advance(h, ref.untreated_state, now_, 0);
      return;
    }
    const model::StateIndex entry = ctx_.entry_state(c.path.group);
    // An entry outside treatment (a delayed start) needs no place: the later move into
    // treatment asks for one like any other entry.
    if (room() ||
        ctx_.scenario.states[static_cast<std::size_t>(entry)].kind != model::StateKind::treatment) {
      c.path.admitted = true;
      c.outcome = ClientOutcome::admitted;
      advance(h, entry, now_, 0);
      return;
    }
    if (!can_wait_) {
      c.outcome = ClientOutcome::turned_away;
      advance(h, ref.untreated_state, now_, 0);
      return;
    }
    c.outcome = ClientOutcome::still_waiting;
    auto rng = ctx_.stream(rng::Stream::waiting, rep, cid);
    enqueue(h, entry, true, rng);
  }

  // A client asking for a place this month: its pending entry into treatment.
  void request(std::size_t h) {
    auto& c = held_[h];
    const model::StateIndex target = c.pending.state;
    if (room()) {
      advance(h, target, now_, 0);
    } else if (can_wait_) {
      enqueue(h, target, false, c.rng);
    } else {
      // Turned away to the untreated pathway; a client already there stays there.
      const model::StateIndex untreated = ctx_.scenario.referrals.untreated_state;
      const auto& last = c.path.entries.back();
      if (last.state == untreated) {
        advance(h, untreated, now_, now_ - last.month, false);
      } else {
        advance(h, untreated, now_, 0);
      }
    }
  }

  // Puts client h into the waiting state at now_, at the back of the queue.
  template <class Rng>
  void enqueue(std::size_t h, model::StateIndex target, bool referral, Rng& rng) {
    auto& c = held_[h];
    c.path.entries.push_back({now_, ctx_.scenario.referrals.waiting_state});
    const auto leaves = ctx_.generator.leave_queue(c.path.group, now_, horizon_, rng);
    const std::int64_t seq = popped_ + static_cast<std::int64_t>(queue_.size());
    queue_.push_back({h, now_, target, referral, leaves});
    if (leaves.month < horizon_) leaving_[static_cast<std::size_t>(leaves.month)].push_back(seq);
  }

  // A fresh held client.
  std::size_t take(model::ClientId cid, model::Month arrival) {
    std::size_t h = 0;
    if (free_.empty()) {
      h = held_.size();
      held_.emplace_back();
    } else {
      h = free_.back();
      free_.pop_back();
    }
    auto& c = held_[h];
    c.path.clear();
    c.path.cid = cid;
    c.path.arrival = arrival;
    c.rng = ctx_.stream(rng::Stream::transition, static_cast<std::uint64_t>(rep_), cid);
    return h;
  }

  // Continues client h's path from `state` at month `from` up to its next entry into
  // treatment, adds its treatment stay to the caseload, and files the next request (or
  // finishes the client when there is none before the horizon).
  void advance(std::size_t h, model::StateIndex state, model::Month from, model::Month duration,
               bool record_start = true) {
    auto& c = held_[h];
    const std::size_t first = c.path.entries.size();
    c.pending = ctx_.generator.extend_to_entry(c.path.group, state, from, duration, horizon_, c.rng,
                                               c.path, record_start);
    add_caseload(c.path, first);
    if (c.pending.month < horizon_) {
      requests_[static_cast<std::size_t>(c.pending.month)].push_back(h);
    } else {
      finish(h);
    }
  }

  // Adds the treatment stays of path entries [first, end) to the caseload of their months.
  void add_caseload(const model::ClientPath& path, std::size_t first) {
    const auto& e = path.entries;
    for (std::size_t i = first; i < e.size(); ++i) {
      if (!ctx_.is_treatment[static_cast<std::size_t>(e[i].state)]) continue;
      const model::Month end = i + 1 < e.size() ? e[i + 1].month : horizon_;
      if (e[i].month <= now_) {
        ++caseload_;  // this month's difference has already been added
      } else {
        ++diff_[static_cast<std::size_t>(e[i].month)];
      }
      --diff_[static_cast<std::size_t>(end)];
    }
  }

  void finish(std::size_t h) {
    auto& c = held_[h];
    std::swap(scratch_.path, c.path);
    ctx_.settle(rep_, c.outcome, scratch_, tally_);
    std::swap(scratch_.path, c.path);
    free_.push_back(h);
    if (++pending_progress_ == PROGRESS_STEP) {
      progress_.add(pending_progress_);
      pending_progress_ = 0;
    }
  }

  const RunContext& ctx_;
  int rep_;
  ReplicationTally<std::int64_t>& tally_;
  Progress& progress_;
  model::Month horizon_;
  std::int64_t capacity_;
  bool can_wait_ = false;
  std::vector<std::int64_t> diff_;                  //!< caseload changes by month
  std::int64_t caseload_ = 0;                       //!< clients in treatment in month now_
  model::Month now_ = -1;                           //!< -1 while placing the existing caseload
  std::vector<Held> held_;                          //!< clients not finished, and free slots
  std::vector<std::size_t> free_;                   //!< free slots of held_
  std::vector<std::vector<std::size_t>> requests_;  //!< [month]: clients asking for a place
  std::deque<Queued> queue_;
  std::int64_t popped_ = 0;  //!< queue entries popped so far: entry seq is queue_[seq - popped_]
  std::size_t gone_ = 0;     //!< entries of queue_ that have left
  std::vector<std::vector<std::int64_t>> leaving_;  //!< [month]: queue seqs leaving then
  Scratch scratch_;
  std::int64_t pending_progress_ = 0;
};

}  // namespace

void run_capacity_replication(const RunContext& ctx, int rep, const ArrivalPlan& plan,
                              ReplicationTally<std::int64_t>& tally, Progress& progress) {
  CapacityReplication(ctx, rep, tally, progress).run(plan);
}

}  // namespace pbr::sim::detail
