#include "engine/sim/cohort_runner.hpp"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <tbb/task_arena.h>

#include "engine/rules/contract_terms.hpp"
#include "engine/sim/run_context.hpp"

namespace pbr::sim {

namespace {

//! Replications run at once per thread by for_each_replication: enough to keep every thread
//! busy when replications (capacity runs) are the only parallelism, few enough that memory
//! stays small.
constexpr int REPLICATIONS_IN_FLIGHT_PER_THREAD = 4;

void check_inputs(const model::Scenario& scenario, const RunSettings& settings) {
  const auto problems = model::check_invariants(scenario);
  if (!problems.empty()) {
    std::string text = "scenario '" + scenario.name + "' is inconsistent:";
    for (const auto& p : problems) text += "\n  " + p;
    throw std::invalid_argument(text);
  }
  if (settings.replications < 1) throw std::invalid_argument("replications must be >= 1");
  if (settings.block_size < 1) throw std::invalid_argument("block_size must be >= 1");
  if (settings.threads < 0) throw std::invalid_argument("threads must be >= 0 (0 = all cores)");
}

ArrivalPlan plan_for(const model::Scenario& scenario, const RunSettings& settings, int rep) {
  return plan_arrivals(scenario.referrals, scenario.horizon_months, settings.seed,
                       static_cast<std::uint64_t>(rep));
}

//! One worker's share of an uncapped replication.
struct Worker {
  explicit Worker(ReplicationTally<std::int64_t> t) : tally(std::move(t)) {}
  ReplicationTally<std::int64_t> tally;
  detail::Scratch scratch;
};

// Clients are independent: blocks of ids in parallel, one integer tally per thread, summed.
// The sum of integers is exact, so the thread count and the scheduling cannot change it.
void run_uncapped_replication(const detail::RunContext& ctx, int rep, const ArrivalPlan& plan,
                              std::int64_t block_size, ReplicationTally<std::int64_t>& tally,
                              detail::Progress& progress) {
  const std::int64_t n = plan.total();
  const std::int64_t blocks = (n + block_size - 1) / block_size;
  tbb::enumerable_thread_specific<Worker> workers([&] { return Worker(ctx.empty_tally()); });
  tbb::parallel_for(
      tbb::blocked_range<std::int64_t>(0, blocks, 1),
      [&](const tbb::blocked_range<std::int64_t>& range) {
        Worker& w = workers.local();
        for (std::int64_t b = range.begin(); b != range.end(); ++b) {
          const std::int64_t first = b * block_size;
          const std::int64_t last = std::min(n, first + block_size);
          SlotCursor slots(plan);
          for (std::int64_t cid = first; cid < last; ++cid) {
            const auto id = static_cast<model::ClientId>(cid);
            const auto outcome = ctx.simulate_uncapped(static_cast<std::uint64_t>(rep), id,
                                                       slots.next(id), w.scratch);
            ctx.settle(rep, outcome, w.scratch, w.tally);
          }
          progress.add(last - first);
        }
      },
      tbb::simple_partitioner());
  for (const auto& w : workers) tally.merge(w.tally);
}

ReplicationTally<std::int64_t> run_replication(const detail::RunContext& ctx,
                                               const RunSettings& settings, int rep,
                                               detail::Progress& progress, PaymentStage stage) {
  const ArrivalPlan plan = plan_for(ctx.scenario, settings, rep);
  auto tally = ctx.empty_tally();
  if (ctx.scenario.economics.capacity) {
    detail::run_capacity_replication(ctx, rep, plan, tally, progress);
  } else {
    run_uncapped_replication(ctx, rep, plan, settings.block_size, tally, progress);
  }
  ctx.finish(tally, stage);
  return tally;
}

// Runs `body` on exactly `threads` threads (0: TBB's default, all cores). The global
// control lifts TBB's default cap of one thread per core, so that the determinism tests'
// 8 threads are really 8 on a 2-core machine; results never depend on it.
template <class F>
void in_arena(int threads, F&& body) {
  if (threads > 0) {
    const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                    static_cast<std::size_t>(threads));
    tbb::task_arena arena(threads);
    arena.execute(body);
  } else {
    body();
  }
}

}  // namespace

