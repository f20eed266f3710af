#pragma once
//! \file The cohort runner: R replications of the contract, deterministic for any thread count.
//!
//! One replication: the month's referral counts (Stream::arrival), then for every client id
//! (existing caseload, starting cohort, referrals by month; see arrivals.hpp) its group
//! (Stream::case_mix), the provider's admission decision (Stream::admission), its path
//! (Stream::transition; Stream::waiting while queued) and its payments (rules::ClientRules,
//! admitted and existing clients only: the provider is paid for its own clients). Refused
//! and turned-away referrals follow the untreated pathway and are tallied like everyone
//! else, so the outcomes lost to selection are measured. After every client, the tally's
//! occupancy and costs are finished and rules::apply_contract_terms runs (stage 2), with
//! admissions + existing caseload per group as the cohort denominator. An existing-caseload
//! client takes its entry's group (ExistingCaseload::group), or when the entry names none
//! draws it from Stream::case_mix like a referral; its path starts in its entry's state with
//! its months_in_state already spent.
//! Streams case_mix and admission take one draw per client: client c's draw is word c % 4
//! of the Philox block keyed by client c / 4 (detail::SharedBlockDraws).
//!
//! Without a capacity limit clients are independent: fixed blocks of `block_size` ids run in
//! parallel (tbb), each thread adds into its own integer tally, and the tallies are summed.
//! Integer sums are exact, so the result is the same for any thread count, block size or
//! scheduling, and memory does not grow with the cohort (no client is kept).
//!
//! With Economics::capacity, a replication is sequential in month order (a client's fate
//! depends on everyone before it); replications run in parallel. The caseload is the number
//! of clients in treatment-kind states, and capacity binds every entry into treatment: a move
//! from a state that is not of treatment kind into one that is (an admitted referral, a
//! queued referral given a place, and every later re-entry of any client, e.g. re_presented
//! -> in_treatment, the existing caseload's included) needs a free place. Moves between
//! treatment-kind states keep the client's place. A client's path is generated up to its
//! next entry into treatment (ClientPathGenerator::extend_to_entry), which becomes a request
//! for that month; its Stream::transition continues from the same draw number when the
//! request is settled, so a path is still a pure function of (seed, replication, client,
//! draw number). In each month: treatment stays that end free their places; queued clients
//! who left the waiting state on their own leave the queue; the queue is served first come
//! first served while the caseload is below capacity (a client still waiting after
//! max_wait_months months is turned away then, to Referrals::untreated_state); then the
//! month's re-entry requests are settled in client id order; then the month's new
//! referrals, in id order. A referral the provider admits, or a re-entry, finding treatment
//! full (caseload at capacity, or anyone still queued) is:
//! - OverflowPolicy::wait (with a waiting state and max_wait_months not 0): queued at the
//!   back of the one queue in Referrals::waiting_state, and enters the state it asked for
//!   (Referrals::admission_state for a referral) when given a place;
//! - OverflowPolicy::turn_away: sent to Referrals::untreated_state (a client already there
//!   stays there, its months in the state running on) and follows the untreated pathway,
//!   from which it may ask again later.
//! While queued, a client may leave the waiting state by its exits to non-treatment states
//! (e.g. death), drawn on Stream::waiting for a referral and on the client's own
//! Stream::transition (continuing) for a re-entry; exits of the waiting state into treatment
//! are ignored while queued. A re-entry's wait and turn-away change no door counter (the
//! referrals' admitted/turned_away/waited/wait_months): they show in the client's path
//! (transitions into waiting and untreated, waiting occupancy). The existing caseload is
//! placed at month 0 where it is, without a capacity check (it is the contract's starting
//! position): if its treatment-kind part exceeds capacity, nobody enters treatment until the
//! caseload falls below capacity. A referral still queued at the horizon is neither admitted
//! nor turned away. Clients whose path is unfinished (queued, or with a later request) are
//! held in memory until it is finished.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engine/model/client_path.hpp"
#include "engine/model/scenario.hpp"
#include "engine/rules/client_rules.hpp"
#include "engine/sim/policy.hpp"
#include "engine/sim/tally.hpp"

