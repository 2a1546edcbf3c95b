#!/usr/bin/env bash
# CPU-bound bare-metal integer workload (tests/baremetal/int_bench.c: CRC-32, sieve, shell
# sort, FNV hashing) on vp and on qemu-system-aarch64 -M virt -cpu cortex-a57, same ELF,
# same machine, one run each (best of N with BENCH_REPEAT=N). Prints guest instructions,
# host seconds, MIPS and the vp/QEMU ratio, for both of vp's tiers (cpus.engine=interp, jit).
#   tools/bench/int_bench.sh [PROGRAM]   PROGRAM: int_bench (default), or int_bench_mixed, the same
#                                        work with its sorted array in its code's pages
set -euo pipefail
cd "$(dirname "$0")/../.."
program=${1:-int_bench}
case "$program" in int_bench | int_bench_mixed) ;; *) echo "int_bench.sh: unknown program '$program'" >&2; exit 1 ;; esac
tools/build.sh --target vp_main "guest_$program" >/dev/null
build=${VP_BUILD_DIR:-build}
elf=$build/tests/baremetal/$program.elf
repeat=${BENCH_REPEAT:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

best() { sort -g | head -1; }

for engine in interp jit; do
  for i in $(seq "$repeat"); do
    start=$(date +%s.%N)
    "$build"/vp platforms/virt.yaml -smp 1 -kernel "$elf" -serial "file:$tmp/vp.$engine.out" -s cpus.engine=$engine \
      --stats "$tmp/stats.$engine.json" 2>>"$tmp/vp.err"
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l >>"$tmp/vp.$engine.times"
  done
done
cp "$tmp/vp.interp.out" "$tmp/vp.out"
insns=$(grep -m1 '"instructions"' "$tmp/stats.interp.json" | tr -dc '0-9')
translations=$(grep -o '"translations": [0-9]*' "$tmp/stats.interp.json" | tr -dc '0-9')
host_blocks=$(grep -o '"host_blocks": [0-9]*' "$tmp/stats.jit.json" | tr -dc '0-9')

for i in $(seq "$repeat"); do
  start=$(date +%s.%N)
  qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1G -nographic -monitor none -nic none -kernel "$elf" </dev/null >"$tmp/qemu.out"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l >>"$tmp/qemu.times"
done

interp_s=$(best <"$tmp/vp.interp.times")
jit_s=$(best <"$tmp/vp.jit.times")
qemu_s=$(best <"$tmp/qemu.times")
for engine in interp jit; do
  if ! cmp -s "$tmp/vp.$engine.out" "$tmp/qemu.out"; then
    echo "warning: vp ($engine) and QEMU printed different results:"; cat "$tmp/vp.$engine.out" "$tmp/qemu.out"
  fi
done
mips() { echo "$insns / $1 / 1000000" | bc -l; }
printf 'workload            %s\n' "$(cat "$tmp/vp.out")"
printf 'guest instructions  %s\n' "$insns"
printf 'vp translations     %s (jit: %s blocks as host code)\n' "$translations" "$host_blocks"
printf 'vp interp           %.3f s  %.1f MIPS (whole process, incl. start-up)\n' "$interp_s" "$(mips "$interp_s")"
printf 'vp jit              %.3f s  %.1f MIPS\n' "$jit_s" "$(mips "$jit_s")"
printf 'qemu                %.3f s  %.1f MIPS (same instruction count)\n' "$qemu_s" "$(mips "$qemu_s")"
printf 'vp / qemu time      interp %.2fx, jit %.2fx\n' "$(echo "$interp_s / $qemu_s" | bc -l)" "$(echo "$jit_s / $qemu_s" | bc -l)"
printf 'host                %s, %s cores\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