void for_each_replication(const model::Scenario& scenario, std::span<const ProviderPolicy> policies,
                          const RunSettings& settings, const ReplicationConsumer& consume,
                          const RunHooks& hooks, PaymentStage stage) {
  check_inputs(scenario, settings);
  if (policies.empty()) throw std::invalid_argument("for_each_replication: no policy");
  // RunContext holds references: keep each at a fixed address.
  std::vector<std::unique_ptr<const detail::RunContext>> contexts;
  for (const auto& policy : policies) {
    contexts.push_back(
        std::make_unique<const detail::RunContext>(scenario, policy, settings.seed, hooks));
  }
  const auto n_policies = static_cast<int>(policies.size());
  in_arena(settings.threads, [&] {
    std::int64_t total = 0;
    if (hooks.progress) {
      // Only for the progress total: every replication's monthly counts, in parallel.
      total = n_policies * tbb::parallel_reduce(
                               tbb::blocked_range<int>(0, settings.replications), std::int64_t{0},
                               [&](const tbb::blocked_range<int>& r, std::int64_t sum) {
                                 for (int rep = r.begin(); rep != r.end(); ++rep) {
                                   sum += plan_for(scenario, settings, rep).total();
                                 }
                                 return sum;
                               },
                               std::plus<>());
    }
    detail::Progress progress(hooks.progress, total);
    const int window =
        std::min(settings.replications, REPLICATIONS_IN_FLIGHT_PER_THREAD *
                                            std::max(1, tbb::this_task_arena::max_concurrency()));
    std::vector<ReplicationTally<std::int64_t>> tallies(static_cast<std::size_t>(window) *
                                                        static_cast<std::size_t>(n_policies));
    for (int first = 0; first < settings.replications; first += window) {
      const int count = std::min(window, settings.replications - first);
      tbb::parallel_for(
          tbb::blocked_range<int>(0, count * n_policies, 1),
          [&](const tbb::blocked_range<int>& r) {
            for (int i = r.begin(); i != r.end(); ++i) {
              tallies[static_cast<std::size_t>(i)] =
                  run_replication(*contexts[static_cast<std::size_t>(i % n_policies)], settings,
                                  first + i / n_policies, progress, stage);
            }
          },
          tbb::simple_partitioner());
      for (int k = 0; k < count; ++k) {
        consume(first + k, std::span(tallies.data() + static_cast<std::size_t>(k) * n_policies,
                                     static_cast<std::size_t>(n_policies)));
      }
    }
  });
}

std::vector<ReplicationTally<std::int64_t>> run_cohort(const model::Scenario& scenario,
                                                       const ProviderPolicy& policy,
                                                       const RunSettings& settings,
                                                       const RunHooks& hooks) {
  std::vector<ReplicationTally<std::int64_t>> out;
  out.reserve(static_cast<std::size_t>(std::max(settings.replications, 0)));
  for_each_replication(
      scenario, std::span(&policy, 1), settings,
      [&out](int, std::span<ReplicationTally<std::int64_t>> tallies) {
        out.push_back(std::move(tallies[0]));
      },
      hooks);
  return out;
}

void apply_contract_stage(const model::Scenario& scenario, ReplicationTally<std::int64_t>& tally) {
  // The cohort denominator: everyone the provider holds, new admissions and the caseload it
  // started with, since both can qualify for payments.
  std::vector<std::int64_t> admitted;
  admitted.reserve(tally.by_group.size());
  for (const auto& g : tally.by_group) admitted.push_back(g.admissions + g.existing);
  rules::apply_contract_terms(scenario.contract, admitted, tally.ledger);
}

std::int64_t client_count(const model::Scenario& scenario, const RunSettings& settings,
                          int replication) {
  return plan_for(scenario, settings, replication).total();
}

ClientTrace trace_client(const model::Scenario& scenario, const ProviderPolicy& policy,
                         const RunSettings& settings, int replication, model::ClientId cid) {
  RunSettings one = settings;
  one.replications = 1;
  check_inputs(scenario, one);
  const ArrivalPlan plan = plan_for(scenario, settings, replication);
  if (cid >= static_cast<model::ClientId>(plan.total())) {
    throw std::out_of_range("client " + std::to_string(cid) + " does not exist in replication " +
                            std::to_string(replication) + " (" + std::to_string(plan.total()) +
                            " clients)");
  }
  std::optional<ClientTrace> found;
  RunHooks hooks;
  hooks.observer = [&](const ClientTrace& t) {
    if (t.path.cid == cid) found = t;
  };
  const detail::RunContext ctx(scenario, policy, settings.seed, hooks);
  auto tally = ctx.empty_tally();
  detail::Progress progress(hooks.progress, 0);
  if (scenario.economics.capacity) {
    detail::run_capacity_replication(ctx, replication, plan, tally, progress);
  } else {
    detail::Scratch scratch;
    const auto outcome = ctx.simulate_uncapped(static_cast<std::uint64_t>(replication), cid,
                                               plan.slot(cid), scratch);
    ctx.settle(replication, outcome, scratch, tally);
  }
  return *found;
}

}  // namespace pbr::sim
