#!/usr/bin/env bash
# Exception and interrupt storms (tests/baremetal/storm.c) against ordinary execution: each guest
# runs for BENCH_SIM of simulated time (default 200ms) on one core, best of BENCH_REPEAT runs
# (default 1); prints the events (exceptions and interrupts taken), events per wall second,
# instructions, and simulated time per wall time. VP_BINARY runs another vp on the same guests.
# A storm should keep up with ordinary code (the spin loop, the same clock): a ratio far below
# spin's means --timeout on a stuck guest takes much longer than on a busy one.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${VP_BUILD_DIR:-build}
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
  tools/build.sh --target vp_main guest_spin guest_storm1 guest_storm2 guest_storm3 guest_storm4 guest_storm5 >/dev/null
fi
sim=${BENCH_SIM:-200ms}
repeat=${BENCH_REPEAT:-1}
vp=${VP_BINARY:-$build/vp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

num() { grep -m1 "\"$1\"" "$tmp/stats.json" | sed -E "s/.*\"$1\": ([0-9.]+).*/\1/"; }

printf '%-28s %12s %10s %12s %14s %10s\n' guest events wall_s Mevents/s instructions sim/wall
for g in spin:ordinary storm1:svc storm2:udf-retried storm3:data-abort-retried storm4:irq-never-acked \
         storm5:svc-from-el0-mmu-on; do
  elf=${g%%:*}
  what=${g#*:}
  wall=
  for _ in $(seq "$repeat"); do
    start=$(date +%s.%N)
    "$vp" platforms/virt.yaml -smp 1 -kernel "$build/tests/baremetal/$elf.elf" -serial null \
      --timeout "$sim" --stats "$tmp/run.json" 2>/dev/null || true
    end=$(date +%s.%N)
    w=$(echo "$end - $start" | bc -l)
    if [[ -z $wall ]] || (($(echo "$w < $wall" | bc -l))); then
      wall=$w
      cp "$tmp/run.json" "$tmp/stats.json"
    fi
  done
  events=$(grep -m1 '"exceptions"' "$tmp/stats.json" | sed -E 's/.*"exceptions": ([0-9]+).*/\1/')
  insns=$(num instructions)
  ratio=$(num simulated_per_wall)
  printf '%-28s %12s %10.3f %12.2f %14s %10s\n' "$elf ($what)" "$events" "$wall" \
    "$(echo "$events / $wall / 1000000" | bc -l)" "$insns" "$ratio"
done
