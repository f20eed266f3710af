#pragma once
//! \file Running a prepared sweep: the points of this shard that the journal does not
//! already hold, in parallel, each result journaled as soon as it is known.

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "engine/sweep/evaluator.hpp"
#include "engine/sweep/results.hpp"
#include "engine/sweep/shard.hpp"
#include "engine/sweep/sweep.hpp"

namespace pbr::sweep {

//! How to run.
struct RunOptions {
  std::optional<ShardSpec> shard;  //!< only this shard's points; nullopt = all
  std::string journal_path;        //!< "" = no journal (not resumable)
  bool resume = false;             //!< continue from an existing journal
  //! When set (e.g. by a SIGINT handler), no new point starts; running points finish and
  //! are journaled (an evaluator may also poll it and throw Cancelled).
  const std::atomic<bool>* cancel = nullptr;
  //! Called once the journal is loaded, with (points already done, points in scope).
  std::function<void(std::size_t done, std::size_t total)> on_start;
  //! Called after each computed point is journaled, from worker threads (must be
  //! thread-safe).
  std::function<void()> on_point_done;
};

//! What a run produced.
struct RunReport {
  Results results;                        //!< one slot per point of the sweep
  std::size_t in_scope = 0;               //!< points of this shard (all points without sharding)
  std::size_t resumed = 0;                //!< loaded from the journal
  std::size_t computed = 0;               //!< computed by this run
  std::size_t damaged_journal_lines = 0;  //!< a line cut short by a kill, ignored
  bool interrupted = false;               //!< stopped by `cancel` before every point was done
};

//! Runs the points in scope that are not yet done. Scheduling: one flat
//! tbb::parallel_for over the pending points (grain 1), and the evaluator runs its
//! replications with TBB inside, so the scheduler interleaves points and replications and
//! keeps every core busy whether points are many and small or few and large. Each point's
//! result depends only on its scenario and context, never on which thread ran it or when,
//! so results are identical for any thread count and any interruption history.
//! \throws whatever the evaluator throws (other than Cancelled), after the points already
//!   finished are journaled; core::InputError from the journal (see Journal).
RunReport run_sweep(const PreparedSweep& sweep, const Evaluator& evaluator,
                    const RunOptions& options);

}  // namespace pbr::sweep
