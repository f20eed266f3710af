#!/usr/bin/env bash
# Peak memory (maximum resident set size) of `pbrsim run` against the replication count, on a
# small scenario: the default scenario with one referral a month over 12 months. Summaries
# stream (docs/outputs.md, "Summaries across replications"), so the peak should not grow
# with the replications.
#
# Usage: benchmarks/memory.sh [PBRSIM] [REPLICATIONS...]
#   PBRSIM        the pbrsim binary (default build/bin/pbrsim)
#   REPLICATIONS  counts to measure (default 100 10000 1000000)
# Prints one line per count: replications, strategies, peak RSS in MiB, wall seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
pbrsim=${1:-build/bin/pbrsim}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(100 10000 1000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/small.json" <<JSON
{
  "extends": "$PWD/scenarios/default.json",
  "name": "memory_small",
  "horizon_months": 12,
  "referrals": {"monthly_rate": 1, "existing_caseload": []}
}
JSON
printf '%-12s %-22s %12s %10s\n' replications strategies peak_rss_MiB wall_s
for strategies in admit_all admit_all,cherry_pick,park,fast_track,worst_case; do
  for n in "${counts[@]}"; do
    /usr/bin/time -f '%M %e' -o "$work/time" "$pbrsim" run "$work/small.json" --replications "$n" \
      --strategies "$strategies" --out "$work/out_summary.csv" --quiet >/dev/null
    read -r kib seconds <"$work/time"
    rm -f "$work"/out_*
    label=admit_all
    [ "$strategies" = admit_all ] || label="five strategies"
    printf '%-12s %-22s %12.1f %10s\n' "$n" "$label" \
      "$(echo "$kib / 1024" | bc -l)" "$seconds"
  done
done
