#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) in build-fuzz/ and runs each on a
# scratch copy of its committed seed corpus (tests/fuzz/corpus/NAME), so the repository is
# never modified. Exits non-zero on any finding; prints executions per run.
# A fixed libFuzzer seed and a fixed number of runs make CI's run the same inputs every time
# (a finding reproduces); SECONDS bounds each target's time as well.
# Usage: tests/fuzz/run.sh [SECONDS_PER_TARGET (default 60)] [RUNS (default 300000)] [SEED (1)]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
runs="${2:-300000}"
seed="${3:-1}"
if ! command -v clang++ >/dev/null; then
  echo "fuzz: clang++ not found (scripts/setup.sh --ci installs it)" >&2
  exit 1
fi
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DPBRSIM_BUILD_FUZZERS=ON -DPBRSIM_BUILD_TESTS=OFF -DPBRSIM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_scenario fuzz_expression fuzz_values fuzz_uncertainty \
  fuzz_plan fuzz_sidecar fuzz_report_csv
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for target in scenario expression values uncertainty plan sidecar report_csv; do
  mkdir -p "$work/$target"
  cp tests/fuzz/corpus/"$target"/* "$work/$target/"
  echo "fuzz: $target for ${seconds}s"
  # -rss_limit_mb: memory must stay bounded on any input; -max_len covers real scenarios.
  build-fuzz/tests/fuzz/fuzz_"$target" "$work/$target" -max_total_time="$seconds" -runs="$runs" -seed="$seed" \
    -rss_limit_mb=2048 -max_len=65536 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/" 2>"$work/$target.log" || {
    tail -40 "$work/$target.log" >&2
    echo "fuzz: $target FAILED" >&2
    exit 1
  }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work/$target.log" |
    sed "s/^/fuzz: $target /"
done
