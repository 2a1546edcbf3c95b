#!/usr/bin/env bash
# Idle RTL benchmark (issue 17): Debian's arm64 kernel with the busybox initramfs booted to the
# prompt and through boot-guest.sh's checks on platforms/virt-apb-timer.yaml, once with the C++
# timer (`apb_timer`) and once with the Verilated one (`rtl.apb_timer`), which Linux never
# touches. Prints the wall seconds of each and their ratio (the issue's target: <= 1.1x).
# Usage: tools/bench/rtl_idle.sh [SMP]   (default 2; BENCH_REPEAT=N keeps the best of N runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
smp=${1:-2}
repeat=${BENCH_REPEAT:-1}
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main vp_mkinitramfs >/dev/null
export VP_MKINITRAMFS=$build/tools/guest/vp_mkinitramfs
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
best() { sort -g | head -1; }

for _ in $(seq "$repeat"); do
  for model in apb_timer rtl.apb_timer; do
    start=$(date +%s.%N)
    tools/guest/boot-guest.sh --fetch --vp "$build/vp" --smp "$smp" -- \
      -M virt-apb-timer -s devices.timer0.model=$model >"$tmp/$model.log" 2>&1 ||
      { cat "$tmp/$model.log"; exit 1; }
    echo "$(date +%s.%N) - $start" | bc -l >>"$tmp/$model.seconds"
  done
done
cpp=$(best <"$tmp/apb_timer.seconds")
rtl=$(best <"$tmp/rtl.apb_timer.seconds")
printf 'guest             Debian arm64 kernel, busybox initramfs, -smp %s, platforms/virt-apb-timer.yaml\n' "$smp"
printf 'apb_timer         %.2f s (boot, checks, poweroff)\n' "$cpp"
printf 'rtl.apb_timer     %.2f s   rtl/cpp %.2fx (target <= 1.1x)\n' "$rtl" "$(echo "$rtl / $cpp" | bc -l)"
