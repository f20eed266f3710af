// `pbrsim sweep --emit slurm` (bin/slurm_script.cpp): the script's text word for word, the
// script run end to end with a stand-in `sbatch` that records the jobs instead of queueing
// them (the real Slurm run is tests/slurm/run.sh), and the option errors.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_process.hpp"
#include "fake_sweep.hpp"

using Catch::Matchers::Contains;
using pbr::test::run_pbrsim;
using pbr::test::slurp;

namespace {

const std::string TINY = std::string(PBR_SOURCE_DIR) + "/tests/unit/sweep/data/tiny.json";
const std::string FEE = "fee=/contract/payments/0/amount_by_band/standard=0:50:10";

std::string executable() {
  return std::filesystem::canonical(PBRSIM_EXE).string();
}

nlohmann::json without_execution(const std::string& path) {
  auto doc = nlohmann::json::parse(slurp(path));
  doc.erase("execution");
  return doc;
}

//! Runs a bash command line; returns its exit status.
int bash(const std::string& command) {
  const int status = std::system(("bash -c '" + command + "'").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

TEST_CASE("sweep --emit slurm prints the job array and merge job for the sweep", "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_emit_text");
  REQUIRE(run_pbrsim({"sweep", TINY, "--set", FEE, "--replications", "5", "--threads", "2",
                      "--emit", "slurm", "--shards", "3", "--out", dir + "/fee.csv"},
                     dir + "/script.sh", dir + "/err.txt") == 0);
  const std::string cwd = std::filesystem::current_path().string();
  const std::string exe = executable();
  CHECK(slurp(dir + "/script.sh") ==
        "#!/bin/bash\n"
        "# Submits a pbrsim sweep to Slurm as a job array of 3 shards and a merge job.\n"
        "# Written by `pbrsim sweep --emit slurm`; run it with bash (not sbatch) on a login "
        "node.\n"
        "# Each task runs one shard with --resume, so a task that is killed and requeued\n"
        "# continues from its journal. The merge runs when every task has ended (afterany:\n"
        "# Slurm never releases afterok once a task has failed, even after a requeue) and\n"
        "# refuses an incomplete set of shards, naming the missing ones. Add your site's\n"
        "# options (--time, --partition, --account) as #SBATCH lines.\n"
        "set -euo pipefail\n"
        "cd " +
            cwd +
            "\n"
            "mkdir -p " +
            dir +
            "\n"
            "array_job=$(sbatch --parsable <<'SLURM_JOB'\n"
            "#!/bin/bash\n"
            "#SBATCH --job-name=tiny\n"
            "#SBATCH --array=1-3\n"
            "#SBATCH --cpus-per-task=2\n"
            "#SBATCH --requeue\n"
            "#SBATCH --open-mode=append\n"
            "#SBATCH --output=" +
            dir +
            "/fee.shard-%a-of-3.log\n"
            "K=$SLURM_ARRAY_TASK_ID\n"
            "exec " +
            exe + " sweep " + TINY + " --set " + FEE +
            " --replications 5 \\\n"
            "  --shard \"$K/3\" --threads \"$SLURM_CPUS_PER_TASK\" --resume \\\n"
            "  --out " +
            dir +
            "/fee.shard-$K-of-3.csv\n"
            "SLURM_JOB\n"
            ")\n"
            "array_job=${array_job%%;*}\n"
            "merge_job=$(sbatch --parsable --dependency=afterany:\"$array_job\" <<'SLURM_JOB'\n"
            "#!/bin/bash\n"
            "#SBATCH --job-name=tiny-merge\n"
            "#SBATCH --output=" +
            dir +
            "/fee.merge.log\n"
            "exec " +
            exe + " merge " + dir + "/fee.csv " + dir +
            "/fee.shard-*-of-3.csv\n"
            "SLURM_JOB\n"
            ")\n"
            "merge_job=${merge_job%%;*}\n"
            "echo \"job array $array_job: 3 shards; merge job $merge_job:\" " +
            dir + "/fee.csv\n");
  CHECK(slurp(dir + "/err.txt").empty());
  CHECK_FALSE(std::filesystem::exists(dir + "/fee.csv"));  // nothing ran
}

TEST_CASE("sweep --emit slurm: the script's jobs, run in turn, give the unsharded sweep",
          "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_emit_run");
  const auto log = dir + "/log.txt";
  // An argument that needs quoting, to check that the jobs receive it intact.
  const std::vector<std::string> sweep = {
      "sweep",          TINY,
      "--set",          "share=0,0.5",
      "--derive",       "/contract/payments/0/amount_by_band/standard=round(share * 120, 2)",
      "--replications", "4",
      "--quiet"};
  auto whole = sweep;
  whole.insert(whole.end(), {"--out", dir + "/whole.csv"});
  REQUIRE(run_pbrsim(whole, log, log) == 0);
  auto emit = sweep;
  emit.insert(emit.end(), {"--emit", "slurm", "--shards", "2", "--out", dir + "/out/m.csv"});
  REQUIRE(run_pbrsim(emit, dir + "/script.sh", log) == 0);
  CHECK_THAT(slurp(dir + "/script.sh"),
             Contains(" --derive '/contract/payments/0/amount_by_band/standard=round(share * "
                      "120, 2)' "));

  // A stand-in sbatch: keeps each job script and its options, answers "id;cluster" as
  // `sbatch --parsable` does.
  std::filesystem::create_directories(dir + "/bin");
  {
    std::ofstream fake(dir + "/bin/sbatch");
    fake << "#!/bin/bash\nn=$(ls \"$FAKE_JOBS\"/job*.sh 2>/dev/null | wc -l)\nn=$((n + 1))\n"
            "cat >\"$FAKE_JOBS/job$n.sh\"\nprintf \"%s\\n\" \"$@\" >\"$FAKE_JOBS/job$n.args\"\n"
            "echo \"10$n;test\"\n";
  }
  std::filesystem::permissions(dir + "/bin/sbatch", std::filesystem::perms::owner_all);
  REQUIRE(bash("PATH=" + dir + "/bin:$PATH FAKE_JOBS=" + dir + " bash " + dir + "/script.sh >" +
               dir + "/submitted.txt") == 0);
  CHECK(slurp(dir + "/submitted.txt") ==
        "job array 101: 2 shards; merge job 102: " + dir + "/out/m.csv\n");
  CHECK(slurp(dir + "/job1.args") == "--parsable\n");
  CHECK(slurp(dir + "/job2.args") == "--parsable\n--dependency=afterany:101\n");
  CHECK(std::filesystem::is_directory(dir + "/out"));

  // The array's tasks as Slurm would start them, then the merge.
  for (const char* k : {"1", "2"}) {
    REQUIRE(bash("SLURM_ARRAY_TASK_ID=" + std::string(k) + " SLURM_CPUS_PER_TASK=1 bash " + dir +
                 "/job1.sh >>" + log + " 2>&1") == 0);
    CHECK(std::filesystem::exists(dir + "/out/m.shard-" + std::string(k) + "-of-2.csv"));
  }
  REQUIRE(bash("bash " + dir + "/job2.sh >>" + log + " 2>&1") == 0);
  CHECK(slurp(dir + "/out/m.csv") == slurp(dir + "/whole.csv"));
  CHECK(without_execution(dir + "/out/m.json").dump(2) ==
        without_execution(dir + "/whole.json").dump(2));
}

TEST_CASE("sweep --emit slurm: wrong combinations exit 2 and say why", "[sweep][cli]") {
  const auto dir = pbr::test::scratch_dir("cli_emit_errors");
  const auto out = dir + "/out.txt";
  const auto err = dir + "/err.txt";
  const std::vector<std::string> base = {"sweep", TINY, "--set", FEE};
  const auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return run_pbrsim(args, out, err);
  };
  CHECK(with({"--emit", "pbs", "--shards", "2"}) == 2);
  CHECK(slurp(err) == "command line: /: --emit 'pbs': expected slurm\n");
  CHECK(with({"--emit", "slurm"}) == 2);
  CHECK(slurp(err) == "command line: /: --emit slurm needs --shards N\n");
  CHECK(with({"--shards", "2"}) == 2);
  CHECK(slurp(err) ==
        "command line: /: --shards is for --emit slurm (to run one shard, use --shard K/N)\n");
  CHECK(with({"--emit", "slurm", "--shards", "2", "--shard", "1/2"}) == 2);
  CHECK_THAT(slurp(err), Contains("--emit slurm cannot be combined with --shard, --resume or "
                                  "--dry-run"));
  CHECK(with({"--emit", "slurm", "--shards", "0"}) == 2);
  CHECK_THAT(slurp(err), Contains("--shards: expected an integer 1 .. 1000000, got '0'"));
  CHECK(with({"--emit", "slurm", "--shards", "7"}) == 2);  // 6 points
  CHECK(slurp(err) ==
        "command line: /: --shards 7: the sweep has 6 points; at most one shard per point\n");
  CHECK(with({"--emit", "slurm", "--shards", "2", "--out", dir + "/a b.csv"}) == 2);
  CHECK_THAT(slurp(err), Contains("with --emit slurm the output path may hold only letters"));
  // A bad point is found before any script is printed.
  CHECK(with({"--set", "/horizon_months=0", "--emit", "slurm", "--shards", "2"}) == 2);
  CHECK_THAT(slurp(err), Contains("/horizon_months: expected an integer"));
  CHECK(slurp(out).empty());
}

