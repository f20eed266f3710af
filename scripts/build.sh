#!/usr/bin/env bash
# Installs missing dependencies, then configures and builds pbrsim (Release) in ./build.
# Usage: scripts/build.sh [extra cmake configure arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j "$(nproc)"
