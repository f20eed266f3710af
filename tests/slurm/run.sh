#!/usr/bin/env bash
# The sweep's Slurm job array, run for real on a single-node Slurm cluster brought up from
# Debian's slurm-wlm and munge in a temporary directory (tests/slurm/cluster.sh):
#   1. the script of `pbrsim sweep --plan scenarios/sweeps/window_vs_fee.sweep.json --emit slurm`
#      (docs/sweeps.md) runs the shipped plan as 4 shards and a merge job; one shard is killed
#      mid-run with `scancel --signal=KILL` and requeued: it resumes from its journal, and the
#      merged CSV and sidecar equal the unsharded sweep byte for byte (the sidecar less
#      "execution", which records how it was made);
#   2. a shard whose scenario fails its checks (the file broken between shard 1 and shard 2)
#      fails the array with the scenario error in its log, and the merge job refuses the
#      incomplete set, naming the missing shard;
#   3. the script of `pbrsim psa ... --emit slurm` runs an uncertainty analysis as 3 shards
#      and a merge job, which writes the draws, the sidecar and the summary exactly as the
#      unsharded analysis does.
# Usage: tests/slurm/run.sh PBRSIM   (run by CTest, label "slurm"; needs root)
# Without slurm-wlm/munge (scripts/setup.sh --ci installs them) or root, it is skipped (exit 77)
# on a developer machine and FAILS in CI (CI=true): there it must never be skipped silently.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
pbrsim=$(realpath "${1:?usage: tests/slurm/run.sh PBRSIM}")
# The shipped plan as shipped (28 points, 100 replications): about 2 s of work per shard of
# 4, long enough to be killed mid-run, short enough for CI's 2 cores.
shards=4
started=$SECONDS

# CI=true (or any value but empty, false or 0), as CI services and .ci/run set it.
in_ci() { case "${CI:-}" in "" | false | 0) return 1 ;; *) return 0 ;; esac; }
cannot_run() {
  if in_ci; then
    echo "FAIL: the Slurm test cannot run in CI: $*" >&2
    exit 1
  fi
  echo "SKIPPED: $* (this test runs in CI; scripts/setup.sh --ci installs slurm-wlm and munge)" >&2
  exit 77
}
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

for tool in munged slurmctld slurmd sbatch jq; do
  command -v "$tool" >/dev/null || cannot_run "'$tool' is not installed"
done
if [ "$(id -u)" -ne 0 ]; then
  if in_ci && sudo -n true 2>/dev/null; then
    exec sudo -n --preserve-env=CI "$0" "$@"
  fi
  cannot_run "it must run as root (the test cluster's SlurmUser is root)"
fi

