#!/usr/bin/env bash
# Builds vp and runs the whole test suite under ctest. Pass ctest arguments to select,
# e.g. `tools/test.sh -L unit`.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/build.sh
ctest --test-dir "${VP_BUILD_DIR:-build}" --output-on-failure -j2 --timeout 600 "$@"
