#!/usr/bin/env bash
# CPU-bound bare-metal integer workload (tests/baremetal/int_bench.c: CRC-32, sieve, shell
# sort, FNV hashing) on vp and on qemu-system-aarch64 -M virt -cpu cortex-a57, same ELF,
# same machine, one run each (best of N with BENCH_REPEAT=N). Prints guest instructions,
# host seconds, MIPS and the vp/QEMU ratio.
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

for i in $(seq "$repeat"); do
  start=$(date +%s.%N)
  "$build"/vp platforms/virt.yaml -smp 1 -kernel "$elf" -serial "file:$tmp/vp.out" --stats "$tmp/stats.json" 2>>"$tmp/vp.err"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l >>"$tmp/vp.times"
done
insns=$(grep -m1 '"instructions"' "$tmp/stats.json" | tr -dc '0-9')
translations=$(grep -o '"translations": [0-9]*' "$tmp/stats.json" | tr -dc '0-9')

for i in $(seq "$repeat"); do
  start=$(date +%s.%N)
  qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1G -nographic -monitor none -nic none -kernel "$elf" </dev/null >"$tmp/qemu.out"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l >>"$tmp/qemu.times"
done

vp_s=$(best <"$tmp/vp.times")
qemu_s=$(best <"$tmp/qemu.times")
if ! cmp -s "$tmp/vp.out" "$tmp/qemu.out"; then
  echo "warning: vp and QEMU printed different results:"; cat "$tmp/vp.out" "$tmp/qemu.out"
fi
printf 'workload            %s\n' "$(cat "$tmp/vp.out")"
printf 'guest instructions  %s\n' "$insns"
printf 'vp translations     %s\n' "$translations"
printf 'vp                  %.3f s  %.1f MIPS (whole process, incl. start-up)\n' "$vp_s" "$(echo "$insns / $vp_s / 1000000" | bc -l)"
printf 'qemu                %.3f s  %.1f MIPS (same instruction count)\n' "$qemu_s" "$(echo "$insns / $qemu_s / 1000000" | bc -l)"
printf 'vp / qemu time      %.2fx\n' "$(echo "$vp_s / $qemu_s" | bc -l)"
printf 'host                %s, %s cores\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
