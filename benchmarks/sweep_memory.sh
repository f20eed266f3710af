#!/usr/bin/env bash
# Peak memory (maximum resident set size) of `pbrsim sweep` and `pbrsim psa` against the
# number of points or draws, and of `sweep --dry-run` on the largest grid allowed (a million
# points). Points are built and checked a block at a time, their scenarios are rebuilt when
# they run rather than kept, and the CSV and sidecar are streamed to disk, so what is held
# per point is its definition and its result: memory grows by about a kilobyte a point, not
# by the 31 KB a point that keeping every scenario once cost.
#
# Usage: benchmarks/sweep_memory.sh [PBRSIM] [COUNT...]
#   PBRSIM  the pbrsim binary (default build/bin/pbrsim)
#   COUNT   points (sweep) and draws (psa) to measure (default 1000 10000 100000)
#   DRY_RUN_POINTS (env, default 1000000): the dry run's grid size; 0 skips it.
# Prints one line per run: what ran, count, peak RSS in MiB, wall seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
pbrsim=${1:-build/bin/pbrsim}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(1000 10000 100000)
dry_run_points=${DRY_RUN_POINTS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp tests/data/uncertainty/one_probability.json tests/data/uncertainty/one_probability.psa.json \
  "$work/"
measure() {  # measure LABEL COUNT COMMAND...
  local label=$1 count=$2
  shift 2
  /usr/bin/time -f '%M %e' -o "$work/time" "$@" >/dev/null
  read -r kib seconds <"$work/time"
  rm -rf "$work/out"
  printf '%-44s %9s %14.1f %10s\n' "$label" "$count" "$(echo "$kib / 1024" | bc -l)" "$seconds"
}
printf '%-44s %9s %14s %10s\n' run count peak_rss_MiB wall_s
for n in "${counts[@]}"; do
  measure "sweep tiny scenario, 1 replication, admit_all" "$n" "$pbrsim" sweep \
    tests/unit/sweep/data/tiny.json --set "/run/seed=1:$n:1" --replications 1 --quiet \
    --out "$work/out/s.csv"
done
for n in "${counts[@]}"; do
  measure "psa one_probability, 2 replications a draw" "$n" "$pbrsim" psa \
    "$work/one_probability.psa.json" --draws "$n" --replications 2 --quiet --out "$work/out/p.csv"
done
if [ "$dry_run_points" -gt 0 ]; then
  side=$(echo "e(l($dry_run_points) / 3)" | bc -l | xargs printf '%.0f')
  measure "sweep --dry-run, default scenario, ${side}^3 grid" "$((side * side * side))" \
    "$pbrsim" sweep scenarios/default.json --set "a=1:$side:1" --set "b=1:$side:1" \
    --set "/run/seed=1:$side:1" --dry-run
fi
