#!/usr/bin/env bash
# Configures and builds vp in build/ (RelWithDebInfo). Extra arguments go to cmake --build.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${VP_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build build -j2 "$@"
