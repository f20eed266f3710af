#pragma once
//! \file `pbrsim sweep --emit slurm`: the text of a script that submits a sweep to Slurm as a
//! job array of shards (`--shard K/N --resume`) and a merge job that runs when the array has
//! ended. Pure text generation; cmd_sweep.cpp checks the sweep before printing it.
//!
//! **Example**
//! \code
//! SlurmSweepJob job{"window_vs_fee", 8, 1, "/home/ana/pbr", "/usr/bin/pbrsim",
//!                   {"--plan", "scenarios/sweeps/window_vs_fee.sweep.json"},
//!                   "out/window_vs_fee_sweep.csv"};
//! std::cout << slurm_job_array_script(job);   // bash it on a login node
//! \endcode

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pbr::cli {

//! What the script submits.
struct SlurmSweepJob {
  std::string command = "sweep";        //!< the subcommand each task runs: sweep or psa
  std::string job_name;                 //!< the array's job name; the merge job adds "-merge"
  std::size_t shards = 1;               //!< N: array tasks 1..N, task K runs --shard K/N
  int cpus_per_task = 1;                //!< #SBATCH --cpus-per-task, passed on as --threads
  std::string working_dir;              //!< absolute; relative paths in the arguments are from here
  std::string pbrsim;                   //!< the pbrsim executable, absolute
  std::vector<std::string> sweep_args;  //!< the sweep's own arguments (scenario, plan, --set, ...)
  std::string out;                      //!< the merged CSV; shards and logs are written beside it
};

//! The text that `bash` runs on a login node to submit `job`: `sbatch` of the array, then
//! `sbatch --dependency=afterany:<array>` of the merge (afterany, not afterok: Slurm never
//! releases an afterok dependency once a task has failed or been cancelled, even when the
//! task is requeued and succeeds; the merge itself refuses an incomplete set of shards).
//! \throws core::InputError when an argument holds a line break, or the output path holds
//! anything but letters, digits and _-+./,:=@^ (it is written unquoted into #SBATCH lines).
std::string slurm_job_array_script(const SlurmSweepJob& job);

//! `text` as one bash word: unchanged when it has only characters bash never interprets,
//! else in single quotes ("it's" -> 'it'\''s').
std::string shell_quote(std::string_view text);

}  // namespace pbr::cli
