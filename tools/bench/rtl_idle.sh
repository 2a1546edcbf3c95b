#!/usr/bin/env bash
# Idle RTL benchmark (issue 17): Debian's arm64 kernel with the busybox initramfs booted to the
# prompt and through boot-guest.sh's checks on platforms/virt-apb-timer.yaml with the C++ timer
# (`apb_timer`) and with the Verilated one (`rtl.apb_timer`, which Linux never touches) in each
# clock_mode. Prints the wall seconds of each and the RTL/C++ ratios (the issue's target for the
# idle RTL: <= 1.1x).
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
runs=(apb_timer rtl.apb_timer:on_demand rtl.apb_timer:batched rtl.apb_timer:exact)

for _ in $(seq "$repeat"); do
  for run in "${runs[@]}"; do
    args=(-s "devices.timer0.model=${run%%:*}")
    [[ $run == *:* ]] && args+=(-s "devices.timer0.clock_mode=${run#*:}")
    start=$(date +%s.%N)
    tools/guest/boot-guest.sh --fetch --vp "$build/vp" --smp "$smp" -- -M virt-apb-timer "${args[@]}" \
      >"$tmp/$run.log" 2>&1 || { cat "$tmp/$run.log"; exit 1; }
    echo "$(date +%s.%N) - $start" | bc -l >>"$tmp/$run.seconds"
  done
done
cpp=$(best <"$tmp/apb_timer.seconds")
printf '%-36s Debian arm64 kernel, busybox initramfs, -smp %s, virt-apb-timer.yaml\n' guest "$smp"
printf '%-36s %6.2f s (boot, checks, poweroff)\n' apb_timer "$cpp"
for run in "${runs[@]:1}"; do
  s=$(best <"$tmp/$run.seconds")
  printf '%-36s %6.2f s   %.2fx apb_timer\n' "${run/:/ clock_mode=}" "$s" "$(echo "$s / $cpp" | bc -l)"
done
printf '%-36s rtl.apb_timer idle <= 1.1x apb_timer\n' target
