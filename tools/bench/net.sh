#!/usr/bin/env bash
# Network benchmark: a 100 MiB download (busybox wget to /dev/null) from an HTTP server on the
# host's loopback into the guest, through user-mode networking (vp's virtio_net on libslirp, and
# qemu-system-aarch64 -netdev user -device virtio-net-device), on the same kernel, initramfs and
# -smp 1, one after the other. Prints the wall seconds of each download and the vp/QEMU ratio.
# Usage: tools/bench/net.sh [MIB]   (default 100; BENCH_REPEAT=N keeps the best of N runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
mib=${1:-100}
repeat=${BENCH_REPEAT:-1}
build=${VP_BUILD_DIR:-build}
tools/build.sh --target vp_main vp_mkinitramfs >/dev/null
export VP_MKINITRAMFS=$build/tools/guest/vp_mkinitramfs
here=$PWD/tests/virtio
name=net-bench
. "$here/guest-modules.sh"
. "$here/net-guest.sh"
py=$(command -v python3 || true)
[ -n "$py" ] || fail "python3 missing (Debian package python3)"
command -v qemu-system-aarch64 >/dev/null || fail "qemu-system-aarch64 missing (Debian package qemu-system-arm)"
guest_modules

net_work
mkdir -p "$work/www"
truncate -s "${mib}M" "$work/www/blob"  # a sparse file: the host reads no disk
http_server "$work/www"
net_guest_extra "$work/extra"
cat >"$work/extra/bin/net-get" <<GUEST
#!/bin/sh
wget -q -O /dev/null http://10.0.2.2:$http_port/blob && echo "net: got $mib MiB" || echo "net: wget failed"
GUEST
chmod +x "$work/extra/bin/net-get"
checks=(--extra "$work/extra" --check /bin/net-up "net: lease 10.0.2.15 gw 10.0.2.2 dns 10.0.2.3"
    --check /bin/net-get "net: got $mib MiB")
net_args=(-netdev user,id=n0 -device virtio-net-device,netdev=n0)

# The download's time: the second check's seconds (the shell line typed, wget, its answer).
download() { sed -n 's/.*check_seconds=\([0-9.]*\).*/\1/p' "$1" | tail -1; }
best() { sort -g | head -1; }
for i in $(seq "$repeat"); do
    tools/guest/boot-guest.sh --vp "$build/vp" --smp 1 --timeout 600 "${checks[@]}" -- "${net_args[@]}" \
        >"$work/vp.log" 2>&1 || { cat "$work/vp.log"; exit 1; }
    download "$work/vp.log" >>"$work/vp.s"
    tools/guest/boot-guest.sh --smp 1 --timeout 600 "${checks[@]}" -- "${net_args[@]}" \
        >"$work/qemu.log" 2>&1 || { cat "$work/qemu.log"; exit 1; }
    download "$work/qemu.log" >>"$work/qemu.s"
done
vp_s=$(best <"$work/vp.s")
qemu_s=$(best <"$work/qemu.s")
printf 'guest               Debian %s, -smp 1, busybox wget -O /dev/null of %s MiB from 10.0.2.2\n' \
    "$(cat "$cache/kernel.version" 2>/dev/null || echo '?')" "$mib"
printf 'download            vp %.2f s (%.1f MiB/s)   qemu %.2f s (%.1f MiB/s)   vp/qemu %.2fx\n' \
    "$vp_s" "$(echo "$mib / $vp_s" | bc -l)" "$qemu_s" "$(echo "$mib / $qemu_s" | bc -l)" \
    "$(echo "$vp_s / $qemu_s" | bc -l)"
