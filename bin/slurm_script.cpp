#include "bin/slurm_script.hpp"

#include <filesystem>

#include "engine/core/diagnostics.hpp"

namespace pbr::cli {

namespace {

// The delimiter of the here-documents that hold the two job scripts. Quoted in the script
// ('SLURM_JOB'), so that $SLURM_ARRAY_TASK_ID is expanded by the job, not at submission.
constexpr const char* DELIMITER = "SLURM_JOB";

bool is_plain_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("_-+./,:=@%^").find(c) != std::string_view::npos;
}

void refuse_line_breaks(const std::string& text, const std::string& what) {
  if (text.find_first_of("\r\n") != std::string::npos) {
    throw core::InputError("command line", "",
                           "--emit slurm: " + what + " '" + text +
                               "' contains a line break, which a job script cannot hold");
  }
}

}  // namespace

std::string shell_quote(std::string_view text) {
  bool plain = !text.empty() && text.front() != '=' && text.front() != '%';
  for (const char c : text) plain = plain && is_plain_word_char(c);
  if (plain) return std::string(text);
  std::string quoted = "'";
  for (const char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string slurm_job_array_script(const SlurmSweepJob& job) {
  for (const auto& a : job.sweep_args) refuse_line_breaks(a, "argument");
  refuse_line_breaks(job.working_dir, "working directory");
  refuse_line_breaks(job.pbrsim, "pbrsim path");
  // #SBATCH lines are split on white space, and --output expands '%' patterns; a plain
  // path needs no quoting in either place.
  for (const char c : job.out) {
    if (!is_plain_word_char(c) || c == '%') {
      throw core::InputError("command line", "",
                             "--out '" + job.out +
                                 "': with --emit slurm the output path may hold only letters, "
                                 "digits and _-+./,:=@^ (it also names the jobs' #SBATCH "
                                 "--output logs)");
    }
  }
  std::string job_name = job.job_name;
  for (char& c : job_name) {
    if (!is_plain_word_char(c) || c == '%') c = '_';
  }

  const std::string n = std::to_string(job.shards);
  // Shards, journals and logs sit beside the merged CSV: out/x_sweep.csv has the shard
  // outputs out/x_sweep.shard-K-of-N.csv, as `--shard K/N` names them by default.
  const std::string stem = std::filesystem::path(job.out).replace_extension("").string();
  const std::string shard_stem = stem + ".shard-";
  const std::string shard_tail = "-of-" + n;
  const std::string dir = std::filesystem::path(job.out).parent_path().string();
  const std::string exe = shell_quote(job.pbrsim);

  std::string sweep = exe + " " + job.command;
  for (const auto& a : job.sweep_args) sweep += " " + shell_quote(a);

  std::string s;
  s += "#!/bin/bash\n";
  const std::string what = job.command == "psa" ? "uncertainty analysis" : "sweep";
  s += "# Submits a pbrsim " + what + " to Slurm as a job array of " + n +
       " shards and a merge job.\n";
  s += "# Written by `pbrsim " + job.command +
       " --emit slurm`; run it with bash (not sbatch) on a login node.\n";
  s += "# Each task runs one shard with --resume, so a task that is killed and requeued\n";
  s += "# continues from its journal. The merge runs when every task has ended (afterany:\n";
  s += "# Slurm never releases afterok once a task has failed, even after a requeue) and\n";
  s += "# refuses an incomplete set of shards, naming the missing ones. Add your site's\n";
  s += "# options (--time, --partition, --account) as #SBATCH lines.\n";
  s += "set -euo pipefail\n";
  s += "cd " + shell_quote(job.working_dir) + "\n";
  if (!dir.empty()) s += "mkdir -p " + shell_quote(dir) + "\n";
  s += "array_job=$(sbatch --parsable <<'" + std::string(DELIMITER) + "'\n";
  s += "#!/bin/bash\n";
  s += "#SBATCH --job-name=" + job_name + "\n";
  s += "#SBATCH --array=1-" + n + "\n";
  s += "#SBATCH --cpus-per-task=" + std::to_string(job.cpus_per_task) + "\n";
  s += "#SBATCH --requeue\n";
  s += "#SBATCH --open-mode=append\n";
  s += "#SBATCH --output=" + shard_stem + "%a" + shard_tail + ".log\n";
  s += "K=$SLURM_ARRAY_TASK_ID\n";
  s += "exec " + sweep + " \\\n";
  s += "  --shard \"$K/" + n + "\" --threads \"$SLURM_CPUS_PER_TASK\" --resume \\\n";
  s += "  --out " + shell_quote(shard_stem) + "$K" + shell_quote(shard_tail + ".csv") + "\n";
  s += std::string(DELIMITER) + "\n)\n";
  s += "array_job=${array_job%%;*}\n";
  s += "merge_job=$(sbatch --parsable --dependency=afterany:\"$array_job\" <<'" +
       std::string(DELIMITER) + "'\n";
  s += "#!/bin/bash\n";
  s += "#SBATCH --job-name=" + job_name + "-merge\n";
  s += "#SBATCH --output=" + stem + ".merge.log\n";
  s += "exec " + exe + " merge " + shell_quote(job.out) + " " + shell_quote(shard_stem) + "*" +
       shell_quote(shard_tail + ".csv") + "\n";
  s += std::string(DELIMITER) + "\n)\n";
  s += "merge_job=${merge_job%%;*}\n";
  s += "echo \"job array $array_job: " + n + " shards; merge job $merge_job:\" " +
       shell_quote(job.out) + "\n";
  return s;
}

}  // namespace pbr::cli
