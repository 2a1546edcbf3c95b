#!/usr/bin/env bash
# Configures and builds vp (RelWithDebInfo unless VP_BUILD_TYPE says otherwise) in
# ${VP_BUILD_DIR:-build}. Extra arguments go to cmake --build (e.g. target names).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
build=${VP_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${VP_BUILD_TYPE:-RelWithDebInfo}" >/dev/null
cmake --build "$build" -j2 "$@"
