#!/usr/bin/env bash
# Linux boot benchmark: Debian's arm64 cloud kernel with the busybox initramfs (plus the
# vp-selftest program), booted to the shell prompt in vp and in qemu-system-aarch64 -M virt
# -cpu cortex-a57 on the same kernel, initramfs, core count and machine, one after the other.
# Prints, for each of vp's tiers (cpus.engine=interp, jit): wall seconds to the prompt, the
# selftest's run time, peak RSS beside QEMU's, the JIT's host-code bytes, and the vp/QEMU ratios.
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

# Peak RSS: each emulator runs under /usr/bin/time through a wrapper (QEMU's found first on PATH).
wrap() {  # wrap NAME BINARY: a script that runs BINARY and appends its peak RSS (KiB) to $tmp/NAME.rss
  printf '#!/bin/sh\nexec /usr/bin/time -a -o %s -f %%M %s "$@"\n' "$tmp/$1.rss" "$2" >"$tmp/$1"
  chmod +x "$tmp/$1"
}
wrap vp "$(realpath "$build/vp")"
mkdir -p "$tmp/bin"
wrap qemu "$(command -v qemu-system-aarch64)"
mv "$tmp/qemu" "$tmp/bin/qemu-system-aarch64"

for i in $(seq "$repeat"); do
  for engine in interp jit; do
    tools/guest/boot-guest.sh --fetch --vp "$tmp/vp" --smp "$smp" "${check[@]}" -- \
      -s cpus.engine=$engine --stats "$tmp/stats.$engine.json" >"$tmp/vp.log" 2>&1 ||
      { cat "$tmp/vp.log"; exit 1; }
    field prompt_seconds "$tmp/vp.log" >>"$tmp/vp.$engine.prompt"
    field check_seconds "$tmp/vp.log" >>"$tmp/vp.$engine.check"
    tail -1 "$tmp/vp.rss" >>"$tmp/vp.$engine.rss"
  done
  PATH=$tmp/bin:$PATH tools/guest/boot-guest.sh --fetch --smp "$smp" "${check[@]}" >"$tmp/qemu.log" 2>&1 ||
    { cat "$tmp/qemu.log"; exit 1; }
  field prompt_seconds "$tmp/qemu.log" >>"$tmp/qemu.prompt"
  field check_seconds "$tmp/qemu.log" >>"$tmp/qemu.check"
done
qemu_p=$(best <"$tmp/qemu.prompt"); qemu_c=$(best <"$tmp/qemu.check")
qemu_rss=$(sort -g "$tmp/qemu.rss" | tail -1)
printf 'guest               Debian %s, -smp %s, busybox initramfs + vp-selftest\n' "$(cat "${VP_GUEST_CACHE:-$HOME/.cache/vp/guest}/kernel.version" 2>/dev/null || echo '?')" "$smp"
for engine in interp jit; do
  vp_p=$(best <"$tmp/vp.$engine.prompt"); vp_c=$(best <"$tmp/vp.$engine.check")
  vp_rss=$(sort -g "$tmp/vp.$engine.rss" | tail -1)
  stats=$tmp/stats.$engine.json
  insns=$(grep -o '"instructions": [0-9]*' "$stats" | head -1 | tr -dc '0-9')
  wall=$(grep -m1 '"wall_seconds"' "$stats" | sed 's/[^0-9.]//g')
  code=$(grep -o '"host_code_bytes": [0-9]*' "$stats" | tr -dc '0-9\n' | paste -sd+ | bc)
  printf '[vp %s]\n' "$engine"
  printf 'boot to prompt      vp %.2f s   qemu %.2f s   vp/qemu %.2fx\n' "$vp_p" "$qemu_p" "$(echo "$vp_p / $qemu_p" | bc -l)"
  printf 'vp-selftest         vp %.2f s   qemu %.2f s   vp/qemu %.2fx\n' "$vp_c" "$qemu_c" "$(echo "$vp_c / $qemu_c" | bc -l)"
  printf 'peak RSS            vp %s MiB   qemu %s MiB\n' "$((vp_rss / 1024))" "$((qemu_rss / 1024))"
  [ "$engine" = jit ] && printf 'host code           %s KiB in the code buffers (all cores)\n' "$((code / 1024))"
  if [ -n "$insns" ] && [ -n "$wall" ]; then
    printf 'vp whole run        %s guest instructions (core 0) in %.2f s wall\n' "$insns" "$wall"
  fi
done
printf 'host                %s, %s cores\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')" "$(nproc)"
