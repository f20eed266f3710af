#include "engine/sweep/runner.hpp"

#include <memory>
#include <vector>

#include <tbb/parallel_for.h>

#include "engine/sweep/journal.hpp"

namespace pbr::sweep {

RunReport run_sweep(const PreparedSweep& sweep, const Evaluator& evaluator,
                    const RunOptions& options) {
  const SweepDefinition& def = sweep.definition;
  RunReport report;
  report.results.assign(def.points.size(), std::nullopt);
  std::unique_ptr<Journal> journal;
  if (!options.journal_path.empty()) {
    journal = std::make_unique<Journal>(options.journal_path, def, options.shard, options.resume,
                                        report.results);
    report.resumed = journal->loaded();
    report.damaged_journal_lines = journal->damaged();
  }
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < def.points.size(); ++i) {
    if (options.shard && !options.shard->contains(i)) continue;
    ++report.in_scope;
    if (!report.results[i]) pending.push_back(i);
  }
  if (options.on_start) options.on_start(report.resumed, report.in_scope);

  // The sweep appended the spend-by-year columns to the evaluator's own (prepare_sweep).
  const int years = static_cast<int>(def.evaluator.metrics.size() - evaluator.info.metrics.size());
  std::atomic<std::size_t> computed{0};
  // Grain 1 with the simple partitioner: a point is the unit of work handed to a thread
  // (its replications are split further inside the evaluator), whatever the thread count.
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, pending.size(), 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t k = range.begin(); k != range.end(); ++k) {
          if (options.cancel && options.cancel->load()) return;
          const std::size_t i = pending[k];
          const PointSpec& point = def.points[i];
          PointContext context{
              i, point.seed, point.replications, point.strategies, options.cancel, years};
          PointResult result;
          try {
            result = evaluator.evaluate(sweep.scenario(i), context);
          } catch (const Cancelled&) {
            return;
          }
          check_result(def.evaluator, context, result);
          if (journal) journal->append(i, result);
          report.results[i] = std::move(result);
          ++computed;
          if (options.on_point_done) options.on_point_done();
        }
      },
      tbb::simple_partitioner());
  report.computed = computed.load();
  report.interrupted = report.resumed + report.computed < report.in_scope;
  return report;
}

}  // namespace pbr::sweep
