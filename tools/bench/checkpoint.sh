#!/usr/bin/env bash
# Checkpoint benchmark (docs/ARCHITECTURE.md, Checkpoints): Debian's arm64 kernel with the busybox
# initramfs on a 2-core vp with -m 1G, saved at the shell prompt (2 s simulated) and restored.
# Prints the save's host seconds (vp's own figure: capture and write), the file's size, the
# restore's host seconds (vp's own: reading, checking and loading, up to the machine running), the
# wall seconds from starting `vp --restore` to the shell answering `echo $((6*7))`, and beside them
# a full boot's wall seconds to the prompt in vp and in qemu-system-aarch64 (tools/guest/boot-guest.sh).
# Usage: tools/bench/checkpoint.sh   (BENCH_REPEAT=N keeps the best of N runs of each figure)
set -euo pipefail
cd "$(dirname "$0")/../.."
repeat=${BENCH_REPEAT:-1}
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main vp_mkinitramfs >/dev/null
export VP_MKINITRAMFS=$build/tools/guest/vp_mkinitramfs
tools/guest/fetch-guest.sh >/dev/null 2>&1
. "${VP_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vp/guest}/guest.env"
vp=$(realpath "$build/vp")
tmp=$(mktemp -d)
pid=""
cleanup() {
    exec 3>&- 2>/dev/null || true
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
machine=(-smp 2 -m 1G -kernel "$KERNEL" -initrd "$INITRD")
best() { sort -g | head -1; }
now() { date +%s.%N; }
seconds_in() { sed -n "s/.*$1.* in \([0-9.e-]*\) s.*/\1/p" "$2" | tail -1; }

for i in $(seq "$repeat"); do
    "$vp" "${machine[@]}" --checkpoint-at 2s "$tmp/prompt.vpck" --checkpoint-stop -serial null \
        </dev/null 2>"$tmp/save.err" || { cat "$tmp/save.err"; exit 1; }
    seconds_in "checkpoint saved" "$tmp/save.err" >>"$tmp/save"
    mkfifo "$tmp/in"
    exec 3<>"$tmp/in"
    : >"$tmp/rest.txt"
    start=$(now)
    "$vp" "${machine[@]}" --restore "$tmp/prompt.vpck" <&3 >"$tmp/rest.txt" 2>"$tmp/rest.err" &
    pid=$!
    printf 'echo $((6*7))\n' >&3
    until tr -d '\r' <"$tmp/rest.txt" | grep -qx 42; do
        kill -0 "$pid" 2>/dev/null || { cat "$tmp/rest.err"; exit 1; }
        sleep 0.01
    done
    awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.2f\n", b - a }' >>"$tmp/answer"
    printf 'poweroff -f\n' >&3
    wait "$pid"
    pid=""
    exec 3>&-
    rm -f "$tmp/in"
    seconds_in "restored" "$tmp/rest.err" >>"$tmp/restore"
    tools/guest/boot-guest.sh --vp "$vp" --smp 2 --mem 1G >"$tmp/boot.log" 2>&1 || { cat "$tmp/boot.log"; exit 1; }
    sed -n 's/.*prompt_seconds=\([0-9.]*\).*/\1/p' "$tmp/boot.log" >>"$tmp/boot"
    if command -v qemu-system-aarch64 >/dev/null; then
        tools/guest/boot-guest.sh --smp 2 --mem 1G >"$tmp/qemu.log" 2>&1 || { cat "$tmp/qemu.log"; exit 1; }
        sed -n 's/.*prompt_seconds=\([0-9.]*\).*/\1/p' "$tmp/qemu.log" >>"$tmp/qemu"
    fi
done

size=$(stat -c %s "$tmp/prompt.vpck")
printf 'checkpoint of a 2-core Linux guest at the prompt, -m 1G (best of %s):\n' "$repeat"
printf '  save                       %8.3f s  (capture and write)\n' "$(best <"$tmp/save")"
printf '  file                       %8.1f MiB (%s bytes)\n' "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$size"
printf '  restore                    %8.3f s  (read, check, load: the machine runs)\n' "$(best <"$tmp/restore")"
printf '  --restore to 42 answered   %8.2f s  (wall, from starting vp)\n' "$(best <"$tmp/answer")"
printf '  full boot to the prompt    %8.2f s  (vp, wall)\n' "$(best <"$tmp/boot")"
[ -s "$tmp/qemu" ] && printf '  QEMU boot to the prompt    %8.2f s  (qemu-system-aarch64, wall)\n' "$(best <"$tmp/qemu")"
exit 0
