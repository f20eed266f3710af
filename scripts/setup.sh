#!/usr/bin/env bash
# Installs pbrsim's build dependencies from Debian packages. Idempotent: when every package is
# already present it only runs dpkg-query and returns in well under a second.
# libjs-chart.js is inlined into the HTML reports at build time; chromium runs the browser
# tests of the reports (tests/browser/run.py).
# Usage: scripts/setup.sh [--ci]   (--ci adds what CI's extra checks need: clang and its
#                                   libFuzzer / sanitizer runtimes for tests/fuzz/run.sh, and
#                                   slurm-wlm, munge and jq for the Slurm test tests/slurm/run.sh)
set -euo pipefail

packages=(g++ cmake make libeigen3-dev libboost-program-options-dev nlohmann-json3-dev catch2
          libtbb-dev librandom123-dev libjs-chart.js chromium)
if [ "${1:-}" = "--ci" ]; then
  packages+=(clang libclang-rt-14-dev slurm-wlm munge jq)
fi
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
