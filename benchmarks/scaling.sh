#!/usr/bin/env bash
# The figures of docs/scaling.md, measured on this machine with a Release build:
#   point  the cost of one sweep point of the default scenario at its default replications
#          (200) with every strategy it evaluates (5): a sweep of 10 windows, at 1 and at 2
#          threads (wall seconds per point, and core-seconds per point at 1 thread);
#   merge  the cost of `pbrsim merge` on SHARDS shard outputs of a sweep of POINTS points,
#          generated for real by `pbrsim sweep --shard K/SHARDS` (the default scenario at 1
#          replication, every point the same scenario through a virtual parameter, so the
#          shards are cheap to make but as large as any sweep's of that many points), then
#          checked against the unsharded run byte for byte.
# Usage: benchmarks/scaling.sh [point|merge|all] [PBRSIM]
#        POINTS=1000 SHARDS=1000 JOBS=2 benchmarks/scaling.sh merge build/bin/pbrsim
# Needs: bash, GNU date; /usr/bin/time (GNU time) adds the merge's peak memory when present.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
pbrsim=$(realpath "${2:-build/bin/pbrsim}")
points=${POINTS:-1000}
shards=${SHARDS:-1000}
jobs=${JOBS:-2}
work=$(mktemp -d /tmp/pbrsim-scaling.XXXXXX)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

if [ "$what" = point ] || [ "$what" = all ]; then
  window=/contract/payments/2/no_reentry/months=3:12:1  # 10 points
  for threads in 1 2; do
    t0=$(now)
    "$pbrsim" sweep scenarios/default.json --set "w=$window" --threads "$threads" --quiet \
      --out "$work/point-$threads.csv"
    t1=$(now)
    s=$(elapsed "$t0" "$t1")
    awk -v s="$s" -v t="$threads" \
      'BEGIN { printf "point: default scenario, 200 replications, 5 strategies, %d thread(s): %.3f s for 10 points, %.3f s per point\n", t, s, s / 10 }'
  done
fi

if [ "$what" = merge ] || [ "$what" = all ]; then
  mkdir -p "$work/shards"
  sweep=(sweep scenarios/default.json --set "i=1:$points:1" --replications 1 --quiet)
  "$pbrsim" "${sweep[@]}" --out "$work/whole.csv"
  t0=$(now)
  seq 1 "$shards" | xargs -P "$jobs" -I{} "$pbrsim" "${sweep[@]}" --shard "{}/$shards" \
    --out "$work/shards/s.shard-{}-of-$shards.csv"
  t1=$(now)
  size=$(du -sm "$work/shards" | cut -f1)
  echo "merge: generated $shards shards of $points points in $(elapsed "$t0" "$t1") s" \
    "($jobs at a time), $size MB"
  memory=()
  if [ -x /usr/bin/time ]; then memory=(/usr/bin/time -f "merge: peak memory %M KiB" -a -o "$work/time.txt"); fi
  t0=$(now)
  "${memory[@]}" "$pbrsim" merge --quiet "$work/merged.csv" "$work"/shards/s.shard-*-of-"$shards".csv
  t1=$(now)
  s=$(elapsed "$t0" "$t1")
  cmp "$work/merged.csv" "$work/whole.csv"
  awk -v s="$s" -v n="$shards" -v p="$points" -v mb="$size" \
    'BEGIN { printf "merge: %d shards of a %d-point sweep in %.3f s: %.1f ms per shard, %.2f us per shard x point, %.0f MB/s of sidecars\n", n, p, s, 1000 * s / n, 1e6 * s / (n * p), mb / s }'
  [ -f "$work/time.txt" ] && cat "$work/time.txt"
  echo "merge: merged CSV equal to the unsharded run's"
fi
