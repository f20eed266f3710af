#!/usr/bin/env bash
# Builds the whole test suite with AddressSanitizer and UndefinedBehaviorSanitizer in
# build-asan/ and runs it: any report (a leak, an overflow, undefined behaviour) fails a test.
# Usage: scripts/sanitize.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPBRSIM_SANITIZE=address,undefined \
  -DPBRSIM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan -j "$(nproc)"
# detect_leaks: the engine frees what it allocates; abort_on_error makes a report fail the test.
# -LE slurm: the Slurm test brings up a cluster to run pbrsim's job scripts; the main suite
# runs it, and the sweep and merge code it drives is covered here by the sweep tests.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -LE slurm
