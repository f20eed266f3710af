#!/usr/bin/env bash
# Cost of the best response: `pbrsim run` on a scenario with the canned strategies it allows
# (admit_all, cherry_pick unless open access, park and fast_track when declared) against the
# same run with best_response added. The ratio bounds the best response's run against a
# run of the canned strategies from above (one more simulated strategy only adds time to the
# denominator). Figures: docs/performance.md.
#
# Usage: benchmarks/best_response.sh [PBRSIM] [SCENARIO...]
#   defaults: build/bin/pbrsim, every scenarios/*.json; REPEATS (env, default 3): the median
#   wall time of the repeats is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
pbrsim=${1:-build/bin/pbrsim}
shift || true
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(scenarios/*.json)
repeats=${REPEATS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median_seconds() {
  local scenario=$1 strategies=$2 times=()
  for _ in $(seq "$repeats"); do
    local start end
    start=$(date +%s.%N)
    "$pbrsim" run "$scenario" --strategies "$strategies" --out "$work/out_summary.csv" \
      --quiet >/dev/null
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc -l)")
    rm -f "$work"/out_*
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((repeats + 1) / 2))p"
}
# The canned strategies a scenario allows, from its schema-checked declaration.
canned_for() {
  local scenario=$1 list=admit_all
  "$pbrsim" run "$scenario" --strategies admit_all,cherry_pick --replications 1 \
    --out "$work/probe_summary.csv" --quiet >/dev/null 2>&1 && list+=,cherry_pick
  rm -f "$work"/probe_*
  for b in park fast_track; do
    "$pbrsim" run "$scenario" --strategies "admit_all,$b" --replications 1 \
      --out "$work/probe_summary.csv" --quiet >/dev/null 2>&1 && list+=",$b"
    rm -f "$work"/probe_*
  done
  echo "$list"
}
printf '%-45s %-40s %10s %10s %6s\n' scenario canned "canned s" "+best s" ratio
for scenario in "${scenarios[@]}"; do
  canned=$(canned_for "$scenario")
  base=$(median_seconds "$scenario" "$canned")
  best=$(median_seconds "$scenario" "$canned,best_response")
  printf '%-45s %-40s %10.3f %10.3f %6.2f\n' "$scenario" "$canned" "$base" "$best" \
    "$(echo "$best / $base" | bc -l)"
done
echo "(median of $repeats runs each, the scenarios' own replications and seed, $(nproc) cores)"