namespace pbr::sim {

//! How to run. Results depend on seed, replications and the scenario only: never on
//! threads or block_size.
struct RunSettings {
  std::uint64_t seed = 1;  //!< master seed of every stream
  int replications = 1;    //!< >= 1
  int threads = 0;         //!< worker threads; 0 = all cores
  int block_size = 4096;   //!< clients per parallel block (>= 1); fixed, not per thread
};

//! Called with (clients done, clients in total) across all replications, from one thread
//! at a time (the runner holds a mutex), about once per block.
using ProgressCallback = std::function<void(std::int64_t done, std::int64_t total)>;

//! What happened to a client at the door.
enum class ClientOutcome {
  existing,      //!< existing caseload at month 0
  admitted,      //!< admitted (at arrival or from the queue)
  refused,       //!< refused by the provider's admission policy
  turned_away,   //!< turned away for lack of capacity (at arrival or after max wait)
  left_waiting,  //!< left the waiting state before a place was offered
  still_waiting  //!< still waiting at the horizon
};

//! One client of one replication, for `pbrsim run --trace-client` and tests.
struct ClientTrace {
  int replication = 0;
  model::ClientPath path;                //!< cid, group, arrival, admission, entries
  std::vector<rules::Payment> payments;  //!< stage-1 payments (empty unless admitted)
  ClientOutcome outcome = ClientOutcome::admitted;
  model::BandIndex band = 0;  //!< the group's tariff band
};

//! Sees every client as it is tallied. Called under the runner's mutex, in no particular
//! order between blocks (use it for tests and debugging, not for speed).
using ClientObserver = std::function<void(const ClientTrace&)>;

//! Optional callbacks of a run.
struct RunHooks {
  ProgressCallback progress;  //!< may be empty
  ClientObserver observer;    //!< may be empty
};

//! Which payments a replication's tallies hold when they are handed over.
enum class PaymentStage {
  contract,   //!< what is paid: after the contract stage (rules::apply_contract_terms)
  per_client  //!< each client's payments only (stage 1), before graded shares, cohort
              //!< thresholds, deadweight and the contract cap; apply_contract_stage finishes
};

//! Receives replication `replication`'s finished tallies, one per policy in the order the
//! policies were given (the consumer may move them out).
using ReplicationConsumer =
    std::function<void(int replication, std::span<ReplicationTally<std::int64_t>> tallies)>;

//! Runs `settings.replications` replications of `scenario` under each of `policies` with the
//! same random numbers (common random numbers: the same seed and ids for every policy), and
//! hands each replication's tallies to `consume`, in replication order, from one thread at a
//! time. Replications run in parallel in windows of a few per thread; a window's tallies are
//! freed once consumed, so memory is bounded by the window, not by the replication count.
//! The window size never changes a result.
//! \param hooks progress counts the clients of every policy's run as one job
//! \param stage PaymentStage::per_client hands over tallies before the contract stage (the
//!         best response sums groups' parts of such tallies, then applies the stage)
//! \throws std::invalid_argument as run_cohort, or when `policies` is empty; whatever
//!         `consume` throws, after the window's running replications finish
//!
//! **Example**
//! \code
//! sim::MetricSummaries summaries(scenario);
//! const std::vector policies = {sim::admit_all_policy(scenario)};
//! sim::for_each_replication(scenario, policies, {.seed = 42, .replications = 100000},
//!     [&](int, std::span<sim::ReplicationTally<std::int64_t>> t) {
//!       summaries.add(sim::compute_metrics(scenario, t[0]));
//!     });
//! \endcode
void for_each_replication(const model::Scenario& scenario, std::span<const ProviderPolicy> policies,
                          const RunSettings& settings, const ReplicationConsumer& consume,
                          const RunHooks& hooks = {}, PaymentStage stage = PaymentStage::contract);

//! The contract stage of a replication whose tally holds stage-1 payments (a tally handed
//! over with PaymentStage::per_client, or a sum of groups' parts of such tallies): runs
//! rules::apply_contract_terms with each group's admissions plus existing caseload as the
//! cohort, as the runner does.
void apply_contract_stage(const model::Scenario& scenario, ReplicationTally<std::int64_t>& tally);

//! Runs `settings.replications` replications of `scenario` under `policy` and keeps them all
//! (for tests and small runs: memory grows with the replications; for_each_replication
//! does not).
//! \returns one finished tally per replication, in replication order: occupancy (not
//!   differences), cost per month and group, and the ledger after the contract stage.
//! \throws std::invalid_argument when the scenario fails model::check_invariants, the policy
//!   does not match it, or the settings are out of range.
//!
//! **Example**
//! \code
//! auto tallies = sim::run_cohort(scenario, sim::admit_all_policy(scenario),
//!                                {.seed = 42, .replications = 100});
//! auto metrics = sim::compute_metrics(scenario, tallies[0]);
//! \endcode
std::vector<ReplicationTally<std::int64_t>> run_cohort(const model::Scenario& scenario,
                                                       const ProviderPolicy& policy,
                                                       const RunSettings& settings,
                                                       const RunHooks& hooks = {});

//! Replays one client of one replication: the same path and payments as in run_cohort with
//! the same seed. Without capacity only that client is simulated; with capacity the
//! replication is simulated up to the end (the client's fate depends on the others).
//! \param replication 0 <= replication < settings.replications is not required: any index
//! \param cid         client id, < the replication's client count (else std::out_of_range)
ClientTrace trace_client(const model::Scenario& scenario, const ProviderPolicy& policy,
                         const RunSettings& settings, int replication, model::ClientId cid);

//! Clients in one replication (existing caseload, starting cohort and referrals), as
//! numbered by the runner; the exclusive upper bound of valid `cid` for trace_client.
std::int64_t client_count(const model::Scenario& scenario, const RunSettings& settings,
                          int replication);

}  // namespace pbr::sim