TEST_CASE("docs/sweeps.md shows the script that --emit slurm prints for the shipped plan",
          "[sweep][cli][docs]") {
  const auto dir = pbr::test::scratch_dir("cli_emit_docs");
  const std::string marker =
      "<!-- emitted: pbrsim sweep --plan scenarios/sweeps/window_vs_fee.sweep.json --emit slurm "
      "--shards 8 -->\n```bash\n";
  const std::string doc = slurp(std::string(PBR_SOURCE_DIR) + "/docs/sweeps.md");
  const auto begin = doc.find(marker);
  REQUIRE(begin != std::string::npos);
  const auto body = begin + marker.size();
  const auto end = doc.find("```\n", body);
  REQUIRE(end != std::string::npos);
  std::string shown = doc.substr(body, end - body);

  // Run where the docs say, from the source root, as CTest does.
  std::filesystem::current_path(PBR_SOURCE_DIR);
  REQUIRE(run_pbrsim({"sweep", "--plan", "scenarios/sweeps/window_vs_fee.sweep.json", "--emit",
                      "slurm", "--shards", "8"},
                     dir + "/script.sh", dir + "/err.txt") == 0);
  // The docs' directory and executable stand for the ones on the machine that made it.
  const auto replace_all = [](std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
    return text;
  };
  shown = replace_all(shown, "/usr/local/bin/pbrsim", executable());
  shown = replace_all(shown, "cd /home/you/pbr\n",
                      "cd " + std::filesystem::current_path().string() + "\n");
  CHECK(shown == slurp(dir + "/script.sh"));
}
