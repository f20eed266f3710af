#pragma once
//! \file The part of `pbrsim sweep` and `pbrsim psa` that is the same: checking the outputs,
//! --dry-run, --emit slurm, running the points with a journal under SIGINT/SIGTERM, progress,
//! and writing the CSV and its sidecar. Each command builds its plan and evaluator, then
//! hands over a SweepJob. Also the options they share with `pbrsim merge` (--layout) and
//! their default output names.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "bin/commands.hpp"
#include "engine/output/atomic_file.hpp"
#include "engine/sweep/evaluator.hpp"
#include "engine/sweep/outputs.hpp"
#include "engine/sweep/plan.hpp"
#include "engine/sweep/shard.hpp"
#include "engine/sweep/sweep.hpp"
#include "engine/sweep/table.hpp"

namespace pbr::cli {

//! Everything a sweep-like command has decided before anything runs.
struct SweepJob {
  std::string command;    //!< "sweep" or "psa": messages, progress, the Slurm script
  CommandArgs args;       //!< as given, for the sidecar's execution record
  sweep::SweepPlan plan;  //!< checked
  nlohmann::json base;    //!< the resolved base scenario
  std::vector<output::CommandFile> inputs;  //!< files no output may overwrite
  sweep::RunOverrides overrides;
  sweep::Evaluator evaluator;
  std::string out;       //!< the CSV
  std::string out_role;  //!< "--out" or "the default --out"
  //! Further outputs written after the CSV and sidecar (e.g. the summary), checked up front.
  std::vector<output::CommandFile> extra_outputs;
  sweep::Layout layout = sweep::Layout::wide;
  std::optional<sweep::ShardSpec> shard;
  std::optional<std::string> report;  //!< --report: the HTML report, written last
  bool resume = false, quiet = false, embed = false, dry_run = false;
  int threads = 0;                    //!< 0 = all cores
  std::size_t emit_shards = 0;        //!< > 0: print a Slurm job-array script of that many shards
  std::string job_name;               //!< the Slurm job's name
  std::vector<std::string> job_args;  //!< the arguments each array task repeats
  //! Called with the output once the CSV and sidecar are written (not for a dry run, an
  //! emitted script or an interrupted run).
  std::function<void(const sweep::SweepOutput&)> after_write;
};

//! The options every sweep-like command takes, as given: --out, --layout, --shard, --resume,
//! --embed-scenarios, --dry-run, --emit, --shards, --quiet, --report.
struct SweepJobOptions {
  std::string out, layout = "wide", shard, emit, shards, report;
  bool resume = false, quiet = false, dry_run = false, embed = false;
};

//! What the options' help says about the command: "sweep" or "analysis", "point" or "draw",
//! and the --out help text.
struct SweepJobWords {
  std::string what, unit, out_help;
};

//! Declares the SweepJobOptions in `options`, storing into `values`.
void add_sweep_job_options(boost::program_options::options_description& options,
                           SweepJobOptions& values, const SweepJobWords& words);

//! Checks the options and sets the job's layout, shard, resume, quiet, embed, dry_run and
//! emit_shards from them. \throws core::InputError for a bad value or combination
void apply_sweep_job_options(const boost::program_options::variables_map& vm,
                             const SweepJobOptions& values, SweepJob& job);

//! The layout named by --layout: "wide" or "long". \throws core::InputError "--layout 'x':
//! expected wide or long" (pbrsim sweep, psa and merge).
sweep::Layout layout_option(const std::string& text);

//! The file name of a job's input without its extension and a trailing `inner_extension`:
//! ("plans/x.sweep.json", ".sweep") -> "x"; ("x.psa.json", ".psa") -> "x"; ("x.json",
//! ".psa") -> "x".
std::string job_file_stem(const std::string& input, const std::string& inner_extension);

//! The default CSV of a sweep-like job: "out/<name>.csv", or "out/<name>.shard-K-of-N.csv"
//! for one shard, so that shards of one job never share a file.
std::string default_job_output(const std::string& name,
                               const std::optional<sweep::ShardSpec>& shard);

//! Runs the job; returns the exit code (128 + signal when interrupted).
int run_sweep_job(const SweepJob& job);

//! This pbrsim's absolute path ("pbrsim" when the system cannot tell).
std::string this_executable();

}  // namespace pbr::cli
