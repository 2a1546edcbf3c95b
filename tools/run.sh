#!/usr/bin/env bash
# Builds vp and starts the default platform (platforms/virt.yaml). Extra arguments go to vp.
# Without -kernel it runs the bare-metal demo program (tests/baremetal/hello.c) on it; Linux
# boot (tools/guest/fetch-guest.sh) becomes the default once the CPU runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main guest_hello
args=("$@")
has_kernel=0
for a in "$@"; do
  case "$a" in -kernel|--kernel) has_kernel=1 ;; esac
done
[ "$has_kernel" = 1 ] || args+=(-kernel "$build/tests/baremetal/hello.elf")
exec "$build"/vp platforms/virt.yaml "${args[@]}"
