#!/usr/bin/env bash
# Cost of the best response: `pbrsim run` on a scenario with the four canned strategies
# (admit_all, cherry_pick, park, fast_track) against the same run with best_response added.
# The ratio bounds the best response's run against a five-strategy run from above (a fifth
# simulated strategy only adds time to the denominator).
#
# Usage: benchmarks/best_response.sh [PBRSIM] [SCENARIO] [REPEATS]
#   defaults: build/bin/pbrsim, scenarios/default.json, 3 (median wall time of the repeats)
set -euo pipefail
cd "$(dirname "$0")/.."
pbrsim=${1:-build/bin/pbrsim}
scenario=${2:-scenarios/default.json}
repeats=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median_seconds() {
  local times=()
  for _ in $(seq "$repeats"); do
    /usr/bin/time -f '%e' -o "$work/t" "$pbrsim" run "$scenario" --strategies "$1" \
      --out "$work/out_summary.csv" --quiet >/dev/null
    times+=("$(cat "$work/t")")
    rm -f "$work"/out_*
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((repeats + 1) / 2))p"
}
canned=$(median_seconds admit_all,cherry_pick,park,fast_track)
best=$(median_seconds admit_all,cherry_pick,park,fast_track,best_response)
echo "scenario: $scenario (its own replications and seed), median of $repeats runs"
echo "four canned strategies:                 ${canned} s"
echo "four canned strategies + best_response: ${best} s"
echo "ratio: $(echo "scale=2; $best / $canned" | bc -l)"
