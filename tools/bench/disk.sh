#!/usr/bin/env bash
# Disk benchmark: the busybox guest on its root disk (tools/guest/make-disk.sh) with a second, blank
# 300 MiB raw disk /dev/vdb, in vp and in qemu-system-aarch64 -M virt -cpu cortex-a57 (the same
# kernel, initramfs, images, -smp and -m, one after the other, both on virtio-mmio: -drive if=none
# + -device virtio-blk-device). In the guest: a sequential write of 256 MiB with dd (bs=1M,
# conv=fsync: through the page cache, then synced to the host file), the page cache dropped, then
# a sequential read of the 256 MiB. Times are wall seconds on the host between the guest's marker
# lines, so they include vp's simulation of the guest's block layer and the host's file I/O.
# Usage: tools/bench/disk.sh [SMP]   (default 2; BENCH_REPEAT=N keeps the best of N runs of each)
# vp's tier: VP_ENGINE=interp|jit (default: the topology's).
set -euo pipefail
cd "$(dirname "$0")/../.."
smp=${1:-2}
repeat=${BENCH_REPEAT:-1}
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main vp_mkinitramfs >/dev/null
export VP_MKINITRAMFS=$build/tools/guest/vp_mkinitramfs
tmp=$(mktemp -d)
pid=""
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
tools/guest/make-disk.sh --out "$tmp" --size 64M >"$tmp/env" 2>"$tmp/make.log" || { cat "$tmp/make.log"; exit 1; }
. "$tmp/env"
engine=()
[ -z "${VP_ENGINE:-}" ] || engine=(-s "cpus.engine=$VP_ENGINE")

run() {  # run NAME: boots, runs the dd pair, prints "WRITE READ" seconds
  local cmd
  truncate -s 0 "$tmp/data.img" && truncate -s 300M "$tmp/data.img"
  local disks=(-drive "file=$ROOT_IMAGE,format=raw,if=none,id=root" -device virtio-blk-device,drive=root
    -drive "file=$tmp/data.img,format=raw,if=none,id=data" -device virtio-blk-device,drive=data)
  if [ "$1" = qemu ]; then
    cmd=(qemu-system-aarch64 -M virt -cpu cortex-a57 -nographic -no-reboot -nic none)
  else
    cmd=("$build/vp" "${engine[@]}")
  fi
  cmd+=(-smp "$smp" -m 1G -kernel "$KERNEL" -initrd "$DISK_INITRD"
    -append "console=ttyAMA0 root=LABEL=vproot panic=-1" "${disks[@]}")
  rm -f "$tmp/in"; mkfifo "$tmp/in"; exec 3<>"$tmp/in"
  : >"$tmp/log"
  # Each console line with the host time it arrived; $! is the emulator itself, so the trap stops it.
  "${cmd[@]}" <&3 > >(while IFS= read -r line; do
    printf '%s %s\n' "$(date +%s.%N)" "${line%$'\r'}"
  done >"$tmp/log") 2>&1 &
  pid=$!
  local deadline=$(($(date +%s) + 600))
  # The shell's banner (its prompt has no newline): ash flushes input typed before it starts.
  until grep -q "Enter 'help' for a list" "$tmp/log"; do
    [ "$(date +%s)" -lt "$deadline" ] || { tail "$tmp/log"; echo "disk.sh: no prompt in $1" >&2; exit 1; }
    sleep 0.1
  done
  sleep 1
  # The data disk is the one that is not the root (QEMU names the last -device vda).
  printf '%s\n' "data=/dev/vda; [ \$(findfs LABEL=vproot) != /dev/vda ] || data=/dev/vdb" \
    "echo M''0; dd if=/dev/zero of=\$data bs=1M count=256 conv=fsync; echo M''1" \
    "echo 3 >/proc/sys/vm/drop_caches; echo M''2; dd if=\$data of=/dev/null bs=1M count=256; echo M''3" \
    "poweroff -f" >&3
  until grep -q ' M3$' "$tmp/log"; do
    [ "$(date +%s)" -lt "$deadline" ] || { tail "$tmp/log"; echo "disk.sh: dd did not finish in $1" >&2; exit 1; }
    sleep 0.1
  done
  wait "$pid" || true
  pid=""
  exec 3>&-
  [ "$(grep -c " 256+0 records out$" "$tmp/log")" = 2 ] || { cat "$tmp/log" >&2; echo "disk.sh: dd did not copy 256 MiB in $1" >&2; exit 1; }
  awk '$2 ~ /^M[0-3]$/ { t[$2] = $1 } END { printf "%.2f %.2f\n", t["M1"] - t["M0"], t["M3"] - t["M2"] }' "$tmp/log"
}

for i in $(seq "$repeat"); do
  for emu in vp qemu; do run "$emu" >>"$tmp/$emu.times"; done
done
best() { sort -g | head -1; }
vw=$(cut -d' ' -f1 "$tmp/vp.times" | best) vr=$(cut -d' ' -f2 "$tmp/vp.times" | best)
qw=$(cut -d' ' -f1 "$tmp/qemu.times" | best) qr=$(cut -d' ' -f2 "$tmp/qemu.times" | best)
echo "disk benchmark, -smp $smp -m 1G, 256 MiB sequential dd bs=1M, best of $repeat (wall s):"
printf '  %-28s %8s %8s %8s\n' "" vp QEMU vp/QEMU
awk -v a="$vw" -v b="$qw" 'BEGIN { printf "  %-28s %8.2f %8.2f %8.2f\n", "write (conv=fsync)", a, b, a / b }'
awk -v a="$vr" -v b="$qr" 'BEGIN { printf "  %-28s %8.2f %8.2f %8.2f\n", "read (page cache dropped)", a, b, a / b }'
