#!/usr/bin/env bash
# Linux on virtio-net with user-mode networking, through real host sockets: Debian's kernel
# (tools/guest/boot-guest.sh) loads virtio_ring, virtio, virtio_mmio, failover, net_failover and
# virtio_net from its own package; busybox udhcpc configures eth0 from the backend's DHCP server
# (10.0.2.15, gateway 10.0.2.2, DNS 10.0.2.3); busybox wget fetches a file of random bytes from an
# HTTP server on the host's loopback through 10.0.2.2 and its SHA-256 must be the host's; then a
# guest TCP server (busybox nc -l) is reached by a host client through hostfwd on 127.0.0.1.
#
#   linux-net.sh --vp build/vp                   # -s devices.virtio1.model=virtio_net ...
#   linux-net.sh --vp build/vp --qemu-options    # vp with QEMU's -netdev user,... -device virtio-net-device
#   linux-net.sh --qemu                          # QEMU with the same options (the reference)
#
# Oracles: the guest (fetch-guest.sh), python3 (the host's HTTP server and client), QEMU for
# --qemu; a missing one fails, or skips (77) under VP_ALLOW_MISSING_ORACLES=1.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
boot_guest="$here/../../tools/guest/boot-guest.sh"
vp="" qemu=0 qemu_options=0 size_kib=4096
while [ $# -gt 0 ]; do
    case "$1" in
        --vp) vp="$2"; shift 2 ;;
        --qemu) qemu=1; shift ;;
        --qemu-options) qemu_options=1; shift ;;
        *) echo "linux-net: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
name=linux-net
. "$here/guest-modules.sh"
. "$here/net-guest.sh"
net_test_setup

# The host's side: a file of random bytes behind an HTTP server on a free loopback port.
mkdir -p "$work/www"
head -c $((size_kib * 1024)) /dev/urandom >"$work/www/blob"
sum=$(sha256sum "$work/www/blob" | cut -d' ' -f1)
http_server "$work/www"
fwd_port=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token="hostfwd-token-$RANDOM$RANDOM"

net_guest_extra "$work/extra"
hostfwd_extra "$work/extra" "$token"
cat >"$work/extra/bin/net-test" <<GUEST
#!/bin/sh
wget -q -O /tmp/blob http://10.0.2.2:$http_port/blob || { echo "net: wget failed"; exit 1; }
echo "net: sha256 \$(sha256sum /tmp/blob | cut -d' ' -f1)"
exec /bin/hostfwd-serve
GUEST
chmod +x "$work/extra/bin/net-test"
hostfwd_client "$fwd_port" "$work/got"

fwd="tcp:127.0.0.1:$fwd_port-:8080"
if [ "$qemu" -eq 1 ] || [ "$qemu_options" -eq 1 ]; then
    args=(-netdev "user,id=n0,hostfwd=$fwd" -device virtio-net-device,netdev=n0)
else
    args=(-s devices.virtio1.model=virtio_net -s "devices.virtio1.hostfwd=$fwd")
fi
if [ "$qemu" -eq 1 ]; then
    emu=(--timeout 200 -- "${args[@]}")
else
    [ -n "$vp" ] || fail "--vp VP or --qemu"
    emu=(--vp "$vp" --timeout 200 -- "${args[@]}")
fi
"$boot_guest" --smp 1 --extra "$work/extra" \
    --check /bin/net-up "net: lease 10.0.2.15 gw 10.0.2.2 dns 10.0.2.3" \
    --check /bin/net-test "net: sha256 $sum" \
    --check "" "net: served" "${emu[@]}"
wait "$client" || fail "the host client did not get the guest server's answer through hostfwd"
[ "$(cat "$work/got")" = "$token" ] || fail "through hostfwd the host read '$(cat "$work/got")', not '$token'"
echo "linux-net: PASS"
