#!/usr/bin/env bash
# Benchmark of the uncertainty analysis (issue "Parameter uncertainty", docs/uncertainty.md):
# the shipped default uncertainty file, 1,000 draws x 50 replications, every strategy and the
# best response at every draw. Prints the wall time and the draws per second.
# Usage: benchmarks/psa.sh [PBRSIM] [DRAWS] [REPLICATIONS] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
pbrsim="${1:-build/bin/pbrsim}"
draws="${2:-1000}"
replications="${3:-50}"
threads="${4:-0}"
out="$(mktemp -d /tmp/pbrsim-psa-bench.XXXXXX)"
trap 'rm -rf "$out"' EXIT
start=$(date +%s.%N)
"$pbrsim" psa scenarios/uncertainty/default.json --draws "$draws" --replications "$replications" \
  --threads "$threads" --quiet --out "$out/psa.csv" > "$out/summary.txt"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v d="$draws" -v r="$replications" -v t="$threads" -v c="$(nproc)" \
  'BEGIN { w = e - s; printf "psa: %d draws x %d replications, threads %s (%d cores): %.1f s, %.2f draws/s\n", d, r, t, c, w, d / w }'
head -4 "$out/summary.txt"
