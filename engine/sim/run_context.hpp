#pragma once
//! \file Internals shared by the two replication loops (independent blocks and capacity):
//! the compiled run, the per-client draws and the tallying of one finished client.
//! Not part of the public API: use cohort_runner.hpp.

#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include "engine/model/scenario.hpp"
#include "engine/rng/stream.hpp"
#include "engine/rules/client_rules.hpp"
#include "engine/sim/arrivals.hpp"
#include "engine/sim/cohort_runner.hpp"
#include "engine/sim/path_generator.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::sim::detail {

//! Counts clients done and reports them through the user's callback under a mutex.
class Progress {
 public:
  Progress(const ProgressCallback& callback, std::int64_t total)
      : callback_(callback), total_(total) {}
  //! Adds n clients done and calls the callback (no-op without one).
  void add(std::int64_t n);
  [[nodiscard]] bool active() const { return static_cast<bool>(callback_); }

 private:
  const ProgressCallback& callback_;
  std::int64_t total_ = 0;
  std::int64_t done_ = 0;
  std::mutex mutex_;
};

//! Draws of a stream that needs one uniform per client (case_mix, admission). Four
//! consecutive clients share one Philox block: client c's draw is word c % 4 of block 0 of
//! the stream keyed by client c / 4, still a pure function of (seed, stream, replication,
//! client). The cache keeps the last block, so a block loop pays one Philox call per 4
//! clients instead of one per client.
class SharedBlockDraws {
 public:
  explicit SharedBlockDraws(rng::Stream which) : which_(which) {}
  //! The uniform of client `cid` in replication `rep`.
  double uniform(std::uint64_t seed, std::uint64_t rep, model::ClientId cid) {
    const std::uint64_t quad = cid >> 2;
    if (quad != quad_ || rep != rep_ || seed != seed_) {
      words_ = rng::philox_block({seed, which_, rep, quad}, 0);
      quad_ = quad;
      rep_ = rep;
      seed_ = seed;
    }
    return rng::to_unit_open(words_[cid & 3]);
  }

 private:
  rng::Stream which_;
  std::uint64_t seed_ = 0, rep_ = ~0ULL, quad_ = ~0ULL;
  std::array<std::uint64_t, 4> words_{};
};

//! Reusable buffers of one worker: no allocation per client once warm.
struct Scratch {
  model::ClientPath path;
  std::vector<rules::Payment> payments;
  SharedBlockDraws case_mix{rng::Stream::case_mix};
  SharedBlockDraws admission{rng::Stream::admission};
};

//! Everything a replication needs, compiled once per run and shared read-only by threads.
class RunContext {
 public:
  RunContext(const model::Scenario& scenario, const ProviderPolicy& policy, std::uint64_t seed,
             const RunHooks& hooks);

  //! The stream `which` of client `cid` in replication `rep`.
  [[nodiscard]] rng::ClientStream stream(rng::Stream which, std::uint64_t rep,
                                         model::ClientId cid) const {
    return rng::ClientStream({seed_, which, rep, cid});
  }
  //! The client's group, by the referral shares (Stream::case_mix; no draw with one group).
  [[nodiscard]] model::GroupIndex draw_group(std::uint64_t rep, model::ClientId cid,
                                             Scratch& scratch) const;
  //! An existing client's group: the entry's own, else drawn like a referral's (draw_group).
  [[nodiscard]] model::GroupIndex existing_group(const model::ExistingCaseload& entry,
                                                 std::uint64_t rep, model::ClientId cid,
                                                 Scratch& scratch) const;
  //! The provider's admission decision (Stream::admission; no draw when p is 0 or 1).
  //! Where group g's admitted referrals start: the policy's entry state, else
  //! Referrals::admission_state.
  [[nodiscard]] model::StateIndex entry_state(model::GroupIndex g) const {
    return policy.groups[static_cast<std::size_t>(g)].entry_state.value_or(
        scenario.referrals.admission_state);
  }
  [[nodiscard]] bool draw_admission(model::GroupIndex g, std::uint64_t rep, model::ClientId cid,
                                    Scratch& scratch) const;

  //! Simulates a client whose fate does not depend on capacity: an existing client, or a
  //! referral admitted or refused at arrival. Fills scratch.path; returns the outcome.
  ClientOutcome simulate_uncapped(std::uint64_t rep, model::ClientId cid, const ClientSlot& slot,
                                  Scratch& scratch) const;

  //! Tallies a finished client: door counters, path, stage-1 payments (admitted clients
  //! only) into `tally`; then shows it to the observer, if any.
  void settle(int rep, ClientOutcome outcome, Scratch& scratch,
              ReplicationTally<std::int64_t>& tally) const;

  //! An empty tally of the scenario's shape.
  [[nodiscard]] ReplicationTally<std::int64_t> empty_tally() const;

  //! Finishes a replication's tally: occupancy, cost, and the contract stage unless `stage`
  //! is PaymentStage::per_client.
  void finish(ReplicationTally<std::int64_t>& tally, PaymentStage stage) const;

  const model::Scenario& scenario;
  const ProviderPolicy& policy;
  const ClientPathGenerator generator;
  const rules::ClientRules rules;
  const std::vector<char> is_treatment;  //!< per state

 private:
  std::uint64_t seed_;
  const RunHooks& hooks_;
  std::vector<double> share_cum_;      //!< cumulative group shares, last = 2.0
  std::vector<core::Pence> costs_;     //!< unit_costs()
  mutable std::mutex observer_mutex_;  //!< serialises hooks_.observer
};

//! One replication with a capacity limit (sequential, month by month), into `tally`
//! (not finished). See cohort_runner.hpp for the rules of the queue.
void run_capacity_replication(const RunContext& ctx, int rep, const ArrivalPlan& plan,
                              ReplicationTally<std::int64_t>& tally, Progress& progress);

}  // namespace pbr::sim::detail
