#!/usr/bin/env bash
# The long brute-force check of the best response on coupled contracts: N generated scenarios
# (default 250) of up to G groups (default 5) and 3 behaviours, each with a cohort threshold,
# graded payment, deadweight baseline, contract cap, capacity limit or none, some under open
# access. Passes when the best response's margin is at least the brute-force optimum within 4
# paired standard errors on every scenario (tests/unit/strategy/test_coupled_search.cpp).
#
# Usage: benchmarks/best_response_brute_force.sh [N] [G]   (needs a build: scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
PBR_BRUTE_FORCE_SCENARIOS=${1:-250} PBR_BRUTE_FORCE_MAX_GROUPS=${2:-5} \
  build/tests/test_strategy "[.long]" --success --reporter compact | tail -3