# shellcheck source=tests/slurm/cluster.sh
source "$src/tests/slurm/cluster.sh"
work=$(mktemp -d /tmp/pbrsim-slurm.XXXXXX)
finish() {
  local rc=$?
  slurm_cluster_stop
  if [ "$rc" -ne 0 ]; then
    # Every log, so that a failure in CI can be read from the CTest output alone.
    for log in "$work"/*/*.log; do
      [ -f "$log" ] && { echo "--- $log"; tail -n 40 "$log"; }
    done >&2
  fi
  rm -rf "$work"
  echo "slurm test: $((SECONDS - started)) s" >&2
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

slurm_cluster_start "$work/cluster" || fail "Slurm did not start (the reason is above)"
host=$(hostname -s)
echo "slurm test: cluster up on $host ($(nproc) CPUs) in $((SECONDS - started)) s"

# A job's (or array task JOB_K's) state and exit code as Slurm records them.
job_state() { scontrol show job "$1" | grep -o 'JobState=[A-Z_]*' | head -n 1 | cut -d= -f2; }
job_exit() { scontrol show job "$1" | grep -o ' ExitCode=[0-9:]*' | head -n 1 | cut -d= -f2; }
task_state() { job_state "$1_$2"; }
task_exit() { job_exit "$1_$2"; }
lines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }

# --- 1. the shipped plan as an array, one shard killed and requeued -----------------------
cd "$src"
plan=scenarios/sweeps/window_vs_fee.sweep.json
mkdir -p "$work/plan"
"$pbrsim" sweep --plan "$plan" --quiet --out "$work/whole.csv"
"$pbrsim" sweep --plan "$plan" --emit slurm --shards "$shards" --out "$work/plan/window_vs_fee.csv" >"$work/plan/submit.sh"
submitted=$(bash "$work/plan/submit.sh")
echo "slurm test: $submitted"
array=$(sed -n 's/^job array \([0-9]*\):.*/\1/p' <<<"$submitted")
merge=$(sed -n 's/.*merge job \([0-9]*\):.*/\1/p' <<<"$submitted")
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in the script's output: $submitted"

# Kill shard 2 once it has journaled a point, while it is still running.
journal="$work/plan/window_vs_fee.shard-2-of-$shards.journal.jsonl"
for _ in $(seq 1 600); do
  [ "$(lines "$journal")" -ge 2 ] && [ "$(task_state "$array" 2)" = RUNNING ] && break
  sleep 0.05
done
[ "$(task_state "$array" 2)" = RUNNING ] || fail "shard 2 was not running to be killed"
[ "$(lines "$journal")" -ge 2 ] || fail "shard 2 journaled no point within 30 s"
scancel --signal=KILL "${array}_2"
# Requeued only once it has ended: a job still COMPLETING is requeued later, with a new
# BeginTime that would override the StartTime set below.
for _ in $(seq 1 300); do
  case "$(task_state "$array" 2)" in RUNNING | COMPLETING) sleep 0.1 ;; *) break ;; esac
done
state=$(task_state "$array" 2)
saved=$(($(lines "$journal") - 1))
echo "slurm test: shard 2 killed ($state) with $saved points in its journal"
case "$state" in RUNNING | COMPLETING) fail "shard 2 still $state 30 s after scancel" ;; esac
[ -f "$work/plan/window_vs_fee.shard-2-of-$shards.csv" ] && fail "killed shard 2 wrote its CSV"
scontrol requeue "${array}_2"
# A requeued job waits (BeginTime) before it may start again; the test does not.
scontrol update jobid="${array}_2" StartTime=now
slurm_wait_job "$array" 120
slurm_wait_job "$merge" 60
for k in $(seq 1 "$shards"); do
  [ "$(task_state "$array" "$k")" = COMPLETED ] ||
    fail "shard $k ended $(task_state "$array" "$k") (exit $(task_exit "$array" "$k"))"
done
[ "$(job_state "$merge")" = COMPLETED ] ||
  fail "the merge job ended $(job_state "$merge") (exit $(job_exit "$merge"))"
