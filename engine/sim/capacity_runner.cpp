// One replication with a treatment capacity: referrals are processed in month order, each
// admitted client's whole path is generated at admission, and the caseload it will add in
// every later month goes into a difference array, so the caseload of the current month is a
// running sum (O(1) per treatment stay). See cohort_runner.hpp for the queue's rules.

#include <deque>

#include "engine/sim/run_context.hpp"

namespace pbr::sim::detail {

namespace {

//! A referral waiting for a place.
struct Queued {
  model::ClientId cid;
  model::GroupIndex group;
  model::Month arrival;
  model::StateEntry leaves;  //!< when and where it leaves the waiting state on its own
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
        diff_(static_cast<std::size_t>(horizon_) + 1, 0) {}

  void run(const ArrivalPlan& plan) {
    const auto& econ = ctx_.scenario.economics;
    SlotCursor slots(plan);
    for (std::int64_t cid = 0; cid < plan.existing; ++cid) {
      const auto id = static_cast<model::ClientId>(cid);
      const auto outcome =
          ctx_.simulate_uncapped(static_cast<std::uint64_t>(rep_), id, slots.next(id), scratch_);
      finish_client(outcome);
    }
    std::int64_t cid = plan.existing;
    for (now_ = 0; now_ < horizon_; ++now_) {
      caseload_ += diff_[static_cast<std::size_t>(now_)];
      serve_queue(econ.max_wait_months);
      for (const std::int64_t end = plan.month_first[static_cast<std::size_t>(now_) + 1]; cid < end;
           ++cid) {
        refer(static_cast<model::ClientId>(cid));
      }
    }
    // Lazy deletion leaves clients who left the waiting state somewhere in the queue.
    for (const auto& q : queue_) {
      start_waiting_path(q);
      if (q.leaves.month < horizon_) {
        continue_path(q.group, q.leaves.state, q.leaves.month, q.cid);
        finish_client(ClientOutcome::left_waiting);
      } else {
        finish_client(ClientOutcome::still_waiting);
      }
    }
    progress_.add(pending_progress_);
  }

 private:
  // At the start of month now_: drop who left, admit while there is room, turn away who
  // waited too long. The queue is in arrival order, so the longest waits are at its head.
  void serve_queue(const std::optional<model::Month>& max_wait) {
    while (!queue_.empty()) {
      const Queued q = queue_.front();
      if (q.leaves.month <= now_) {
        start_waiting_path(q);
        continue_path(q.group, q.leaves.state, q.leaves.month, q.cid);
        finish_client(ClientOutcome::left_waiting);
      } else if (caseload_ < capacity_) {
        start_waiting_path(q);
        scratch_.path.admitted = true;
        scratch_.path.wait_months = now_ - q.arrival;
        continue_path(q.group, ctx_.scenario.referrals.admission_state, now_, q.cid);
        add_caseload();
        finish_client(ClientOutcome::admitted);
      } else if (max_wait && now_ - q.arrival >= *max_wait) {
        start_waiting_path(q);
        continue_path(q.group, ctx_.scenario.referrals.untreated_state, now_, q.cid);
        finish_client(ClientOutcome::turned_away);
      } else {
        break;
      }
      queue_.pop_front();
    }
  }

  // A referral arriving in month now_.
  void refer(model::ClientId cid) {
    const auto& ref = ctx_.scenario.referrals;
    const auto& econ = ctx_.scenario.economics;
    const auto rep = static_cast<std::uint64_t>(rep_);
    auto& path = scratch_.path;
    path.clear();
    path.cid = cid;
    path.group = ctx_.draw_group(rep, cid, scratch_);
    path.arrival = now_;
    if (!ctx_.draw_admission(path.group, rep, cid, scratch_)) {
      continue_path(path.group, ref.untreated_state, now_, cid);
      finish_client(ClientOutcome::refused);
      return;
    }
    if (queue_.empty() && caseload_ < capacity_) {
      path.admitted = true;
      continue_path(path.group, ref.admission_state, now_, cid);
      add_caseload();
      finish_client(ClientOutcome::admitted);
      return;
    }
    const bool can_wait = econ.overflow == model::OverflowPolicy::wait && ref.waiting_state >= 0 &&
                          (!econ.max_wait_months || *econ.max_wait_months > 0);
    if (!can_wait) {
      continue_path(path.group, ref.untreated_state, now_, cid);
      finish_client(ClientOutcome::turned_away);
      return;
    }
    auto rng = ctx_.stream(rng::Stream::waiting, rep, cid);
    queue_.push_back(
        {cid, path.group, now_, ctx_.generator.leave_queue(path.group, now_, horizon_, rng)});
  }

  // The path of a queued client so far: one entry in the waiting state.
  void start_waiting_path(const Queued& q) {
    auto& path = scratch_.path;
    path.clear();
    path.cid = q.cid;
    path.group = q.group;
    path.arrival = q.arrival;
    path.entries.push_back({q.arrival, ctx_.scenario.referrals.waiting_state});
  }

  void continue_path(model::GroupIndex g, model::StateIndex state, model::Month from,
                     model::ClientId cid) {
    auto rng = ctx_.stream(rng::Stream::transition, static_cast<std::uint64_t>(rep_), cid);
    ctx_.generator.extend(g, state, from, 0, horizon_, rng, scratch_.path);
  }

  // Adds the treatment stays of the current path to the caseload of their months.
  void add_caseload() {
    const auto& e = scratch_.path.entries;
    for (std::size_t i = 0; i < e.size(); ++i) {
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

  void finish_client(ClientOutcome outcome) {
    if (outcome == ClientOutcome::existing) add_caseload();
    ctx_.settle(rep_, outcome, scratch_, tally_);
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
  std::vector<std::int64_t> diff_;  //!< caseload changes by month
  std::int64_t caseload_ = 0;       //!< clients in treatment in month now_
  model::Month now_ = -1;           //!< -1 while placing the existing caseload
  std::deque<Queued> queue_;
  Scratch scratch_;
  std::int64_t pending_progress_ = 0;
};

}  // namespace

void run_capacity_replication(const RunContext& ctx, int rep, const ArrivalPlan& plan,
                              ReplicationTally<std::int64_t>& tally, Progress& progress) {
  CapacityReplication(ctx, rep, tally, progress).run(plan);
}

}  // namespace pbr::sim::detail
