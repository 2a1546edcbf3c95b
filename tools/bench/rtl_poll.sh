#!/usr/bin/env bash
# A guest polling the APB timer (issue 17): tests/sweep/apb_timer_speed.c reads VALUE of the
# counting timer 200000 times on platforms/virt-apb-timer.yaml, with the C++ timer and with the
# RTL one in each clock_mode (exact, on_demand, batched). Prints the wall seconds and the reads per
# host second of each.
# Usage: tools/bench/rtl_poll.sh   (BENCH_REPEAT=N keeps the best of N runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${BENCH_REPEAT:-1}
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main guest_apb_timer_speed >/dev/null
elf=$build/tests/sweep/apb_timer_speed.elf
polls=200000
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
best() { sort -g | head -1; }
runs=(apb_timer rtl.apb_timer:on_demand rtl.apb_timer:batched rtl.apb_timer:exact)

for _ in $(seq "$repeat"); do
  for run in "${runs[@]}"; do
    args=(-s "devices.timer0.model=${run%%:*}")
    [[ $run == *:* ]] && args+=(-s "devices.timer0.clock_mode=${run#*:}")
    start=$(date +%s.%N)
    "$build/vp" -M virt-apb-timer -kernel "$elf" "${args[@]}" -serial "file:$tmp/serial" --timeout 600s \
      >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
    echo "$(date +%s.%N) - $start" | bc -l >>"$tmp/$run.seconds"
    grep -qx "apb_timer polled" "$tmp/serial" || { cat "$tmp/serial" "$tmp/log"; exit 1; }
  done
done
printf '%-36s %s reads of VALUE while the timer counts, virt-apb-timer.yaml\n' guest "$polls"
for run in "${runs[@]}"; do
  s=$(best <"$tmp/$run.seconds")
  printf '%-36s %6.2f s   %8.0f reads/s\n' "${run/:/ clock_mode=}" "$s" "$(echo "$polls / $s" | bc -l)"
done