resumed=$(jq ".execution.merged_from[] | select(.shard == \"2/$shards\") |
  .execution.points_resumed" "$work/plan/window_vs_fee.json")
[ "$resumed" = "$saved" ] ||
  fail "requeued shard 2 resumed $resumed points, its journal held $saved"
cmp "$work/plan/window_vs_fee.csv" "$work/whole.csv" || fail "merged CSV differs from unsharded"
cmp <(jq 'del(.execution)' "$work/plan/window_vs_fee.json") \
  <(jq 'del(.execution)' "$work/whole.json") || fail "merged sidecar differs from unsharded"
echo "slurm test: the job array with a killed and requeued shard gave the unsharded sweep" \
  "byte for byte (shard 2 resumed $resumed points)"

# --- 2. a shard that fails its input checks ---------------------------------------------
bad="$work/bad"
mkdir -p "$bad"
cp scenarios/default.json "$bad/default.json"
"$pbrsim" sweep "$bad/default.json" --set window=/contract/payments/2/no_reentry/months=3,6 \
  --replications 2 --emit slurm --shards 2 --out "$bad/window.csv" >"$bad/submit.sh"
# Nothing starts while the node is drained: hold shard 2, let shard 1 run, then break the
# scenario under shard 2 (as an edit on a shared file system would) and release it.
scontrol update nodename="$host" state=drain reason=pbrsim-test
submitted=$(bash "$bad/submit.sh")
array=$(sed -n 's/^job array \([0-9]*\):.*/\1/p' <<<"$submitted")
merge=$(sed -n 's/.*merge job \([0-9]*\):.*/\1/p' <<<"$submitted")
scontrol hold "${array}_2"
scontrol update nodename="$host" state=resume
for _ in $(seq 1 600); do
  [ "$(task_state "$array" 1)" = COMPLETED ] && break
  sleep 0.1
done
[ "$(task_state "$array" 1)" = COMPLETED ] || fail "shard 1 of the bad sweep did not complete"
sed -i 's/"horizon_months": 36/"horizon_months": 0/' "$bad/default.json"
scontrol release "${array}_2"
slurm_wait_job "$array" 60
slurm_wait_job "$merge" 60
[ "$(task_state "$array" 2)" = FAILED ] || fail "shard 2 ended $(task_state "$array" 2), not FAILED"
[ "$(task_exit "$array" 2)" = "2:0" ] || fail "shard 2 exit $(task_exit "$array" 2), not 2"
grep -qF "$bad/default.json, point 2 (window=6): /horizon_months: expected an integer from 1 to \
1200, got 0" "$bad/window.shard-2-of-2.log" ||
  fail "shard 2's log does not give the scenario error"
merge_state=$(job_state "$merge")
[ "$merge_state" = FAILED ] || fail "the merge job ended $merge_state, not FAILED"
grep -qF "/results: 1 of 2 points are in no shard output: points 2 (the points of shard 2/2)" \
  "$bad/window.merge.log" || fail "the merge log does not name the missing shard"
[ -f "$bad/window.csv" ] && fail "the merge wrote an incomplete result"
echo "slurm test: a shard failing its input checks failed the array with the scenario error" \
  "in its log; the merge refused, naming shard 2/2"

# --- 3. an uncertainty analysis as an array -----------------------------------------------
psa="$work/psa"
mkdir -p "$psa"
psa_file=tests/data/uncertainty/teaching_cost.psa.json
"$pbrsim" psa "$psa_file" --draws 12 --replications 5 --quiet --out "$psa/whole.csv" >/dev/null
"$pbrsim" psa "$psa_file" --draws 12 --replications 5 --emit slurm --shards 3 \
  --out "$psa/array/teaching_cost.csv" >"$psa/submit.sh"
submitted=$(bash "$psa/submit.sh")
array=$(sed -n 's/^job array \([0-9]*\):.*/\1/p' <<<"$submitted")
merge=$(sed -n 's/.*merge job \([0-9]*\):.*/\1/p' <<<"$submitted")
[ -n "$array" ] && [ -n "$merge" ] || fail "no job ids in the psa script's output: $submitted"
slurm_wait_job "$array" 120
slurm_wait_job "$merge" 60
[ "$(job_state "$merge")" = COMPLETED ] ||
  fail "the psa merge job ended $(job_state "$merge") (exit $(job_exit "$merge"))"
cmp "$psa/array/teaching_cost.csv" "$psa/whole.csv" || fail "merged psa CSV differs from unsharded"
cmp "$psa/array/teaching_cost_summary.csv" "$psa/whole_summary.csv" ||
  fail "merged psa summary differs from unsharded"
cmp <(jq 'del(.execution)' "$psa/array/teaching_cost.json") \
  <(jq 'del(.execution)' "$psa/whole.json") || fail "merged psa sidecar differs from unsharded"
echo "slurm test: the uncertainty analysis as a job array of 3 shards gave the unsharded" \
  "draws and summary byte for byte"
