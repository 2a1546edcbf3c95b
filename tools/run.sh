#!/usr/bin/env bash
# Builds vp and boots the default platform (platforms/virt.yaml). Extra arguments go to vp.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/build.sh
exec "${VP_BUILD_DIR:-build}"/vp platforms/virt.yaml "$@"
