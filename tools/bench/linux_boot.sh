#!/usr/bin/env bash
# Linux boot benchmark: Debian's arm64 cloud kernel with the busybox initramfs (plus the
# vp-selftest program), booted to the shell prompt in vp and in qemu-system-aarch64 -M virt
# -cpu cortex-a57 on the same kernel, initramfs, core count and machine, one after the other.
# Prints wall seconds to the prompt, vp's guest instruction count and MIPS for the whole run,
# the selftest's run time, and the vp/QEMU ratios.
# Usage: tools/bench/linux_boot.sh [SMP]   (default 2; BENCH_REPEAT=N keeps the best of N runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
smp=${1:-2}
repeat=${BENCH_REPEAT:-1}
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main vp_selftest vp_mkinitramfs >/dev/null
export VP_MKINITRAMFS=$build/tools/guest/vp_mkinitramfs
extra=$build/tests/guest/selftest-root
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check=(--extra "$extra" --check /bin/vp-selftest "selftest: PASS")

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" "$2" | tail -1; }
best() { sort -g | head -1; }

for i in $(seq "$repeat"); do
  tools/guest/boot-guest.sh --fetch --vp "$build/vp" --smp "$smp" "${check[@]}" -- --stats "$tmp/stats.json" >"$tmp/vp.log" 2>&1 ||
    { cat "$tmp/vp.log"; exit 1; }
  field prompt_seconds "$tmp/vp.log" >>"$tmp/vp.prompt"
  field check_seconds "$tmp/vp.log" >>"$tmp/vp.check"
  tools/guest/boot-guest.sh --fetch --smp "$smp" "${check[@]}" >"$tmp/qemu.log" 2>&1 || { cat "$tmp/qemu.log"; exit 1; }
  field prompt_seconds "$tmp/qemu.log" >>"$tmp/qemu.prompt"
  field check_seconds "$tmp/qemu.log" >>"$tmp/qemu.check"
done
vp_p=$(best <"$tmp/vp.prompt"); qemu_p=$(best <"$tmp/qemu.prompt")
vp_c=$(best <"$tmp/vp.check"); qemu_c=$(best <"$tmp/qemu.check")
insns=$(grep -m1 '"instructions"' "$tmp/stats.json" | tr -dc '0-9')
wall=$(grep -m1 '"wall_seconds"' "$tmp/stats.json" | sed 's/[^0-9.]//g')
printf 'guest               Debian %s, -smp %s, busybox initramfs + vp-selftest\n' "$(cat "${VP_GUEST_CACHE:-$HOME/.cache/vp/guest}/kernel.version" 2>/dev/null || echo '?')" "$smp"
printf 'boot to prompt      vp %.2f s   qemu %.2f s   vp/qemu %.2fx\n' "$vp_p" "$qemu_p" "$(echo "$vp_p / $qemu_p" | bc -l)"
printf 'vp-selftest         vp %.2f s   qemu %.2f s   vp/qemu %.2fx\n' "$vp_c" "$qemu_c" "$(echo "$vp_c / $qemu_c" | bc -l)"
if [ -n "$insns" ] && [ -n "$wall" ]; then
  printf 'vp whole run        %s guest instructions in %.2f s wall (%.0f MIPS)\n' "$insns" "$wall" "$(echo "$insns / $wall / 1000000" | bc -l)"
fi
printf 'host                %s, %s cores\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
